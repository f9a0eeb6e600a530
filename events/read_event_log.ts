import { parseEventLine, warnOnConsole } from "./_parse_event_line.ts";
import type { ParseEventLogOptions } from "./parse_event_log.ts";
import type { SystemEvent } from "./system_event.ts";

/**
 * Reads a JSON Lines event log as a stream, one envelope at a time, so a log
 * larger than memory can be replayed or summarised. Lines are read as
 * {@linkcode parseEventLog} reads them: a last line cut short by a crash is
 * skipped with a warning to `onWarning`; any other bad line fails with
 * `INVALID_LOG` and its number.
 *
 * @param source The log's bytes or text, e.g. a file's `ReadableStream`.
 * @param options `onWarning` gets a skipped last line.
 * @returns The events, in log order.
 *
 * @example
 * ```ts
 * import { readEventLog } from "@atomiton/events/recorder";
 * import assert from "node:assert/strict";
 *
 * const bytes = new TextEncoder().encode('{"type":"a","source":"s","timestamp":1,"data":null}\n');
 * const types = [];
 * for await (const event of readEventLog(ReadableStream.from([bytes]))) types.push(event.type);
 * assert.deepEqual(types, ["a"]);
 * ```
 */
export async function* readEventLog(
  source: AsyncIterable<Uint8Array | string>,
  options: ParseEventLogOptions = {},
): AsyncGenerator<SystemEvent> {
  const decoder = new TextDecoder();
  let pending = "";
  let lineNumber = 0;
  for await (const chunk of source) {
    pending += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop()!;
    for (const line of lines) {
      const event = parseEventLine(line, ++lineNumber);
      if (event) yield event;
    }
  }
  const last = pending + decoder.decode();
  const event = parseEventLine(last, ++lineNumber, options.onWarning ?? warnOnConsole);
  if (event) yield event;
}
