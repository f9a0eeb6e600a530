import assert from "node:assert/strict";
import { Histogram } from "@atomiton/platform/metrics";
import { measureSequential, resultOf, splitBudget, withinBudget } from "./_measure.ts";

const live = (): AbortSignal => new AbortController().signal;

Deno.test("measureSequential() makes exactly `iterations` calls, in order, and times each", async () => {
  const seen: number[] = [];
  const result = await measureSequential("op", (i) => void seen.push(i), { iterations: 7 }, live());
  assert.deepEqual(seen, [0, 1, 2, 3, 4, 5, 6]);
  assert.equal(result.name, "op");
  assert.equal(result.count, 7);
  assert.equal(result.latencyMs.count, 7);
  const { min, p50, p90, p99, max } = result.latencyMs;
  assert.ok(min <= p50 && p50 <= p90 && p90 <= p99 && p99 <= max);
  assert.ok(result.opsPerSecond > 0);
});

Deno.test("measureSequential() awaits an async operation before the next call", async () => {
  let running = 0;
  let most = 0;
  await measureSequential(
    "op",
    async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running--;
    },
    { iterations: 5 },
    live(),
  );
  assert.equal(most, 1);
});

Deno.test("measureSequential() stops at `limit` calls and when the signal aborts", async () => {
  const limited = await measureSequential("op", () => {}, { iterations: 100 }, live(), 3);
  assert.equal(limited.count, 3);
  const controller = new AbortController();
  const aborted = await measureSequential(
    "op",
    (i) => {
      if (i === 4) controller.abort();
    },
    { iterations: 100 },
    controller.signal,
  );
  assert.equal(aborted.count, 5);
});

Deno.test("measureSequential() with a duration calls at least once and stops once it has passed", async () => {
  // Each call outlasts the whole 1 ms duration, so exactly one call fits.
  const result = await measureSequential(
    "op",
    () => new Promise((resolve) => setTimeout(resolve, 5)),
    { durationMs: 1 },
    live(),
  );
  assert.equal(result.count, 1);
});

Deno.test("splitBudget() shares a duration between parts and keeps a count of iterations", () => {
  assert.deepEqual(splitBudget({ durationMs: 900 }, 3), { durationMs: 300 });
  assert.deepEqual(splitBudget({ durationMs: 1 }, 3), { durationMs: 1 });
  assert.deepEqual(splitBudget({ iterations: 50 }, 3), { iterations: 50 });
});

Deno.test("withinBudget() counts iterations and stops on abort", () => {
  assert.equal(withinBudget({ iterations: 2 }, 1, 0, live()), true);
  assert.equal(withinBudget({ iterations: 2 }, 2, 0, live()), false);
  assert.equal(withinBudget({ durationMs: 1e9 }, 0, 0, AbortSignal.abort()), false);
});

Deno.test("resultOf() gives calls per second over the elapsed time", () => {
  const latency = new Histogram();
  for (const value of [1, 2, 3, 4]) latency.record(value);
  const result = resultOf("x", latency, 2000);
  assert.equal(result.count, 4);
  assert.equal(result.opsPerSecond, 2);
  assert.equal(result.latencyMs.max, 4);
  assert.equal(resultOf("none", new Histogram(), 0).opsPerSecond, 0);
});
