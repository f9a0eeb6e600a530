import { EventsError } from "./events_error.ts";
import type { SystemEvent } from "./system_event.ts";

/** One stream entry as Redis returns it: its id and flat fields, or `null` once trimmed away. */
export type RawEntry = readonly [id: string, fields: readonly string[] | null];

/** An event read from a stream, with the id of its entry. */
export interface StreamEvent extends SystemEvent {
  /** The stream entry's id, `<ms>-<seq>`: pass it as `from` to resume a replay after it. */
  readonly id: string;
}

/**
 * The fields of a stream entry for an event: `type`, `source`, `timestamp`
 * and, unless the payload is `undefined`, `data` as JSON.
 */
export function encodeEntry(
  type: string,
  source: string,
  timestamp: number,
  data: unknown,
): string[] {
  let json: string | undefined;
  try {
    json = data === undefined ? undefined : JSON.stringify(data);
  } catch (cause) {
    throw new EventsError(
      "TRANSPORT_FAILED",
      `the data of "${type}" cannot be sent to Redis: it must be JSON-encodable ` +
        `(no BigInt, no cycles), ${(cause as Error).message}`,
      { cause },
    );
  }
  const fields = ["type", type, "source", source, "timestamp", String(timestamp)];
  if (json !== undefined) fields.push("data", json);
  return fields;
}

/** Reads an event back from a stream entry's fields; throws for an entry that is not one. */
export function decodeEntry(id: string, fields: readonly string[]): StreamEvent {
  let type: string | undefined;
  let source: string | undefined;
  let timestamp = NaN;
  let json: string | undefined;
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const value = fields[i + 1]!;
    switch (fields[i]) {
      case "type":
        type = value;
        break;
      case "source":
        source = value;
        break;
      case "timestamp":
        timestamp = Number(value);
        break;
      case "data":
        json = value;
    }
  }
  if (!type || source === undefined || !Number.isFinite(timestamp)) {
    throw malformed(id, "it lacks a type, a source or a numeric timestamp");
  }
  let data: unknown;
  try {
    data = json === undefined ? undefined : JSON.parse(json);
  } catch (cause) {
    throw malformed(id, "its data is not JSON", cause);
  }
  return { id, type, source, timestamp, data };
}

function malformed(id: string, why: string, cause?: unknown): EventsError {
  return new EventsError(
    "TRANSPORT_FAILED",
    `stream entry ${id} is not an event (${why}); entries need the fields type, source, ` +
      "timestamp and, unless the payload is undefined, data as JSON",
    { cause },
  );
}

/**
 * The entries of an XREADGROUP reply for one stream, whatever the connection's
 * protocol: RESP2 `[[key, entries]]`, RESP3 with the legacy mapping
 * `[key, entries]`, RESP3 with the "resp3" mapping `{ key: entries }`, or `null`.
 */
export function readReplyEntries(reply: unknown): readonly RawEntry[] {
  if (reply === null || reply === undefined) return [];
  if (Array.isArray(reply)) {
    const first = reply[0];
    return (Array.isArray(first) ? first[1] : reply[1]) as RawEntry[];
  }
  const values = Object.values(reply as Record<string, RawEntry[]>);
  return values[0] ?? [];
}

const ID = /^\(?\d+(-\d+)?$/;

/**
 * A stream id for XRANGE from an id (`"1700000000000-0"`, `"(1700000000000-0"`
 * for "after it", `"-"` or `"+"`), a `Date` or a time in ms (stream ids start
 * with the ms time they were added).
 */
export function toStreamId(position: string | number | Date, name: string): string {
  if (typeof position === "string") {
    if (position === "-" || position === "+" || ID.test(position)) return position;
  } else {
    const ms = position instanceof Date ? position.getTime() : position;
    if (Number.isInteger(ms) && ms >= 0) return String(ms);
  }
  throw new EventsError(
    "INVALID_OPTION",
    `${name} must be a stream id ("<ms>-<seq>", "<ms>", "(<id>" to leave it out, "-" or "+"), ` +
      "a Date or a time in ms " +
      `(a whole number of 0 or more), got ${
        position instanceof Date ? "an invalid Date" : JSON.stringify(position)
      }`,
  );
}
