import assert from "node:assert/strict";
import type { OperationResult } from "./_measure.ts";
import { formatDuration, formatOperations, formatRate } from "./_report.ts";
import { createStyle } from "../_common/style.ts";

Deno.test("formatRate() picks M/s, k/s or /s", () => {
  assert.equal(formatRate(224_730_000), "224.73 M/s");
  assert.equal(formatRate(8_800), "8.8 k/s");
  assert.equal(formatRate(123.4), "123/s");
  assert.equal(formatRate(0.6), "0.6/s");
});

Deno.test("formatDuration() picks ns, µs, ms or s", () => {
  assert.equal(formatDuration(0.000096), "96 ns");
  assert.equal(formatDuration(0.0916), "91.6 µs");
  assert.equal(formatDuration(0.16), "160 µs");
  assert.equal(formatDuration(4.456), "4.46 ms");
  assert.equal(formatDuration(32.94), "32.9 ms");
  assert.equal(formatDuration(1650), "1.65 s");
});

Deno.test("formatOperations() aligns a heading and a row per operation", () => {
  const op = (name: string, count: number, opsPerSecond: number, ms: number): OperationResult => ({
    name,
    count,
    opsPerSecond,
    latencyMs: { count, min: ms, mean: ms, p50: ms, p90: ms * 2, p99: ms * 3, max: ms * 4 },
  });
  const text = formatOperations(
    [op("set", 1000, 5000, 0.16), op("round trip, one at a time", 7, 15_000, 2)],
    createStyle(false),
  );
  assert.equal(
    text,
    [
      "  operation                  count     ops/s      p50      p90      p99      max",
      "  set                         1000   5.0 k/s   160 µs   320 µs   480 µs   640 µs",
      "  round trip, one at a time      7  15.0 k/s  2.00 ms  4.00 ms  6.00 ms  8.00 ms",
    ].join("\n"),
  );
});
