import assert from "node:assert/strict";
import { BrokenCircuitError } from "./broken_circuit_error.ts";
import { CircuitBreaker, type CircuitState } from "./circuit_breaker.ts";
import { exponentialBackoff } from "./exponential_backoff.ts";
import { ResilienceError } from "./resilience_error.ts";
import { FakeClock, flush } from "./testdata/fake_clock.ts";

const down = (): never => {
  throw new Error("down");
};

async function failTimes(breaker: CircuitBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await breaker.execute(down).catch(() => {});
}

Deno.test("CircuitBreaker opens after 5 consecutive failures by default", async () => {
  const breaker = new CircuitBreaker({ clock: new FakeClock() });
  await failTimes(breaker, 4);
  assert.equal(breaker.state, "closed");
  assert.equal(breaker.counts.consecutiveFailures, 4);
  await failTimes(breaker, 1);
  assert.equal(breaker.state, "open");
});

Deno.test("CircuitBreaker success resets the consecutive failures", async () => {
  const breaker = new CircuitBreaker({ consecutiveFailures: 3, clock: new FakeClock() });
  await failTimes(breaker, 2);
  assert.equal(await breaker.execute(() => Promise.resolve("ok")), "ok");
  assert.equal(breaker.counts.consecutiveFailures, 0);
  await failTimes(breaker, 2);
  assert.equal(breaker.state, "closed");
  await failTimes(breaker, 1);
  assert.equal(breaker.state, "open");
});

Deno.test("CircuitBreaker open circuit rejects at once with BrokenCircuitError", async () => {
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, clock: new FakeClock() });
  await failTimes(breaker, 1);
  let calls = 0;
  const error = await breaker.execute(() => ++calls).catch((e) => e);
  assert.ok(error instanceof BrokenCircuitError);
  assert.ok(error instanceof ResilienceError);
  assert.equal(error.code, "BROKEN_CIRCUIT");
  assert.equal(error.name, "BrokenCircuitError");
  assert.match(error.message, /open/);
  assert.equal(calls, 0);
  assert.deepEqual(breaker.counts, {
    successes: 0,
    failures: 1,
    rejections: 1,
    consecutiveFailures: 1,
  });
});

Deno.test("CircuitBreaker half-opens after halfOpenAfter and closes on a trial success", async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, halfOpenAfter: 1000, clock });
  await failTimes(breaker, 1);
  clock.time = 999;
  assert.equal(breaker.state, "open");
  await assert.rejects(breaker.execute(() => 1), BrokenCircuitError);
  clock.time = 1000;
  assert.equal(breaker.state, "half-open");
  assert.equal(await breaker.execute(() => "trial"), "trial");
  assert.equal(breaker.state, "closed");
});

Deno.test("CircuitBreaker half-opens on a call once the wait is over", async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, halfOpenAfter: 10, clock });
  const states: CircuitState[] = [];
  breaker.onStateChange((state) => states.push(state));
  await failTimes(breaker, 1);
  clock.time = 10;
  await breaker.execute(() => "ok");
  assert.deepEqual(states, ["open", "half-open", "closed"]);
});

Deno.test("CircuitBreaker waits 30 s by default before half-opening", async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, clock });
  await failTimes(breaker, 1);
  clock.time = 29_999;
  assert.equal(breaker.state, "open");
  clock.time = 30_000;
  assert.equal(breaker.state, "half-open");
});

Deno.test("CircuitBreaker trial failure opens the circuit again", async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, halfOpenAfter: 100, clock });
  await failTimes(breaker, 1);
  clock.time = 100;
  await assert.rejects(breaker.execute(down), { message: "down" });
  assert.equal(breaker.state, "open");
  clock.time = 199;
  assert.equal(breaker.state, "open");
  clock.time = 200;
  assert.equal(breaker.state, "half-open");
});

Deno.test("CircuitBreaker halfOpenAfter backoff grows while the circuit keeps opening", async () => {
  const clock = new FakeClock();
  const opens: number[] = [];
  const backoff = exponentialBackoff({ minDelay: 100, jitter: 0 });
  const breaker = new CircuitBreaker({
    consecutiveFailures: 1,
    halfOpenAfter: (n) => (opens.push(n), backoff(n)),
    clock,
  });
  await failTimes(breaker, 1); // open #1: 100 ms
  clock.time += 100;
  await failTimes(breaker, 1); // trial fails, open #2: 200 ms
  clock.time += 199;
  assert.equal(breaker.state, "open");
  clock.time += 1;
  await failTimes(breaker, 1); // open #3: 400 ms
  clock.time += 400;
  await breaker.execute(() => "ok"); // closes, which resets the count
  await failTimes(breaker, 1);
  assert.deepEqual(opens, [1, 2, 3, 1]);
});

Deno.test("CircuitBreaker lets one trial through when half-open; a concurrent call is rejected", async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, halfOpenAfter: 10, clock });
  await failTimes(breaker, 1);
  clock.time = 10;
  let release!: (value: string) => void;
  let trials = 0;
  const first = breaker.execute(() => {
    trials++;
    return new Promise<string>((resolve) => release = resolve);
  });
  const second = breaker.execute(() => {
    trials++;
    return "second";
  });
  await assert.rejects(second, BrokenCircuitError);
  assert.equal(breaker.state, "half-open");
  release("first");
  assert.equal(await first, "first");
  assert.equal(trials, 1);
  assert.equal(breaker.state, "closed");
  assert.equal(breaker.counts.rejections, 1);
});

Deno.test("CircuitBreaker halfOpenCalls lets that many trials through at once", async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({
    consecutiveFailures: 1,
    halfOpenAfter: 10,
    halfOpenCalls: 2,
    clock,
  });
  await failTimes(breaker, 1);
  clock.time = 10;
  const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(1), 1));
  const calls = [breaker.execute(slow), breaker.execute(slow), breaker.execute(slow)];
  const results = await Promise.allSettled(calls);
  assert.deepEqual(results.map((r) => r.status), ["fulfilled", "fulfilled", "rejected"]);
  assert.equal(breaker.state, "closed");
});

Deno.test("CircuitBreaker a trial that ends after the circuit reopened does not close it", async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({
    consecutiveFailures: 1,
    halfOpenAfter: 10,
    halfOpenCalls: 2,
    clock,
  });
  await failTimes(breaker, 1);
  clock.time = 10;
  let release!: () => void;
  const slow = breaker.execute(() => new Promise<void>((resolve) => release = resolve));
  await failTimes(breaker, 1); // the other trial fails: open again
  release();
  await slow;
  assert.equal(breaker.state, "open");
});

Deno.test("CircuitBreaker a call that fails after a change of state does not count", async () => {
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, clock: new FakeClock() });
  let reject!: (error: Error) => void;
  const slow = breaker.execute(() => new Promise((_, r) => reject = r));
  breaker.isolate()(); // closed -> isolated -> closed
  reject(new Error("late"));
  await assert.rejects(slow, { message: "late" });
  assert.equal(breaker.state, "closed");
  assert.equal(breaker.counts.failures, 1);
});

Deno.test("CircuitBreaker opens on the failure rate over a sliding window", async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({
    failureRate: { threshold: 0.5, window: 1000, minimumCalls: 4 },
    clock,
  });
  const ok = () => "ok";
  await failTimes(breaker, 3); // 3 calls: under minimumCalls
  assert.equal(breaker.state, "closed");
  clock.time = 2000; // those fall out of the window
  await breaker.execute(ok);
  await failTimes(breaker, 1);
  await breaker.execute(ok);
  await breaker.execute(ok); // 4 calls, 1 failed: 25%
  assert.equal(breaker.state, "closed");
  clock.time = 2500;
  await failTimes(breaker, 1); // 5 calls, 2 failed: 40%
  assert.equal(breaker.state, "closed");
  await failTimes(breaker, 1); // 6 calls, 3 failed: 50%
  assert.equal(breaker.state, "open");
});

Deno.test("CircuitBreaker failure rate window slides bucket by bucket", async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({
    failureRate: { threshold: 0.6, window: 1000, minimumCalls: 2 },
    clock,
  });
  await breaker.execute(() => 1); // t=0
  await breaker.execute(() => 1); // t=0
  clock.time = 950;
  await failTimes(breaker, 1); // 3 calls, 1 failed
  await failTimes(breaker, 1); // 4 calls, 2 failed: 50%
  assert.equal(breaker.state, "closed");
  clock.time = 1000; // the bucket at t=0 has left the window: 2 calls, 2 failed
  await failTimes(breaker, 1);
  assert.equal(breaker.state, "open");
});

Deno.test("CircuitBreaker with only failureRate ignores consecutive failures", async () => {
  const breaker = new CircuitBreaker({
    failureRate: { threshold: 1, minimumCalls: 100 },
    clock: new FakeClock(),
  });
  await failTimes(breaker, 50);
  assert.equal(breaker.state, "closed");
});

Deno.test("CircuitBreaker with both rules opens on either", async () => {
  const breaker = new CircuitBreaker({
    consecutiveFailures: 3,
    failureRate: { threshold: 1, minimumCalls: 100 },
    clock: new FakeClock(),
  });
  await failTimes(breaker, 3);
  assert.equal(breaker.state, "open");
});

Deno.test("CircuitBreaker closing clears the failure-rate window", async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({
    failureRate: { threshold: 0.5, minimumCalls: 2 },
    halfOpenAfter: 10,
    clock,
  });
  await failTimes(breaker, 2);
  assert.equal(breaker.state, "open");
  clock.time = 10;
  await breaker.execute(() => 1);
  assert.equal(breaker.state, "closed");
  await failTimes(breaker, 1); // 1 call in the window, under minimumCalls
  assert.equal(breaker.state, "closed");
});

Deno.test("CircuitBreaker isFailure decides which errors count", async () => {
  const breaker = new CircuitBreaker({
    consecutiveFailures: 2,
    isFailure: (error) => (error as Error).message !== "not found",
    clock: new FakeClock(),
  });
  await failTimes(breaker, 1);
  await assert.rejects(breaker.execute(() => Promise.reject(new Error("not found"))));
  assert.equal(breaker.counts.consecutiveFailures, 0);
  assert.equal(breaker.counts.successes, 1);
  await failTimes(breaker, 2);
  assert.equal(breaker.state, "open");
});

Deno.test("CircuitBreaker does not count a call whose signal aborted", async () => {
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, clock: new FakeClock() });
  const controller = new AbortController();
  const call = breaker.execute(
    ({ signal }) =>
      new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    {
      signal: controller.signal,
    },
  );
  controller.abort("stop");
  await assert.rejects(call, (e) => e === "stop");
  assert.equal(breaker.state, "closed");
  assert.equal(breaker.counts.failures, 0);
});

Deno.test("CircuitBreaker an aborted trial frees its slot and stays half-open", async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, halfOpenAfter: 10, clock });
  await failTimes(breaker, 1);
  clock.time = 10;
  const controller = new AbortController();
  const trial = breaker.execute(
    ({ signal }) =>
      new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    {
      signal: controller.signal,
    },
  );
  controller.abort("stop");
  await assert.rejects(trial);
  assert.equal(breaker.state, "half-open");
  assert.equal(await breaker.execute(() => "next trial"), "next trial");
  assert.equal(breaker.state, "closed");
});

Deno.test("CircuitBreaker execute() rejects with the reason of an aborted signal without calling", async () => {
  const breaker = new CircuitBreaker();
  let calls = 0;
  await assert.rejects(
    breaker.execute(() => ++calls, { signal: AbortSignal.abort("gone") }),
    (e) => e === "gone",
  );
  assert.equal(calls, 0);
});

Deno.test("CircuitBreaker execute() gives the work the caller's signal", async () => {
  const breaker = new CircuitBreaker();
  const controller = new AbortController();
  assert.equal(
    await breaker.execute(({ signal }) => signal, { signal: controller.signal }),
    controller.signal,
  );
  const none = await breaker.execute(({ signal }) => signal);
  assert.equal(none.aborted, false);
});

Deno.test("CircuitBreaker isolate() holds the circuit open until every hold is released", async () => {
  const breaker = new CircuitBreaker();
  const states: string[] = [];
  breaker.onStateChange((state, previous) => states.push(`${previous}->${state}`));
  const first = breaker.isolate();
  const second = breaker.isolate();
  assert.equal(breaker.state, "isolated");
  const error = await breaker.execute(() => 1).catch((e) => e);
  assert.ok(error instanceof BrokenCircuitError);
  assert.match(error.message, /isolated/);
  first();
  first(); // a second release of the same hold does nothing
  assert.equal(breaker.state, "isolated");
  second();
  assert.equal(breaker.state, "closed");
  assert.equal(await breaker.execute(() => 1), 1);
  assert.deepEqual(states, ["closed->isolated", "isolated->closed"]);
});

Deno.test("CircuitBreaker isolated circuit does not half-open with time", async () => {
  const clock = new FakeClock();
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, halfOpenAfter: 10, clock });
  await failTimes(breaker, 1);
  const release = breaker.isolate();
  clock.time = 1000;
  assert.equal(breaker.state, "isolated");
  release();
  assert.equal(breaker.state, "closed");
});

Deno.test("CircuitBreaker onStateChange() returns an unsubscribe function", async () => {
  const breaker = new CircuitBreaker({ consecutiveFailures: 1, clock: new FakeClock() });
  const states: CircuitState[] = [];
  const stop = breaker.onStateChange((state) => states.push(state));
  stop();
  await failTimes(breaker, 1);
  assert.deepEqual(states, []);
});

Deno.test("CircuitBreaker a throwing listener is reported and the others still run", async () => {
  const reported: unknown[] = [];
  const original = globalThis.reportError;
  globalThis.reportError = (error) => reported.push(error);
  try {
    const breaker = new CircuitBreaker({ consecutiveFailures: 1, clock: new FakeClock() });
    const states: CircuitState[] = [];
    breaker.onStateChange(() => {
      throw new Error("bad listener");
    });
    breaker.onStateChange((state) => states.push(state));
    await assert.rejects(breaker.execute(down), { message: "down" });
    assert.deepEqual(states, ["open"]);
    assert.equal((reported[0] as Error).message, "bad listener");
  } finally {
    globalThis.reportError = original;
  }
});

Deno.test("CircuitBreaker counts successes, failures and rejections", async () => {
  const breaker = new CircuitBreaker({ consecutiveFailures: 2, clock: new FakeClock() });
  await breaker.execute(() => 1);
  await breaker.execute(() => 2);
  await failTimes(breaker, 2);
  await failTimes(breaker, 3);
  await flush();
  assert.deepEqual(breaker.counts, {
    successes: 2,
    failures: 2,
    rejections: 3,
    consecutiveFailures: 2,
  });
});

Deno.test("CircuitBreaker throws INVALID_OPTION for bad options", () => {
  const cases: [ConstructorParameters<typeof CircuitBreaker>[0], RegExp][] = [
    [{ consecutiveFailures: 0 }, /consecutiveFailures 0: expected an integer from 1/],
    [{ consecutiveFailures: 2.5 }, /consecutiveFailures 2.5/],
    [{ halfOpenAfter: -1 }, /halfOpenAfter -1: expected a number from 0/],
    [{ halfOpenAfter: NaN }, /halfOpenAfter NaN/],
    [{ halfOpenCalls: 0 }, /halfOpenCalls 0/],
    [
      { failureRate: { threshold: 1.5 } },
      /failureRate.threshold 1.5: expected a number from 0 to 1/,
    ],
    [{ failureRate: { threshold: NaN } }, /failureRate.threshold NaN/],
    [{ failureRate: { threshold: 0.5, window: 0 } }, /failureRate.window 0/],
    [{ failureRate: { threshold: 0.5, minimumCalls: 0 } }, /failureRate.minimumCalls 0/],
  ];
  for (const [options, message] of cases) {
    assert.throws(
      () => new CircuitBreaker(options),
      (e) => e instanceof ResilienceError && e.code === "INVALID_OPTION" && message.test(e.message),
      message.source,
    );
  }
});
