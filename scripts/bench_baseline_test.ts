import assert from "node:assert/strict";
import {
  bestOf,
  comparisonRatios,
  growthRatio,
  type Measurement,
  recordBaseline,
  regressions,
} from "../bench/_baseline.ts";
import type { BenchRecord } from "./bench_page.ts";

// What events_compare.ts recorded on Deno in one run (the harness's JSON lines).
const recorded: BenchRecord[] = [
  ["ours", 12.0e6, 1],
  ["mitt", 8.0e6, 1.5],
  ["eventemitter3", 6.0e6, 2],
].map(([name, opsPerSecond, ratio]) => ({
  package: "@atomiton/events",
  file: "events_compare.ts",
  runtime: "deno",
  group: "emit, one listener",
  name: name as string,
  opsPerSecond: opsPerSecond as number,
  ratio: ratio as number,
}));
const GROWTH_LINE =
  "subscribe N listeners: N=10000 12.5 ms, 4N=40000 51.0 ms, 4N/N = 4.08 (linear is 4)";
const at = new Date("2025-01-02T03:04:05Z");

Deno.test("comparisonRatios() keys each peer's ratio; growthRatio() reads a printed growth line", () => {
  assert.deepEqual(comparisonRatios(recorded).map((m) => [m.key, m.ratio, m.better]), [
    ["events_compare.ts deno | emit, one listener | mitt", 1.5, "higher"],
    ["events_compare.ts deno | emit, one listener | eventemitter3", 2, "higher"],
  ]);
  assert.deepEqual(growthRatio("events_growth.ts", "node", GROWTH_LINE), {
    key: "events_growth.ts node | growth | subscribe N listeners",
    file: "events_growth.ts",
    ratio: 4.08,
    better: "lower",
  });
  assert.equal(growthRatio("events_growth.ts", "node", "  ours 1.2 M/s"), undefined);
});

const ratio = (key: string, value: number, better: "higher" | "lower" = "higher"): Measurement => ({
  key,
  file: key.split(" ")[0]!,
  ratio: value,
  better,
});

Deno.test("regressions() fails a ratio more than 20% worse, either way round (growth against at least linear)", () => {
  const baseline = recordBaseline(
    undefined,
    [
      ratio("a.ts deno | g | mitt", 2),
      ratio("a.ts deno | g | tseep", 1),
      ratio("b.ts deno | growth | keys", 4, "lower"),
      ratio("b.ts deno | growth | set", 4, "lower"),
      ratio("b.ts deno | growth | abort", 1.9, "lower"),
      ratio("b.ts deno | growth | drain", 2, "lower"),
    ],
    at,
    "test",
  );
  const found = regressions(baseline, [
    ratio("a.ts deno | g | mitt", 1.59), // 20.5% below 2: fails
    ratio("a.ts deno | g | tseep", 0.81), // 19% below 1: within
    ratio("b.ts deno | growth | keys", 5.1, "lower"), // 4/5.1 = 0.78: fails
    ratio("b.ts deno | growth | set", 4.9, "lower"), // 4/4.9 = 0.82: within
    ratio("b.ts deno | growth | abort", 4.9, "lower"), // below linear when recorded: 4/4.9 within
    ratio("b.ts deno | growth | drain", 5.1, "lower"), // 4/5.1 = 0.78 against linear: fails
    ratio("c.ts deno | g | new", 0.01), // not in the baseline: not judged
  ]);
  assert.deepEqual(found.map((r) => [r.key, r.baseline, r.now]), [
    ["a.ts deno | g | mitt", 2, 1.59],
    ["b.ts deno | growth | keys", 4, 5.1],
    ["b.ts deno | growth | drain", 2, 5.1],
  ]);
});

Deno.test("bestOf() keeps each key's best run, so one noisy repeat does not fail the check", () => {
  const runs = [
    [ratio("a.ts deno | g | mitt", 1.2), ratio("b.ts deno | growth | keys", 6, "lower")],
    [ratio("a.ts deno | g | mitt", 1.9), ratio("b.ts deno | growth | keys", 4.2, "lower")],
    [ratio("a.ts deno | g | mitt", 1.5), ratio("b.ts deno | growth | keys", 5, "lower")],
  ];
  assert.deepEqual(bestOf(...runs).map((m) => m.ratio), [1.9, 4.2]);
});

Deno.test("recordBaseline() replaces the measured keys, keeps the rest, and sorts by key", () => {
  const old = recordBaseline(undefined, [ratio("b", 1), ratio("a", 2)], at, "old machine");
  assert.deepEqual(old.ratios.map((m) => m.key), ["a", "b"]);
  const next = recordBaseline(old, [ratio("b", 3), ratio("__proto__", 1)], at, "new machine");
  assert.deepEqual(next.ratios.map((m) => [m.key, m.ratio]), [["__proto__", 1], ["a", 2], [
    "b",
    3,
  ]]);
  assert.deepEqual([next.recordedAt, next.machine], ["2025-01-02T03:04:05.000Z", "new machine"]);
  assert.deepEqual(JSON.parse(JSON.stringify(next)), next);
});
