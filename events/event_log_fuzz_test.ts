import assert from "node:assert/strict";
import fc from "fast-check";
import { EventClient, EventsError, type SystemEvent } from "./mod.ts";
import { logStats, parseEventLog, readEventLog } from "./recorder.ts";
import { Ring } from "./_ring.ts";
import {
  assertPrototypeClean,
  deeplyNested,
  hostileJsonLines,
  hostileNumber,
  hostileString,
  INVALID_UTF8,
} from "../scripts/testing/hostile.ts";

const encoder = new TextEncoder();
const quiet = { onWarning: (): void => {} };

/** What a reader may give back: envelopes whose times are dates, or a typed INVALID_LOG. */
function assertEnvelopes(events: readonly SystemEvent[]): void {
  for (const event of events) {
    assert.equal(typeof event.type, "string");
    assert.notEqual(event.type, "");
    assert.equal(typeof event.source, "string");
    assert.ok(!Number.isNaN(new Date(event.timestamp).getTime()), `${event.timestamp}`);
  }
}

function isInvalidLog(error: unknown): boolean {
  return error instanceof EventsError && error.code === "INVALID_LOG";
}

/** The envelopes without their data, which may be nested too deep to compare. */
const heads = (events: readonly SystemEvent[]): unknown[] =>
  events.map((e) => [e.type, e.source, e.timestamp]);

/** Reads a log both ways and, when it is one, summarises it: never a crash, the two agree. */
async function readBothWays(chunks: readonly (string | Uint8Array)[]): Promise<void> {
  const text = chunks.every((c) => typeof c === "string")
    ? chunks.join("")
    : new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c as Uint8Array])));
  let parsed: SystemEvent[] | undefined;
  try {
    parsed = parseEventLog(text, quiet);
  } catch (error) {
    assert.ok(isInvalidLog(error), `parseEventLog threw ${String(error)}`);
  }
  const streamed: SystemEvent[] = [];
  try {
    for await (const event of readEventLog(ReadableStream.from(chunks), quiet)) {
      streamed.push(event);
    }
  } catch (error) {
    assert.ok(isInvalidLog(error), `readEventLog threw ${String(error)}`);
    assert.equal(parsed, undefined, "readEventLog refused what parseEventLog read");
    return;
  }
  assert.ok(parsed !== undefined, "readEventLog read what parseEventLog refused");
  assert.deepEqual(heads(streamed), heads(parsed));
  assertEnvelopes(parsed);
  const stats = await logStats(parsed, { client: new EventClient() });
  assert.equal(stats.count, parsed.length);
  assert.equal(JSON.parse(JSON.stringify(stats)).count, parsed.length);
}

/** Cuts `text` into chunks at the given points (bytes or characters). */
function cut(text: string, points: readonly number[], bytes: boolean): (string | Uint8Array)[] {
  const whole = bytes ? encoder.encode(text) : text;
  const at = [...new Set(points.map((p) => p % (whole.length + 1)))].sort((a, b) => a - b);
  return [0, ...at].map((start, i) => whole.slice(start, at[i] ?? whole.length));
}

const envelope = fc.record({
  type: hostileString(),
  source: hostileString(),
  timestamp: hostileNumber(),
  data: fc.jsonValue(),
});
const line = fc.oneof(
  envelope.map((e) => JSON.stringify(e)),
  fc.constantFrom(...hostileJsonLines()),
  fc.string(),
  hostileString(),
);

Deno.test("parseEventLog and readEventLog take random and hostile lines: events or INVALID_LOG, never another crash", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(line, { maxLength: 8 }),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.boolean(),
      async (lines, newlineAtEnd, points, bytes) => {
        const text = lines.join("\n") + (newlineAtEnd ? "\n" : "");
        await readBothWays(cut(text, points, bytes));
      },
    ),
    { numRuns: 200 },
  );
  assertPrototypeClean();
});

Deno.test("every hostile line, alone, first, in the middle and last, reads as an event or INVALID_LOG", async () => {
  const good = '{"type":"a","source":"s","timestamp":1,"data":null}';
  for (const hostile of hostileJsonLines()) {
    for (
      const text of [hostile, `${hostile}\n`, `${hostile}\n${good}`, `${good}\n${hostile}\n${good}`]
    ) {
      await readBothWays([text]);
    }
  }
  assertPrototypeClean();
});

Deno.test("a log with invalid UTF-8 or deeply nested data reads as events or INVALID_LOG", async () => {
  const good = encoder.encode('{"type":"a","source":"s","timestamp":1,"data":"x"}\n');
  for (const bad of INVALID_UTF8) {
    for (
      const chunks of [[bad], [good, bad], [good, bad, good], [bad, encoder.encode("\n"), good]]
    ) {
      await readBothWays(chunks);
    }
  }
  for (const kind of ["array", "object"] as const) {
    const deep = `{"type":"a","source":"s","timestamp":1,"data":${deeplyNested(100_000, kind)}}`;
    await readBothWays([deep, "\n"]);
    await readBothWays([deep.slice(0, -1)]);
  }
});

Deno.test("Ring keeps the newest items in order, as the last `capacity` of everything pushed", () => {
  fc.assert(
    fc.property(
      fc.nat(5),
      fc.array(fc.oneof(fc.integer(), fc.constant("clear" as const))),
      (capacity, steps) => {
        const ring = new Ring<number>(capacity);
        let model: number[] = [];
        for (const step of steps) {
          if (step === "clear") {
            ring.clear();
            model = [];
            continue;
          }
          model.push(step);
          const dropped = model.length > capacity;
          if (dropped) model.shift();
          assert.equal(ring.push(step), dropped);
          assert.deepEqual(ring.toArray(), model);
        }
      },
    ),
  );
});
