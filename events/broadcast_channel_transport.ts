/**
 * Bridges chosen events between clients in other tabs, workers or (on Deno)
 * workers of one process, over a `BroadcastChannel`.
 *
 * @example Two clients on one channel
 * ```ts
 * import { EventClient } from "@atomiton/events";
 * import { BroadcastChannelTransport } from "@atomiton/events/broadcast-channel";
 * import assert from "node:assert/strict";
 *
 * type Events = { "job:done": { id: string } };
 * const here = new EventClient<Events>();
 * const there = new EventClient<Events>();
 * using _a = new BroadcastChannelTransport(here, { channel: "docs-example" });
 * using _b = new BroadcastChannelTransport(there, { channel: "docs-example" });
 * const done = there.once("job:done");
 * here.emit("job:done", { id: "42" });
 * assert.deepEqual(await done, { id: "42" });
 * ```
 *
 * @module
 */
import type { EventClient, EventMap, Unsubscribe } from "./event_client.ts";
import { EventsError } from "./events_error.ts";
import { matchesPattern, patternPrefix } from "./_pattern.ts";
import { report } from "./_report.ts";
import type { SystemEvent } from "./system_event.ts";

/** Options for {@linkcode BroadcastChannelTransport}. */
export interface BroadcastChannelTransportOptions {
  /** The channel name; every transport on it is bridged (default `"atomiton:events"`). */
  readonly channel?: string | undefined;
  /** Patterns of the event types to bridge, both ways (default `["*"]`). */
  readonly types?: readonly string[] | undefined;
  /** Gets send and receive failures; default: the runtime's `reportError`, else `console.error`. */
  readonly onError?: ((error: EventsError) => void) | undefined;
}

/**
 * Sends the local events of a client whose type matches `types` to every
 * other transport on the same channel, and delivers theirs to the client.
 *
 * Only local events go out: events that arrived through a transport or a
 * replay are not sent on, so two tabs never echo an event back and forth.
 * Payloads travel by structured clone; one that cannot be cloned is reported
 * as a `TRANSPORT_FAILED` error, and the other handlers still run.
 */
export class BroadcastChannelTransport<M extends EventMap = EventMap> implements Disposable {
  readonly #client: EventClient<M>;
  readonly #channel: BroadcastChannel;
  readonly #types: readonly string[];
  readonly #unsubscribe: Unsubscribe;
  readonly #onError: (error: EventsError) => void;
  #closed = false;

  /**
   * Starts bridging at once.
   *
   * @param client The local client.
   * @param options The channel name and the types to bridge.
   */
  constructor(client: EventClient<M>, options: BroadcastChannelTransportOptions = {}) {
    const types = options.types ?? ["*"];
    if (!Array.isArray(types) || types.length === 0) {
      throw new EventsError(
        "INVALID_OPTION",
        `types must be a non-empty array of event types or patterns, got ${String(types)}`,
      );
    }
    types.forEach(patternPrefix);
    this.#client = client;
    this.#types = types;
    this.#onError = options.onError ?? report;
    this.#channel = new BroadcastChannel(options.channel ?? "atomiton:events");
    this.#channel.onmessage = (message) => this.#receive(message.data);
    this.#channel.onmessageerror = () =>
      this.#onError(
        new EventsError("TRANSPORT_FAILED", "a message on the channel could not be deserialized"),
      );
    this.#unsubscribe = client.on("*", (data, type) => this.#send(type, data));
  }

  /** Whether this transport has been closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Stops bridging and closes the channel. Calling it again does nothing.
   *
   * @example
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import { BroadcastChannelTransport } from "@atomiton/events/broadcast-channel";
   * import assert from "node:assert/strict";
   *
   * const transport = new BroadcastChannelTransport(new EventClient(), { channel: "x" });
   * transport.close();
   * assert.equal(transport.closed, true);
   * ```
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    this.#channel.close();
  }

  /** Same as {@linkcode BroadcastChannelTransport.close}, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }

  #wanted(type: unknown): type is string {
    return typeof type === "string" && this.#types.some((pattern) => matchesPattern(pattern, type));
  }

  #send(type: string, data: unknown): void {
    // Events that came in from elsewhere stay here: no echo, no relay loops.
    if (this.#client.origin !== undefined || !this.#wanted(type)) return;
    const event: SystemEvent = { type, source: this.#client.source, timestamp: Date.now(), data };
    try {
      this.#channel.postMessage(event);
    } catch (cause) {
      this.#onError(
        new EventsError(
          "TRANSPORT_FAILED",
          `"${type}" could not be sent: its payload must be structured-cloneable (no functions or symbols)`,
          { cause },
        ),
      );
    }
  }

  #receive(message: unknown): void {
    const event = message as SystemEvent | null;
    if (
      typeof event !== "object" || event === null || typeof event.source !== "string" ||
      typeof event.timestamp !== "number" || !this.#wanted(event.type)
    ) return;
    if (event.source === this.#client.source) return;
    this.#client.deliver(event);
  }
}
