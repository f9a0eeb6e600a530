import type { EventClient, EventMap } from "./event_client.ts";
import { EventsError } from "./events_error.ts";
import { type EventFilter, toPredicate } from "./_event_filter.ts";
import type { SystemEvent } from "./system_event.ts";
import { wait } from "./_wait.ts";

/** Options for {@linkcode replay}. */
export interface ReplayOptions {
  /**
   * `Infinity` (default) or 0 replays at once; 1 at the recorded pace; 2 twice
   * as fast; 0.5 at half speed. Any gap is waited out, also one longer than a
   * timer takes (about 24.8 days).
   */
  readonly speed?: number | undefined;
  /** Which events to replay (default: all). */
  readonly filter?: EventFilter | undefined;
  /** Stops the replay: the promise rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Replays a log into a client: each event is delivered with its recorded
 * source and time (`client.origin`), so transports do not send it on.
 *
 * @param log The events, e.g. from `parseEventLog` or `readEventLog`.
 * @param client The client to deliver them to.
 * @param options Speed, filter and cancellation.
 * @returns How many events were delivered.
 *
 * @example Replay at twice the recorded pace
 * ```ts
 * import { EventClient } from "@atomiton/events";
 * import { replay } from "@atomiton/events/recorder";
 * import assert from "node:assert/strict";
 *
 * const log = [
 *   { type: "tick", source: "clock", timestamp: 1000, data: 1 },
 *   { type: "tick", source: "clock", timestamp: 1020, data: 2 },
 * ];
 * const events = new EventClient<{ tick: number }>();
 * const seen: number[] = [];
 * events.on("tick", (n) => seen.push(n));
 * assert.equal(await replay(log, events, { speed: 2 }), 2);
 * assert.deepEqual(seen, [1, 2]);
 * ```
 */
export async function replay<M extends EventMap>(
  log: Iterable<SystemEvent> | AsyncIterable<SystemEvent>,
  client: EventClient<M>,
  options: ReplayOptions = {},
): Promise<number> {
  const speed = options.speed ?? Infinity;
  if (typeof speed !== "number" || !(speed >= 0)) {
    throw new EventsError(
      "INVALID_OPTION",
      `speed must be a number of 0 or more (1 is the recorded pace; 0 and Infinity replay at once), got ${speed}`,
    );
  }
  const paced = speed > 0 && speed !== Infinity;
  const wanted = toPredicate(options.filter);
  const signal = options.signal;
  let delivered = 0;
  let previous: number | undefined;
  for await (const event of log) {
    signal?.throwIfAborted();
    if (!wanted(event)) continue;
    if (paced && previous !== undefined && event.timestamp > previous) {
      await wait((event.timestamp - previous) / speed, signal);
    }
    previous = event.timestamp;
    client.deliver(event);
    delivered++;
  }
  return delivered;
}
