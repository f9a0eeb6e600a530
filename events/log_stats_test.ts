import assert from "node:assert/strict";
import { EventClient, type SystemEvent } from "./mod.ts";
import { logStats, readEventLog } from "./recorder.ts";

const log: SystemEvent[] = [
  { type: "tick", source: "clock", timestamp: 1_000, data: 1 },
  { type: "job:done", source: "runner", timestamp: 1_100, data: "a" },
  { type: "tick", source: "clock", timestamp: 1_500, data: 2 },
  { type: "tick", source: "clock", timestamp: 3_000, data: 3 },
];

Deno.test("logStats() reports counts, rates and gaps overall and per type", async () => {
  const stats = await logStats(log);
  assert.equal(stats.count, 4);
  assert.equal(stats.first, 1_000);
  assert.equal(stats.last, 3_000);
  assert.equal(stats.ratePerSecond, 1.5);
  assert.equal(stats.maxGapMs, 1_500);
  assert.equal(Math.round(stats.meanGapMs), 667);
  assert.deepEqual(stats.types.tick, {
    count: 3,
    first: 1_000,
    last: 3_000,
    ratePerSecond: 1,
    maxGapMs: 1_500,
    meanGapMs: 1_000,
  });
  assert.deepEqual(stats.types["job:done"], {
    count: 1,
    first: 1_100,
    last: 1_100,
    ratePerSecond: 0,
    maxGapMs: 0,
    meanGapMs: 0,
  });
  assert.deepEqual(stats.sources, { __proto__: null, clock: 3, runner: 1 });
  assert.equal(Object.getPrototypeOf(stats.types), null);
});

Deno.test("logStats() adds listener counts from a client, and reads streams", async () => {
  const events = new EventClient<{ tick: number; "job:done": string }>();
  events.on("tick", () => {});
  events.on("tick", () => {});
  const text = log.map((e) => JSON.stringify(e)).join("\n");
  const stats = await logStats(readEventLog(ReadableStream.from([text])), { client: events });
  assert.equal(stats.types.tick!.listeners, 2);
  assert.equal(stats.types["job:done"]!.listeners, 0);
});

Deno.test("logStats() counts logged types with a * as types, not as patterns", async () => {
  const events = new EventClient();
  events.on("job:*", () => {});
  const stats = await logStats([
    { type: "job:*", source: "s", timestamp: 1, data: null },
    { type: "a*b", source: "s", timestamp: 2, data: null },
  ], { client: events });
  assert.equal(stats.types["job:*"]!.listeners, 0);
  assert.equal(stats.types["a*b"]!.listeners, 0);
  assert.equal(stats.types["a*b"]!.count, 1);
});

Deno.test("logStats() of an empty log is all zeros", async () => {
  const stats = await logStats([]);
  assert.deepEqual(stats, {
    count: 0,
    first: 0,
    last: 0,
    ratePerSecond: 0,
    maxGapMs: 0,
    meanGapMs: 0,
    types: { __proto__: null },
    sources: { __proto__: null },
  });
});

Deno.test("logStats() of a log that steps back in time (merged clocks) never reports a negative time", async () => {
  const at = (timestamp: number): SystemEvent => ({ type: "t", source: "s", timestamp, data: 0 });
  const stats = await logStats([at(1_000), at(2), at(500), at(1_600)]);
  assert.equal(stats.first, 2);
  assert.equal(stats.last, 1_600);
  assert.equal(stats.meanGapMs, 1_598 / 3);
  assert.equal(stats.maxGapMs, 600);
  assert.equal(stats.ratePerSecond, 3 / 1.598);
  for (const figures of [stats, stats.types.t!]) {
    assert.ok(figures.meanGapMs >= 0 && figures.maxGapMs >= 0 && figures.ratePerSecond >= 0);
  }
});
