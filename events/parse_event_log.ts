import { parseEventLine } from "./_parse_event_line.ts";
import type { SystemEvent } from "./system_event.ts";

/**
 * Parses a JSON Lines event log (as `EventRecorder.toJsonLines()` writes it).
 * Blank lines are skipped; a line that is not an event envelope fails with
 * an `INVALID_LOG` error naming the line.
 *
 * @param text The log.
 * @returns The events, in log order.
 *
 * @example
 * ```ts
 * import { parseEventLog } from "@atomiton/events/recorder";
 * import assert from "node:assert/strict";
 *
 * const log = '{"type":"tick","source":"a","timestamp":1,"data":1}\n';
 * assert.equal(parseEventLog(log)[0]!.type, "tick");
 * assert.throws(() => parseEventLog("{}\n"), /line 1 is not an event/);
 * ```
 */
export function parseEventLog(text: string): SystemEvent[] {
  const events: SystemEvent[] = [];
  text.split("\n").forEach((line, i) => {
    const event = parseEventLine(line, i + 1);
    if (event) events.push(event);
  });
  return events;
}
