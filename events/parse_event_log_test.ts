import assert from "node:assert/strict";
import { EventsError } from "./mod.ts";
import { parseEventLog } from "./recorder.ts";

const invalid = (line: number) => (e: unknown): boolean =>
  e instanceof EventsError && e.code === "INVALID_LOG" && e.message.startsWith(`line ${line} `);

Deno.test("parseEventLog() skips blank lines and keeps a missing data as undefined", () => {
  const log = '\n{"type":"a","source":"s","timestamp":1,"data":[1]}\n  \n' +
    '{"type":"b","source":"s","timestamp":2}';
  assert.deepEqual(parseEventLog(log), [
    { type: "a", source: "s", timestamp: 1, data: [1] },
    { type: "b", source: "s", timestamp: 2, data: undefined },
  ]);
});

Deno.test("parseEventLog() names the line that is not JSON or not an event", () => {
  const good = '{"type":"a","source":"s","timestamp":1,"data":null}';
  assert.throws(() => parseEventLog(`${good}\n{oops`), invalid(2));
  assert.throws(() => parseEventLog(`${good}\n${good}\n[1]`), invalid(3));
  assert.throws(() => parseEventLog('{"type":"","source":"s","timestamp":1}'), invalid(1));
  assert.throws(() => parseEventLog('{"type":"a","source":1,"timestamp":1}'), invalid(1));
  assert.throws(() => parseEventLog('{"type":"a","source":"s","timestamp":"1"}'), invalid(1));
  assert.throws(() => parseEventLog("null"), invalid(1));
});
