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
  assert.throws(() => parseEventLog(`${good}\n{oops\n${good}`), invalid(2));
  assert.throws(() => parseEventLog(`${good}\n{oops\n`), invalid(2));
  assert.throws(() => parseEventLog(`${good}\n${good}\n[1]`), invalid(3));
  assert.throws(() => parseEventLog('{"type":"","source":"s","timestamp":1}'), invalid(1));
  assert.throws(() => parseEventLog('{"type":"a","source":1,"timestamp":1}'), invalid(1));
  assert.throws(() => parseEventLog('{"type":"a","source":"s","timestamp":"1"}'), invalid(1));
  assert.throws(() => parseEventLog("null"), invalid(1));
});

Deno.test("parseEventLog() skips a last line cut short by a crash, with a warning naming it", () => {
  const good = '{"type":"a","source":"s","timestamp":1,"data":null}';
  const warnings: EventsError[] = [];
  const onWarning = (warning: EventsError): number => warnings.push(warning);
  const events = parseEventLog(`${good}\n${good}\n${good.slice(0, 20)}`, { onWarning });
  assert.equal(events.length, 2);
  assert.equal(warnings.length, 1);
  assert.ok(invalid(3)(warnings[0]));
  assert.match(warnings[0]!.message, /cut short and was skipped/);
  // A complete last line without a newline is an event; an incomplete one elsewhere is an error.
  assert.equal(parseEventLog(`${good}\n${good}`, { onWarning }).length, 2);
  assert.throws(() => parseEventLog(`${good.slice(0, 20)}\n${good}`, { onWarning }), invalid(1));
  // A last line that is JSON but not an event is still an error: it was not cut short.
  assert.throws(() => parseEventLog(`${good}\n[1]`, { onWarning }), invalid(2));
  assert.equal(warnings.length, 1);
});

Deno.test("parseEventLog() refuses a timestamp that is not a date, naming the line and the range", () => {
  const line = (timestamp: number): string =>
    `{"type":"a","source":"s","timestamp":${timestamp},"data":null}`;
  for (const timestamp of [1e300, -1e300, 8.64e15 + 1, -8.64e15 - 1, Number.MAX_VALUE]) {
    assert.throws(
      () => parseEventLog(`${line(1)}\n${line(timestamp)}\n`),
      (e) => invalid(2)(e) && /not a date.*-8640000000000000 to 8640000000000000/.test(String(e)),
    );
  }
  for (const timestamp of [8.64e15, -8.64e15, 0, 1.5]) {
    const [event] = parseEventLog(line(timestamp));
    assert.equal(new Date(event!.timestamp).getTime(), Math.trunc(timestamp));
  }
});
