import {
  MonitoredStorageClient as NewMonitoredStorageClient,
  type StorageClient,
  type StorageOperationEvent,
} from "@atomiton/storage";
import { EventClient as NewEventClient } from "@atomiton/events";
import { installBufferApi } from "./_buffer_api.ts";
import { deprecated, quietly } from "./_deprecation.ts";
import type { IStorageClient } from "./base_storage_client.ts";

/**
 * One monitored operation, as the old wrapper reported it.
 *
 * @deprecated Use `StorageOperationEvent` from `@atomiton/storage`.
 *
 * @example
 * ```ts
 * import { MemoryClient, MonitoredStorageClient, type StorageEvent } from "@atomiton/core";
 *
 * const seen: StorageEvent[] = [];
 * new MonitoredStorageClient(new MemoryClient()).on("operation", (event) => seen.push(event));
 * ```
 */
export interface StorageEvent {
  /** What was done. */
  operation: "read" | "write" | "delete" | "clear";
  /** To which key. */
  key?: string;
  /** Bytes read or written. */
  size?: number;
  /** Whether it worked. */
  success: boolean;
  /** Milliseconds it took. */
  duration: number;
  /** Why it failed. */
  error?: Error;
}

// The new operations the old wrapper reported, by their old names.
const OLD_NAMES = new Map<string, StorageEvent["operation"]>([
  ["storage:get", "read"],
  ["storage:set", "write"],
  ["storage:delete", "delete"],
  ["storage:clear", "clear"],
]);

/**
 * The old monitoring wrapper: `on("operation", listener)` gets each read,
 * write, delete and clear; on the new `MonitoredStorageClient`.
 *
 * @deprecated Use `new MonitoredStorageClient(client, { events })` from `@atomiton/storage`.
 *
 * @example
 * ```ts
 * import { MemoryClient, MonitoredStorageClient } from "@atomiton/core";
 * import assert from "node:assert/strict";
 *
 * const client = new MonitoredStorageClient(new MemoryClient());
 * const seen: string[] = [];
 * client.on("operation", (event) => seen.push(`${event.operation} ${event.key}`));
 * await client.write("a", new Uint8Array([1]));
 * assert.deepEqual(seen, ["write a"]);
 * ```
 */
export class MonitoredStorageClient extends NewMonitoredStorageClient {
  readonly #events: NewEventClient;
  readonly #listeners = new Map<unknown, () => void>();

  /**
   * Wraps `client`.
   *
   * @param client A client of `@atomiton/core` or `@atomiton/storage`.
   */
  constructor(client: StorageClient) {
    deprecated("MonitoredStorageClient", "MonitoredStorageClient from @atomiton/storage");
    const events = new NewEventClient({ maxListeners: 0 });
    super(client, { events });
    this.#events = events;
  }

  /**
   * Listens to the old `"operation"` events.
   *
   * @param event `"operation"`.
   * @param listener Gets each operation.
   */
  on(
    event: "operation" | (string & Record<never, never>),
    listener: (data: StorageEvent) => void,
  ): void {
    if (event !== "operation" || this.#listeners.has(listener)) return;
    const off = this.#events.on("storage:*", (data, type) => {
      const operation = OLD_NAMES.get(type);
      if (operation !== undefined) listener(oldEvent(operation, data as StorageOperationEvent));
    });
    this.#listeners.set(listener, off);
  }

  /**
   * Stops a listener.
   *
   * @param _event `"operation"`.
   * @param listener The listener given to `on`.
   */
  off(_event: string, listener: (data: StorageEvent) => void): void {
    this.#listeners.get(listener)?.();
    this.#listeners.delete(listener);
  }
}

function oldEvent(
  operation: StorageEvent["operation"],
  event: StorageOperationEvent,
): StorageEvent {
  const old: StorageEvent = { operation, success: event.success, duration: event.duration };
  if (event.key !== undefined) old.key = event.key;
  if (operation === "write" && event.success) old.size = event.size;
  if (event.error !== undefined) old.error = event.error as Error;
  return old;
}

/** The old buffer methods, added below. */
export interface MonitoredStorageClient extends Omit<IStorageClient, "delete" | "clear"> {}
installBufferApi(MonitoredStorageClient);

/**
 * Wraps a client with monitoring.
 *
 * @deprecated Use `new MonitoredStorageClient(client)` from `@atomiton/storage`.
 * @param client The client to watch.
 * @returns The monitored client.
 *
 * @example
 * ```ts
 * import { MemoryClient, withMonitoring } from "@atomiton/core";
 *
 * const storage = withMonitoring(new MemoryClient());
 * storage.on("operation", (event) => console.log(event.operation, event.duration));
 * ```
 */
export function withMonitoring(client: StorageClient): MonitoredStorageClient {
  deprecated("withMonitoring", "new MonitoredStorageClient(client) from @atomiton/storage");
  return quietly(() => new MonitoredStorageClient(client));
}
