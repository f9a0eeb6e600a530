import assert from "node:assert/strict";
import { exponentialBackoff } from "./exponential_backoff.ts";

Deno.test("exponentialBackoff() doubles from 1 s up to 60 s by default", () => {
  const backoff = exponentialBackoff({ jitter: 0 });
  assert.deepEqual([1, 2, 3, 7, 8, 50].map(backoff), [1000, 2000, 4000, 60000, 60000, 60000]);
});

Deno.test("exponentialBackoff() uses full jitter by default", () => {
  const backoff = exponentialBackoff({ minDelay: 100, multiplier: 1 });
  const delays = Array.from({ length: 50 }, () => backoff(1));
  assert.ok(delays.every((ms) => ms >= 0 && ms <= 100));
  assert.ok(Math.min(...delays) < 50, "full jitter reaches below half");
});

Deno.test("exponentialBackoff() gives 0, not NaN, for minDelay 0 and a huge multiplier", () => {
  const backoff = exponentialBackoff({ minDelay: 0, multiplier: Infinity, jitter: 0 });
  assert.deepEqual([1, 2, 3].map(backoff), [0, 0, 0]);
});

Deno.test("exponentialBackoff() throws INVALID_OPTION for bad options", () => {
  assert.throws(() => exponentialBackoff({ minDelay: NaN }), {
    code: "INVALID_OPTION",
    message: "Invalid minDelay NaN: expected a number from 0 to 2147483647.",
  });
  assert.throws(() => exponentialBackoff({ jitter: 2 }), { code: "INVALID_OPTION" });
});
