import assert from "node:assert/strict";
import { ResilienceError } from "./resilience_error.ts";
import { retry } from "./retry.ts";
import { RetryError } from "./retry_error.ts";
import { FakeClock, flush } from "./testdata/fake_clock.ts";

const fail = (message = "down"): never => {
  throw new Error(message);
};

Deno.test("retry() returns the first success without waiting", async () => {
  const clock = new FakeClock(true);
  assert.equal(await retry(() => "ok", { clock }), "ok");
  assert.equal(await retry(() => Promise.resolve(7), { clock }), 7);
  assert.deepEqual(clock.sleeps, []);
});

Deno.test("retry() passes the attempt number and a signal that never aborts", async () => {
  const seen: [number, boolean][] = [];
  const result = await retry((attempt, signal) => {
    seen.push([attempt, signal.aborted]);
    return attempt < 3 ? fail() : attempt;
  }, { clock: new FakeClock(true) });
  assert.equal(result, 3);
  assert.deepEqual(seen, [[1, false], [2, false], [3, false]]);
});

Deno.test("retry() gives up after maxAttempts", async () => {
  let calls = 0;
  const error = await retry(() => fail(`call ${++calls}`), {
    maxAttempts: 3,
    clock: new FakeClock(true),
  }).catch((e) => e);
  assert.ok(error instanceof RetryError);
  assert.ok(error instanceof ResilienceError);
  assert.equal(error.code, "RETRY_EXHAUSTED");
  assert.equal(error.name, "RetryError");
  assert.equal(error.attempts, 3);
  assert.equal((error.cause as Error).message, "call 3");
  assert.equal(calls, 3);
});

Deno.test("retry() makes 5 attempts by default", async () => {
  let calls = 0;
  const clock = new FakeClock(true);
  await assert.rejects(retry(() => fail(String(++calls)), { clock }), RetryError);
  assert.equal(calls, 5);
  assert.equal(clock.sleeps.length, 4);
  assert.ok(clock.sleeps.every((ms, i) => ms >= 0 && ms <= 1000 * 2 ** i));
});

Deno.test("retry() with maxAttempts 1 calls once and does not wait", async () => {
  const clock = new FakeClock(true);
  const error = await retry(() => fail(), { maxAttempts: 1, clock }).catch((e) => e);
  assert.equal(error.attempts, 1);
  assert.deepEqual(clock.sleeps, []);
});

Deno.test("retry() waits exponentially longer, capped at maxDelay", async () => {
  const clock = new FakeClock(true);
  await assert.rejects(
    retry(() => fail(), {
      maxAttempts: 6,
      minDelay: 100,
      maxDelay: 500,
      multiplier: 2,
      jitter: 0,
      clock,
    }),
    RetryError,
  );
  assert.deepEqual(clock.sleeps, [100, 200, 400, 500, 500]);
  assert.equal(clock.time, 1700);
});

Deno.test("retry() multiplier sets the growth of the delays", async () => {
  const clock = new FakeClock(true);
  await assert.rejects(
    retry(() => fail(), { maxAttempts: 4, minDelay: 10, multiplier: 3, jitter: 0, clock }),
  );
  assert.deepEqual(clock.sleeps, [10, 30, 90]);
});

Deno.test("retry() jitter takes a random part off each delay", async () => {
  const clock = new FakeClock(true);
  await assert.rejects(
    retry(() => fail(), { maxAttempts: 41, minDelay: 100, multiplier: 1, jitter: 0.5, clock }),
  );
  assert.equal(clock.sleeps.length, 40);
  assert.ok(clock.sleeps.every((ms) => ms >= 50 && ms <= 100));
  assert.ok(new Set(clock.sleeps).size > 1, "delays vary");
});

Deno.test("retry() calls onRetry with the error, the attempt and the delay", async () => {
  const calls: [string, number, number][] = [];
  const clock = new FakeClock(true);
  await assert.rejects(
    retry((attempt) => fail(`#${attempt}`), {
      maxAttempts: 3,
      minDelay: 10,
      jitter: 0,
      clock,
      onRetry: (error, attempt, delay) => calls.push([(error as Error).message, attempt, delay]),
    }),
  );
  assert.deepEqual(calls, [["#1", 1, 10], ["#2", 2, 20]]);
});

Deno.test("retry() rethrows at once an error isRetriable rejects", async () => {
  const fatal = new TypeError("fatal");
  let calls = 0;
  const clock = new FakeClock(true);
  const error = await retry(() => {
    calls++;
    throw calls < 2 ? new Error("transient") : fatal;
  }, { isRetriable: (e) => !(e instanceof TypeError), clock }).catch((e) => e);
  assert.equal(error, fatal);
  assert.equal(calls, 2);
});

Deno.test("retry() rejects with the signal's reason during the backoff and clears its timer", async () => {
  const controller = new AbortController();
  const clock = new FakeClock();
  let calls = 0;
  const result = retry(() => fail(String(++calls)), {
    signal: controller.signal,
    minDelay: 1000,
    clock,
  });
  await flush();
  assert.equal(clock.pending, 1);
  const reason = new Error("cancelled");
  controller.abort(reason);
  await assert.rejects(result, (e) => e === reason);
  assert.equal(clock.pending, 0);
  assert.equal(calls, 1);
});

Deno.test("retry() never sleeps past an abort with the real clock", async () => {
  const controller = new AbortController();
  const result = retry(() => fail(), { signal: controller.signal, minDelay: 60_000, jitter: 0 });
  // Runs after the first attempt failed and its 60 s sleep began (those are microtasks).
  setTimeout(() => controller.abort(new Error("stop")), 0);
  // A safety net far below the sleep: only a retry that ignores the abort meets it.
  let net: ReturnType<typeof setTimeout> | undefined;
  const slept = new Promise((resolve) => net = setTimeout(resolve, 30_000, "slept on"));
  const outcome = await Promise.race([result.catch((e: Error) => e.message), slept]);
  clearTimeout(net);
  assert.equal(outcome, "stop"); // and the sanitizer finds no 60 s timer left behind
});

Deno.test("retry() rejects at once when the signal aborts during an attempt", async () => {
  const controller = new AbortController();
  let seen: AbortSignal | undefined;
  let calls = 0;
  let settle!: (error: Error) => void;
  const result = retry((_, signal) => {
    calls++;
    seen = signal;
    return new Promise<never>((_, reject) => settle = reject);
  }, { signal: controller.signal, clock: new FakeClock(true) });
  controller.abort("stop");
  await assert.rejects(result, (e) => e === "stop");
  assert.equal(seen, controller.signal);
  assert.equal(seen?.aborted, true);
  settle(new Error("late")); // the attempt fails after all
  await flush(); // what it would set off (a retry, on a clock that never waits) has run
  assert.equal(calls, 1);
});

Deno.test("retry() with an aborted signal rejects without calling fn", async () => {
  let calls = 0;
  const reason = new Error("already");
  await assert.rejects(
    retry(() => ++calls, { signal: AbortSignal.abort(reason) }),
    (e) => e === reason,
  );
  assert.equal(calls, 0);
});

Deno.test("retry() with a signal that does not abort returns the result", async () => {
  const controller = new AbortController();
  const clock = new FakeClock(true);
  const result = await retry((attempt) => attempt < 2 ? fail() : "ok", {
    signal: controller.signal,
    clock,
  });
  assert.equal(result, "ok");
  assert.equal(clock.sleeps.length, 1);
});

Deno.test("retry() throws INVALID_OPTION at once for bad options", () => {
  const cases: [Record<string, number>, RegExp][] = [
    [{ maxAttempts: 0 }, /maxAttempts 0: expected an integer from 1 to Infinity/],
    [{ maxAttempts: 1.5 }, /maxAttempts 1.5/],
    [{ maxAttempts: NaN }, /maxAttempts NaN/],
    [{ minDelay: -1 }, /minDelay -1: expected a number from 0 to 2147483647/],
    [{ minDelay: 100, maxDelay: 50 }, /maxDelay 50: expected a number from 100 to/],
    [{ maxDelay: 2 ** 31 }, /maxDelay 2147483648/],
    [{ multiplier: 0.5 }, /multiplier 0.5: expected a number from 1 to Infinity/],
    [{ jitter: 1.5 }, /jitter 1.5: expected a number from 0 to 1/],
    [{ jitter: -0.1 }, /jitter -0.1/],
    [{ jitter: NaN }, /jitter NaN/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => retry(() => 1, options),
      (e) => e instanceof ResilienceError && e.code === "INVALID_OPTION" && message.test(e.message),
      JSON.stringify(options),
    );
  }
});

Deno.test("retry() allows Infinity maxAttempts", async () => {
  let calls = 0;
  const result = await retry(() => ++calls < 20 ? fail() : calls, {
    maxAttempts: Infinity,
    clock: new FakeClock(true),
  });
  assert.equal(result, 20);
});
