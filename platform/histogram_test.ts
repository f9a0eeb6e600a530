import assert from "node:assert/strict";
import { Histogram } from "./histogram.ts";
import { PlatformError } from "./platform_error.ts";
import fc from "fast-check";
import { HOSTILE_NUMBERS } from "../scripts/testing/hostile.ts";

/** The exact nearest-rank percentile of sorted values: the ceil(p% × n)-th, counting from 1. */
const nearestRank = (sorted: readonly number[], p: number): number =>
  sorted[Math.max(1, Math.ceil((p * sorted.length) / 100)) - 1]!;

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
      const exact = nearestRank(values, p);
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

Deno.test("Histogram percentiles are by nearest rank: p99 of [10, 100] is 100", () => {
  const two = new Histogram();
  two.record(10);
  two.record(100);
  assert.deepEqual([two.p50, two.p90, two.p99], [10, 100, 100]);
  const thousand = new Histogram();
  for (let i = 1; i <= 1000; i++) thousand.record(i);
  for (const [p, want] of [[50, 500], [90, 900], [99, 990], [99.9, 999], [100, 1000], [0, 1]]) {
    const got = thousand.percentile(p!);
    assert.ok(Math.abs(got - want!) <= want! * 0.01, `p${p}: ${got}, want ${want} within 1%`);
  }
});

const accuracies = fc.constantFrom(0.001, 0.01, 0.05, 0.2);
const recordable = fc.oneof(
  fc.double({ min: 0, max: Number.MAX_VALUE, noNaN: true }),
  fc.integer({ min: 0, max: 10_000 }),
  fc.constantFrom(...HOSTILE_NUMBERS),
);

Deno.test("Histogram records -0 as 0: min, max and percentiles are never -0", () => {
  const histogram = new Histogram();
  histogram.record(-0);
  assert.ok(Object.is(histogram.min, 0) && Object.is(histogram.max, 0));
  assert.ok(Object.is(histogram.percentile(50), 0));
});

Deno.test("Histogram matches exact nearest-rank percentiles within its accuracy, for any values", () => {
  fc.assert(
    fc.property(
      accuracies,
      fc.array(recordable, { minLength: 1, maxLength: 300 }),
      fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 10 }),
      (accuracy, values, ps) => {
        const histogram = new Histogram({ relativeAccuracy: accuracy });
        const kept: number[] = [];
        for (const value of values) {
          // The contract: a finite number, 0 or more, is recorded; anything else is refused.
          if (Number.isFinite(value) && value >= 0) {
            histogram.record(value);
            kept.push(value + 0); // -0 counts as 0: the histogram must never report -0.
          } else {
            assert.throws(() => histogram.record(value), isCode("INVALID_VALUE"));
          }
        }
        kept.sort((a, b) => a - b);
        assert.equal(histogram.count, kept.length);
        if (kept.length === 0) return;
        assert.equal(histogram.min, kept[0]);
        assert.equal(histogram.max, kept.at(-1));
        assert.ok(Number.isFinite(histogram.mean) && histogram.mean <= histogram.max);
        assert.ok(histogram.mean >= histogram.min * (1 - 1e-9));
        for (const p of [...ps, 0, 1, 50, 90, 99, 99.9, 100]) {
          const exact = nearestRank(kept, p);
          const estimate = histogram.percentile(p);
          // Values below 1e-9 share one bucket (documented); everything else is within the accuracy.
          const ok = Math.abs(estimate - exact) <= exact * accuracy * (1 + 1e-9) ||
            (exact < 1e-9 && estimate < 1e-9);
          assert.ok(ok, `p${p}: estimate ${estimate}, exact ${exact}, accuracy ${accuracy}`);
        }
      },
    ),
    { numRuns: 300 },
  );
});

Deno.test("Histogram refuses every hostile number it cannot record and records the rest exactly", () => {
  for (const value of HOSTILE_NUMBERS) {
    const histogram = new Histogram();
    histogram.record(5);
    if (Number.isFinite(value) && value >= 0) {
      histogram.record(value);
      histogram.record(value);
      assert.equal(histogram.count, 3);
      assert.equal(histogram.max, Math.max(5, value));
      assert.ok(Number.isFinite(histogram.mean), `mean of 5 and twice ${value}`);
      assert.equal(histogram.percentile(100), Math.max(5, value));
    } else {
      assert.throws(() => histogram.record(value), isCode("INVALID_VALUE"), String(value));
      assert.deepEqual([histogram.count, histogram.sum, histogram.max], [1, 5, 5]);
    }
  }
});
