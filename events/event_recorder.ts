import type { EventClient, EventMap, Unsubscribe } from "./event_client.ts";
import { EventsError } from "./events_error.ts";
import { type EventFilter, toPredicate } from "./_event_filter.ts";
import { Ring } from "./_ring.ts";
import type { SystemEvent } from "./system_event.ts";

/** Options for {@linkcode EventRecorder}. */
export interface EventRecorderOptions {
  /** Which events to record (default: all). */
  readonly filter?: EventFilter | undefined;
  /**
   * Events kept in memory; past it the oldest are dropped and counted in
   * `dropped` (default 10,000; 0 keeps none, for a recorder that only streams
   * to `sink`).
   */
  readonly limit?: number | undefined;
  /** Gets every recorded event as it happens, e.g. to append it to a file. */
  readonly sink?: ((event: SystemEvent) => void) | undefined;
}

/**
 * Records the events of a client as envelopes (type, source, time, data):
 * bounded in memory, streamed to a sink, or both; exported as JSON Lines.
 *
 * Events that arrived through a transport or a replay keep their own source
 * and time.
 *
 * @example Record, then export JSON Lines
 * ```ts
 * import { EventClient } from "@atomiton/events";
 * import { EventRecorder, parseEventLog } from "@atomiton/events/recorder";
 * import assert from "node:assert/strict";
 *
 * const events = new EventClient<{ "job:done": { id: string }; tick: number }>();
 * using recorder = new EventRecorder(events, { filter: ["job:*"] });
 * events.emit("tick", 1);
 * events.emit("job:done", { id: "7" });
 * const log = recorder.toJsonLines();
 * assert.deepEqual(parseEventLog(log).map((e) => e.data), [{ id: "7" }]);
 * ```
 */
export class EventRecorder<M extends EventMap = EventMap> implements Disposable {
  readonly #client: EventClient;
  readonly #events: Ring<SystemEvent>;
  readonly #sink: ((event: SystemEvent) => void) | undefined;
  readonly #wanted: (event: SystemEvent) => boolean;
  #unsubscribe: Unsubscribe | undefined;
  #dropped = 0;

  /**
   * Starts recording at once.
   *
   * @param client The client to record.
   * @param options A filter, the in-memory limit and a sink.
   */
  constructor(client: EventClient<M>, options: EventRecorderOptions = {}) {
    const limit = options.limit ?? 10_000;
    if (!Number.isInteger(limit) || limit < 0) {
      throw new EventsError(
        "INVALID_OPTION",
        `limit must be a whole number of 0 or more, got ${limit}`,
      );
    }
    this.#client = client as unknown as EventClient;
    this.#events = new Ring(limit);
    this.#sink = options.sink;
    this.#wanted = toPredicate(options.filter);
    this.#unsubscribe = this.#client.on("*", (data, type) => this.#record(type, data));
  }

  /** The events held in memory, oldest first (a copy). */
  get events(): SystemEvent[] {
    return this.#events.toArray();
  }

  /** Events dropped from memory because of `limit` (a sink still got them). */
  get dropped(): number {
    return this.#dropped;
  }

  /** Whether it is still recording. */
  get recording(): boolean {
    return this.#unsubscribe !== undefined;
  }

  /**
   * The events in memory as JSON Lines: one envelope per line.
   *
   * @returns The log text, ending with a newline when not empty.
   *
   * @example
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import { EventRecorder } from "@atomiton/events/recorder";
   * import assert from "node:assert/strict";
   *
   * const events = new EventClient<{ tick: number }>({ source: "clock" });
   * const recorder = new EventRecorder(events);
   * events.emit("tick", 1);
   * const line = JSON.parse(recorder.toJsonLines());
   * assert.equal(line.source, "clock");
   * recorder.stop();
   * ```
   */
  toJsonLines(): string {
    return this.#events.toArray().map((event) => JSON.stringify(event) + "\n").join("");
  }

  /**
   * Forgets the events in memory and the dropped count; recording goes on.
   *
   * @example
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import { EventRecorder } from "@atomiton/events/recorder";
   * import assert from "node:assert/strict";
   *
   * const events = new EventClient<{ tick: number }>();
   * using recorder = new EventRecorder(events);
   * events.emit("tick", 1);
   * recorder.clear();
   * assert.equal(recorder.events.length, 0);
   * ```
   */
  clear(): void {
    this.#events.clear();
    this.#dropped = 0;
  }

  /**
   * Stops recording; what was recorded stays readable.
   *
   * @example
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import { EventRecorder } from "@atomiton/events/recorder";
   * import assert from "node:assert/strict";
   *
   * const events = new EventClient<{ tick: number }>();
   * const recorder = new EventRecorder(events);
   * recorder.stop();
   * events.emit("tick", 1);
   * assert.equal(recorder.events.length, 0);
   * ```
   */
  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
  }

  /** Same as {@linkcode EventRecorder.stop}, for `using`. */
  [Symbol.dispose](): void {
    this.stop();
  }

  #record(type: string, data: unknown): void {
    const origin = this.#client.origin;
    const event: SystemEvent = origin ??
      { type, source: this.#client.source, timestamp: Date.now(), data };
    if (!this.#wanted(event)) return;
    if (this.#events.push(event)) this.#dropped++;
    this.#sink?.(event);
  }
}
