import type { EventsError } from "./events_error.ts";
import { parseEventLine, warnOnConsole } from "./_parse_event_line.ts";
import type { SystemEvent } from "./system_event.ts";

/** Options for {@linkcode parseEventLog} and `readEventLog`. */
export interface ParseEventLogOptions {
  /**
   * Gets a warning (an `EventsError` with code `INVALID_LOG`) for each line
   * that was skipped rather than failed: only a last line that is not JSON
   * and has no newline after it, as a writer that crashed mid-line leaves
   * it. Default: `console.warn`.
   */
  readonly onWarning?: ((warning: EventsError) => void) | undefined;
}

/**
 * Parses a JSON Lines event log (as `EventRecorder.toJsonLines()` writes it).
 * Blank lines are skipped, and so is a last line cut short by a crash (not
 * JSON, no newline after it), with a warning to `onWarning`. Any other line
 * that is not an event envelope, or whose `timestamp` is not a date, fails
 * with an `INVALID_LOG` error naming the line.
 *
 * @param text The log.
 * @param options `onWarning` gets a skipped last line.
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
 *
 * const warnings: string[] = [];
 * const crashed = log + '{"type":"tick","sou';
 * assert.equal(parseEventLog(crashed, { onWarning: (w) => warnings.push(w.message) }).length, 1);
 * assert.match(warnings[0]!, /line 2 is cut short/);
 * ```
 */
export function parseEventLog(text: string, options: ParseEventLogOptions = {}): SystemEvent[] {
  const events: SystemEvent[] = [];
  const lines = text.split("\n");
  const last = lines.length - 1; // the text after the last newline
  lines.forEach((line, i) => {
    const event = parseEventLine(
      line,
      i + 1,
      i === last ? options.onWarning ?? warnOnConsole : undefined,
    );
    if (event) events.push(event);
  });
  return events;
}
