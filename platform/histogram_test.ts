import assert from "node:assert/strict";
import { Histogram } from "./histogram.ts";
import { PlatformError } from "./platform_error.ts";

const isCode = (code: string) => (error: unknown) =>
  error instanceof PlatformError && error.code === code;

Deno.test("Histogram reports exact count, min, max, mean and sum", () => {
  const histogram = new Histogram();
  for (const value of [5, 1, 9, 3]) histogram.record(value);
  assert.equal(histogram.count, 4);
  assert.equal(histogram.min, 1);
  assert.equal(histogram.max, 9);
  assert.equal(histogram.sum, 18);
  assert.equal(histogram.mean, 4.5);
});

Deno.test("Histogram percentiles stay within the relative accuracy", () => {
  for (const accuracy of [0.01, 0.05]) {
    const histogram = new Histogram({ relativeAccuracy: accuracy });
    const values: number[] = [];
    let seed = 7;
    for (let i = 0; i < 20_000; i++) {
      seed = (seed * 16807) % 2147483647;
      const value = Math.exp((seed / 2147483647) * 14 - 7); // 1e-3 .. 1e3, log-uniform
      values.push(value);
      histogram.record(value);
    }
    values.sort((a, b) => a - b);
    for (const p of [1, 25, 50, 90, 99, 99.9]) {
      const exact = values[Math.floor((p / 100) * (values.length - 1))]!;
      const estimate = histogram.percentile(p);
      assert.ok(
        Math.abs(estimate - exact) <= exact * accuracy * 1.001,
        `p${p}: estimate ${estimate} vs exact ${exact} at accuracy ${accuracy}`,
      );
    }
    assert.equal(histogram.percentile(0), values[0]);
    assert.equal(histogram.percentile(100), values[values.length - 1]);
  }
});

Deno.test("Histogram memory grows with the range of values, not their number", () => {
  const histogram = new Histogram();
  for (let i = 0; i < 100_000; i++) histogram.record(10 + (i % 10));
  const snapshot = histogram.snapshot();
  assert.equal(snapshot.count, 100_000);
  assert.ok(Math.abs(snapshot.p50 - 14) <= 0.14, `p50 ${snapshot.p50}`);
  // 10..19 spans log(1.9)/log(1.0202) ≈ 33 buckets at 1%, however many values come.
  assert.ok(histogram.bucketCount <= 34, `buckets ${histogram.bucketCount}`);
  histogram.record(1e6);
  assert.equal(histogram.bucketCount <= 35, true);
});

Deno.test("Histogram counts zeros and tiny values below the first bucket", () => {
  const histogram = new Histogram();
  for (let i = 0; i < 60; i++) histogram.record(0);
  for (let i = 0; i < 40; i++) histogram.record(100);
  assert.equal(histogram.p50, 0);
  assert.equal(histogram.min, 0);
  assert.ok(Math.abs(histogram.p90 - 100) <= 1);
  assert.equal(histogram.percentile(59), 0);
});

const EMPTY = { count: 0, min: 0, max: 0, mean: 0, p50: 0, p90: 0, p99: 0 };

Deno.test("Histogram is all zeros when empty and after reset", () => {
  const histogram = new Histogram();
  assert.deepEqual(histogram.snapshot(), EMPTY);
  histogram.record(3);
  histogram.reset();
  assert.deepEqual(histogram.snapshot(), EMPTY);
  assert.equal(histogram.sum, 0);
  histogram.record(7);
  assert.equal(histogram.min, 7, "reset forgets the old minimum");
  assert.equal(histogram.p99, 7);
});

Deno.test("Histogram refuses invalid values and keeps what it had", () => {
  const histogram = new Histogram();
  histogram.record(1);
  for (const bad of [-1, NaN, Infinity, -Infinity, "2" as unknown as number]) {
    assert.throws(() => histogram.record(bad), isCode("INVALID_VALUE"));
  }
  assert.equal(histogram.count, 1);
  assert.equal(histogram.sum, 1);
  for (const bad of [-1, 101, NaN]) {
    assert.throws(() => histogram.percentile(bad), isCode("INVALID_VALUE"));
  }
});

Deno.test("Histogram refuses an accuracy outside (0, 1)", () => {
  for (const bad of [0, 1, -0.1, 2, NaN]) {
    assert.throws(
      () => new Histogram({ relativeAccuracy: bad }),
      (error: unknown) =>
        isCode("INVALID_OPTION")(error) && /between 0 and 1/.test((error as Error).message),
    );
  }
});

Deno.test("Histogram percentiles see buckets added after an earlier query", () => {
  const histogram = new Histogram();
  for (const value of [1, 2, 3]) histogram.record(value);
  assert.ok(Math.abs(histogram.p50 - 2) <= 0.02);
  for (let i = 0; i < 10; i++) histogram.record(1000);
  assert.ok(Math.abs(histogram.p50 - 1000) <= 10, `p50 ${histogram.p50}`);
});
