import { EventsError } from "./events_error.ts";
import type { SystemEvent } from "./system_event.ts";

/** The largest distance from the epoch a `Date` can hold, in ms (about 275,000 years). */
const MAX_DATE_MS = 8.64e15;

/** Reports a skipped line when the caller gave no `onWarning`. */
export const warnOnConsole = (warning: EventsError): void =>
  // deno-lint-ignore no-console -- the default warning, like the leak report
  console.warn(`warning: ${warning.message}`);

/**
 * Parses one JSON Lines record into an envelope; `undefined` for a blank line.
 * `cutShort`, given for a last line with no newline after it, makes a line
 * that is not JSON (a crashed writer's last, partial record) a warning passed
 * to it, and skipped, instead of an error.
 */
export function parseEventLine(
  line: string,
  lineNumber: number,
  cutShort?: (warning: EventsError) => void,
): SystemEvent | undefined {
  if (line.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (cause) {
    if (cutShort === undefined) {
      throw new EventsError("INVALID_LOG", `line ${lineNumber} is not JSON`, { cause });
    }
    cutShort(
      new EventsError(
        "INVALID_LOG",
        `line ${lineNumber} is cut short and was skipped: the last line, not JSON and with no ` +
          `newline at its end, as a writer that crashed mid-line leaves it`,
        { cause },
      ),
    );
    return undefined;
  }
  const event = value as Partial<SystemEvent> | null;
  if (
    typeof event !== "object" || event === null || Array.isArray(event) ||
    typeof event.type !== "string" || event.type === "" || typeof event.source !== "string" ||
    typeof event.timestamp !== "number" || !Number.isFinite(event.timestamp)
  ) {
    throw new EventsError(
      "INVALID_LOG",
      `line ${lineNumber} is not an event: expected an object with a non-empty string "type", ` +
        `a string "source", a finite number "timestamp" and "data"`,
    );
  }
  if (Math.abs(event.timestamp) > MAX_DATE_MS) {
    throw new EventsError(
      "INVALID_LOG",
      `line ${lineNumber} has a "timestamp" of ${event.timestamp}, which is not a date: expected ` +
        `milliseconds since 1970-01-01 from -${MAX_DATE_MS} to ${MAX_DATE_MS}`,
    );
  }
  return { type: event.type, source: event.source, timestamp: event.timestamp, data: event.data };
}
