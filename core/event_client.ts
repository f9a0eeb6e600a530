import { EventClient as NewEventClient, type EventClientOptions } from "@atomiton/events";
import { deprecated, quietly } from "./_deprecation.ts";
import { envelopeOf } from "./_envelope.ts";
import { lazyInstance } from "./_lazy.ts";

/**
 * An event as the old client broadcast it.
 *
 * @deprecated Use `SystemEvent` from `@atomiton/events` (read-only, `data` always there).
 *
 * @example
 * ```ts
 * import { EventClient, type SystemEvent } from "@atomiton/core";
 *
 * const event: SystemEvent = { type: "ready", source: "app", timestamp: Date.now() };
 * new EventClient().broadcast(event);
 * ```
 */
export interface SystemEvent<T = unknown> {
  /** What happened. */
  type: string;
  /** Who sent it. */
  source: string;
  /** When, in epoch milliseconds. */
  timestamp: number;
  /** What it carries. */
  data?: T | undefined;
  /** Anything else. */
  metadata?: Record<string, unknown> | undefined;
}

/**
 * The old event client: `broadcast(event)` and `listen(listener)`, on the new
 * `EventClient` (its `emit`, `on` and `once` work too, and see the same events).
 *
 * @deprecated Use `EventClient` from `@atomiton/events`: `broadcast(event)` ->
 * `emit(type, data)`, `listen(fn)` -> `on("*", (data, type) => ...)`.
 *
 * @example
 * ```ts
 * import { EventClient } from "@atomiton/core";
 * import assert from "node:assert/strict";
 *
 * const events = new EventClient();
 * const seen: string[] = [];
 * events.listen((event) => seen.push(`${event.type} from ${event.source}`));
 * events.broadcast({ type: "ready", source: "app", timestamp: Date.now() });
 * assert.deepEqual(seen, ["ready from app"]);
 * ```
 */
export class EventClient extends NewEventClient {
  /**
   * Makes a client; the old one allowed 1,000 listeners before warning.
   *
   * @param options The new client's options.
   */
  constructor(options: EventClientOptions = {}) {
    deprecated("EventClient", "EventClient from @atomiton/events");
    super({ maxListeners: 1000, ...options });
  }

  /**
   * Delivers `event` to every listener as it is (its source and time kept).
   *
   * @param event The event; `timestamp` defaults to now.
   */
  broadcast(event: SystemEvent): void {
    this.deliver({ ...event, timestamp: event.timestamp || Date.now(), data: event.data });
  }

  /**
   * Calls `listener` with every event; a listener that throws is logged and the others still run.
   *
   * @param listener Gets each event.
   */
  listen(listener: (event: SystemEvent) => void): void {
    this.on("*", (data, type) => {
      try {
        listener(envelopeOf(this, data, type));
      } catch (error) {
        // deno-lint-ignore no-console -- the old client logged a failing listener
        console.error("EventClient: Listener error during event processing:", error);
      }
    });
  }
}

/**
 * The old shared event client, made on first use.
 *
 * @deprecated Create one `new EventClient()` (`@atomiton/events`) at start-up and share it.
 *
 * @example
 * ```ts
 * import { eventClient } from "@atomiton/core";
 *
 * eventClient.listen((event) => console.log(event.type));
 * ```
 */
export const eventClient: EventClient = lazyInstance(
  "eventClient",
  "one new EventClient() from @atomiton/events, shared",
  () => quietly(() => new EventClient()),
);
