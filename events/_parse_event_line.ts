import { EventsError } from "./events_error.ts";
import type { SystemEvent } from "./system_event.ts";

/** Parses one JSON Lines record into an envelope; `undefined` for a blank line. */
export function parseEventLine(line: string, lineNumber: number): SystemEvent | undefined {
  if (line.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (cause) {
    throw new EventsError("INVALID_LOG", `line ${lineNumber} is not JSON`, { cause });
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
  return { type: event.type, source: event.source, timestamp: event.timestamp, data: event.data };
}
