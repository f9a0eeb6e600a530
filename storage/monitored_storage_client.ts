import type { EventClient } from "@atomiton/events";
import { Histogram, type HistogramOptions, now } from "@atomiton/platform/metrics";
import { isBytes } from "./_codec.ts";
import { utf8Length } from "./_keys.ts";
import type { SetOptions, StorageClient, StorageStat, StorageValue } from "./storage_client.ts";

/** The operations a {@linkcode MonitoredStorageClient} measures, one per method. */
export type StorageOperation =
  | "get"
  | "set"
  | "has"
  | "delete"
  | "keys"
  | "entries"
  | "clear"
  | "getMany"
  | "setMany"
  | "deleteMany"
  | "stat";

/** What a {@linkcode MonitoredStorageClient} emits after every operation. */
export interface StorageOperationEvent {
  /** The method called. */
  readonly operation: StorageOperation;
  /** The key, for `get`, `set`, `has`, `delete` and `stat`. */
  readonly key?: string;
  /** The keys, for `getMany`, `setMany` and `deleteMany`. */
  readonly keys?: readonly string[];
  /** The prefix, for `keys`, `entries` and `clear` (`""` for every key). */
  readonly prefix?: string;
  /** Keys listed by `keys` and `entries`; keys removed by `delete` and `deleteMany`. */
  readonly count?: number;
  /** Bytes of the values read or written (UTF-8 JSON or the byte length); 0 for none. */
  readonly size: number;
  /** How long the operation took, in milliseconds. */
  readonly duration: number;
  /** Whether it succeeded. */
  readonly success: boolean;
  /** What it failed with, when it failed. */
  readonly error?: unknown;
}

/** The event map of a {@linkcode MonitoredStorageClient}: `"storage:get"`, `"storage:set"`, ... */
export type StorageEvents = {
  readonly [K in StorageOperation as `storage:${K}`]: StorageOperationEvent;
};

/** Options for {@linkcode MonitoredStorageClient}. */
export interface MonitoredStorageClientOptions {
  /**
   * Where to emit a `storage:<operation>` event after every operation: an
   * `EventClient` whose event map includes {@linkcode StorageEvents}. Without
   * it, only the histograms are fed.
   */
  readonly events?: Pick<EventClient<StorageEvents>, "emit"> | undefined;
  /** Options for each operation's latency histogram. */
  readonly histogram?: HistogramOptions | undefined;
}

const OPERATIONS: readonly StorageOperation[] = [
  "get",
  "set",
  "has",
  "delete",
  "keys",
  "entries",
  "clear",
  "getMany",
  "setMany",
  "deleteMany",
  "stat",
];

function sizeOf(value: StorageValue | undefined): number {
  if (value === undefined) return 0;
  return isBytes(value) ? value.byteLength : utf8Length(JSON.stringify(value));
}

type Details = Omit<StorageOperationEvent, "operation" | "duration" | "success" | "error">;

/**
 * Wraps any {@linkcode StorageClient} and measures every operation, batches and
 * listing included: it emits `{ operation, key(s), size, duration, success,
 * error }` as a `storage:<operation>` event on an `EventClient`, and records
 * the latency in a `Histogram` per operation. Closing it closes the client it wraps.
 *
 * @example Watch the slow operations
 * ```ts
 * import { EventClient } from "@atomiton/events";
 * import { MemoryClient, MonitoredStorageClient, type StorageEvents } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * const events = new EventClient<StorageEvents>();
 * const seen: string[] = [];
 * events.on("storage:*", (event, type) => seen.push(`${type} ${event.key ?? ""} ${event.size}`));
 *
 * await using storage = new MonitoredStorageClient(new MemoryClient(), { events });
 * await storage.set("user:1", { name: "Ada" });
 * await storage.get("user:1");
 * assert.deepEqual(seen, ["storage:set user:1 14", "storage:get user:1 14"]);
 * assert.equal(storage.histograms.get.count, 1);
 * console.log(storage.histograms.get.p99); // milliseconds
 * ```
 */
export class MonitoredStorageClient implements StorageClient {
  /** The latency histogram of each operation, in milliseconds. */
  readonly histograms: Readonly<Record<StorageOperation, Histogram>>;
  readonly #inner: StorageClient;
  readonly #events: Pick<EventClient<StorageEvents>, "emit"> | undefined;

  /**
   * Wraps a client.
   *
   * @param client The client to measure; closing the wrapper closes it.
   * @param options Where to emit events, and the histograms' accuracy.
   */
  constructor(client: StorageClient, options: MonitoredStorageClientOptions = {}) {
    this.#inner = client;
    this.#events = options.events;
    const histograms = {} as Record<StorageOperation, Histogram>;
    for (const operation of OPERATIONS) histograms[operation] = new Histogram(options.histogram);
    this.histograms = histograms;
  }

  #emit(
    operation: StorageOperation,
    start: number,
    details: Details,
    failure?: { error: unknown },
  ): void {
    const duration = now() - start;
    this.histograms[operation].record(duration);
    this.#events?.emit(`storage:${operation}`, {
      operation,
      ...details,
      duration,
      success: !failure,
      ...failure,
    });
  }

  // Calls the wrapped client, timed. The event's key(s) or prefix come from the
  // arguments; its size (bytes of the values read or written) and count from the result.
  async #call<T>(operation: Exclude<StorageOperation, "entries">, args: unknown[]): Promise<T> {
    const start = now();
    const [first, second] = args;
    const batch = Array.isArray(first);
    const keys = operation === "setMany" && batch
      ? first.map((entry) => (entry as unknown[])?.[0])
      : first;
    const details: Details = operation === "keys" || operation === "clear"
      ? { prefix: (first as string | undefined) ?? "", size: 0 }
      : batch
      ? { keys: keys as string[], size: 0 }
      : { key: first as string, size: 0 };
    let result: unknown;
    try {
      result = await (this.#inner[operation] as (...args: unknown[]) => Promise<unknown>)
        .apply(this.#inner, args);
    } catch (error) {
      this.#emit(operation, start, details, { error });
      throw error;
    }
    const values = operation === "get"
      ? [result]
      : operation === "set"
      ? [second]
      : operation === "getMany"
      ? result as unknown[]
      : operation === "setMany"
      ? (first as unknown[][]).map((entry) => entry[1])
      : [];
    let size = 0;
    for (const value of values) size += sizeOf(value as StorageValue | undefined);
    const count = operation === "keys"
      ? (result as string[]).length
      : operation === "delete"
      ? +(result as boolean)
      : operation === "deleteMany"
      ? result as number
      : undefined;
    this.#emit(
      operation,
      start,
      count === undefined ? { ...details, size } : { ...details, size, count },
    );
    return result as T;
  }

  /**
   * Reads a value, measured.
   *
   * @typeParam T The type you expect; not checked.
   * @param key The key.
   * @returns The wrapped client's answer.
   *
   * @example Count reads
   * ```ts
   * import { MemoryClient, MonitoredStorageClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MonitoredStorageClient(new MemoryClient());
   * await storage.get("a");
   * assert.equal(storage.histograms.get.count, 1);
   * ```
   */
  get<T = StorageValue>(key: string): Promise<T | undefined> {
    return this.#call("get", [key]);
  }

  /**
   * Writes a value, measured.
   *
   * @param key The key.
   * @param value The value.
   * @param options `ttl` in milliseconds.
   * @returns The wrapped client's answer.
   *
   * @example Count writes
   * ```ts
   * import { MemoryClient, MonitoredStorageClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MonitoredStorageClient(new MemoryClient());
   * await storage.set("a", 1);
   * assert.equal(storage.histograms.set.count, 1);
   * ```
   */
  set(key: string, value: StorageValue, options?: SetOptions): Promise<void> {
    return this.#call("set", [key, value, options]);
  }

  /**
   * Tells whether a key has a value, measured.
   *
   * @param key The key.
   * @returns The wrapped client's answer.
   *
   * @example Check a key
   * ```ts
   * import { MemoryClient, MonitoredStorageClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MonitoredStorageClient(new MemoryClient());
   * assert.equal(await storage.has("a"), false);
   * ```
   */
  has(key: string): Promise<boolean> {
    return this.#call("has", [key]);
  }

  /**
   * Removes a key, measured; the event's `count` is 1 when it had a value.
   *
   * @param key The key.
   * @returns The wrapped client's answer.
   *
   * @example Remove a key
   * ```ts
   * import { MemoryClient, MonitoredStorageClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MonitoredStorageClient(new MemoryClient());
   * assert.equal(await storage.delete("a"), false);
   * ```
   */
  delete(key: string): Promise<boolean> {
    return this.#call("delete", [key]);
  }

  /**
   * Lists keys, measured; the event's `count` is how many.
   *
   * @param prefix Only keys that start with it.
   * @returns The wrapped client's answer.
   *
   * @example List keys
   * ```ts
   * import { MemoryClient, MonitoredStorageClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MonitoredStorageClient(new MemoryClient());
   * assert.deepEqual(await storage.keys(), []);
   * ```
   */
  keys(prefix?: string): Promise<string[]> {
    return this.#call("keys", [prefix]);
  }

  /**
   * Iterates over entries; one event when the iteration ends (or is left),
   * with how many entries and bytes it read.
   *
   * @param prefix Only keys that start with it.
   * @returns The wrapped client's entries.
   *
   * @example Iterate
   * ```ts
   * import { MemoryClient, MonitoredStorageClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MonitoredStorageClient(new MemoryClient());
   * await storage.set("a", "x");
   * for await (const _ of storage.entries());
   * assert.equal(storage.histograms.entries.count, 1);
   * ```
   */
  async *entries(prefix?: string): AsyncIterableIterator<[string, StorageValue]> {
    const start = now();
    let count = 0;
    let size = 0;
    let failure: { error: unknown } | undefined;
    try {
      for await (const entry of this.#inner.entries(prefix)) {
        count++;
        size += sizeOf(entry[1]);
        yield entry;
      }
    } catch (error) {
      failure = { error };
      throw error;
    } finally {
      this.#emit("entries", start, { prefix: prefix ?? "", count, size }, failure);
    }
  }

  /**
   * Removes keys, measured.
   *
   * @param prefix Only keys that start with it.
   * @returns The wrapped client's answer.
   *
   * @example Clear
   * ```ts
   * import { MemoryClient, MonitoredStorageClient } from "@atomiton/storage";
   *
   * const storage = new MonitoredStorageClient(new MemoryClient());
   * await storage.clear("tmp:");
   * ```
   */
  clear(prefix?: string): Promise<void> {
    return this.#call("clear", [prefix]);
  }

  /**
   * Reads several values, measured; the event's `size` is their total.
   *
   * @param keys The keys.
   * @returns The wrapped client's answer.
   *
   * @example Read a batch
   * ```ts
   * import { MemoryClient, MonitoredStorageClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MonitoredStorageClient(new MemoryClient());
   * assert.deepEqual(await storage.getMany(["a"]), [undefined]);
   * ```
   */
  getMany(keys: readonly string[]): Promise<(StorageValue | undefined)[]> {
    return this.#call("getMany", [keys]);
  }

  /**
   * Writes several values, measured; the event's `size` is their total.
   *
   * @param entries `[key, value]` pairs.
   * @param options `ttl` for every entry.
   * @returns The wrapped client's answer.
   *
   * @example Write a batch
   * ```ts
   * import { MemoryClient, MonitoredStorageClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MonitoredStorageClient(new MemoryClient());
   * await storage.setMany([["a", 1], ["b", 2]]);
   * assert.equal(storage.histograms.setMany.count, 1);
   * ```
   */
  setMany(
    entries: readonly (readonly [string, StorageValue])[],
    options?: SetOptions,
  ): Promise<void> {
    return this.#call("setMany", [entries, options]);
  }

  /**
   * Removes several keys, measured; the event's `count` is how many had values.
   *
   * @param keys The keys.
   * @returns The wrapped client's answer.
   *
   * @example Remove a batch
   * ```ts
   * import { MemoryClient, MonitoredStorageClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MonitoredStorageClient(new MemoryClient());
   * assert.equal(await storage.deleteMany(["a"]), 0);
   * ```
   */
  deleteMany(keys: readonly string[]): Promise<number> {
    return this.#call("deleteMany", [keys]);
  }

  /**
   * Describes an entry, measured.
   *
   * @param key The key.
   * @returns The wrapped client's answer.
   *
   * @example Stat a key
   * ```ts
   * import { MemoryClient, MonitoredStorageClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MonitoredStorageClient(new MemoryClient());
   * assert.equal(await storage.stat("a"), undefined);
   * ```
   */
  stat(key: string): Promise<StorageStat | undefined> {
    return this.#call("stat", [key]);
  }

  /**
   * Closes the wrapped client.
   *
   * @returns When it is closed.
   *
   * @example Close
   * ```ts
   * import { MemoryClient, MonitoredStorageClient } from "@atomiton/storage";
   *
   * const storage = new MonitoredStorageClient(new MemoryClient());
   * await storage.close();
   * ```
   */
  close(): Promise<void> {
    return this.#inner.close();
  }

  /**
   * Closes the wrapped client, for `await using`.
   *
   * @returns When it is closed.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
