import assert from "node:assert/strict";
import { growthLines, processBenchmarks } from "../bench/run.ts";

Deno.test("processBenchmarks() runs every compare and growth file, not the harnesses", () => {
  const names = [
    "_growth.ts",
    "_harness.ts",
    "di_bench.ts",
    "events_compare.ts",
    "storage_growth.ts",
    "events_growth.ts",
    "startup.ts",
    "storage_browser_compare.ts",
  ];
  assert.deepEqual(processBenchmarks(names), [
    "events_compare.ts",
    "events_growth.ts",
    "storage_browser_compare.ts",
    "storage_growth.ts",
  ]);
});

Deno.test("growthLines() finds the lines growth() prints among other output", () => {
  const output = [
    "emit, one listener (deno)",
    "subscribe N listeners: N=10000 12.5 ms, 4N=40000 51.0 ms, 4N/N = 4.08 (linear is 4)",
    "  ours 1.2 M/s",
    "keys(): N=1000 3.0 ms, 4N=4000 48.0 ms, 4N/N = 16.00 (linear is 4)",
  ].join("\n");
  assert.deepEqual(growthLines(output), [
    "subscribe N listeners: N=10000 12.5 ms, 4N=40000 51.0 ms, 4N/N = 4.08 (linear is 4)",
    "keys(): N=1000 3.0 ms, 4N=4000 48.0 ms, 4N/N = 16.00 (linear is 4)",
  ]);
});
