import assert from "node:assert/strict";
import { StartBreaker } from "./_start_breaker.ts";

// A clock the test moves by hand: no test here waits for time to pass.
function manualClock(): { now(): number; advance(ms: number): void } {
  let time = 0;
  return { now: () => time, advance: (ms) => void (time += ms) };
}

const fail = (): Promise<never> => Promise.reject(new Error("start failed"));
const succeed = (): Promise<string> => Promise.resolve("started");

async function failTimes(breaker: StartBreaker, times: number): Promise<void> {
  for (let i = 0; i < times; i++) await assert.rejects(breaker.execute(fail), /start failed/);
}

Deno.test("StartBreaker opens after 3 failed starts in a row, and a success resets the count", async () => {
  const breaker = new StartBreaker(manualClock());
  await failTimes(breaker, 2);
  assert.equal(await breaker.execute(succeed), "started");
  await failTimes(breaker, 2);
  assert.equal(breaker.state, "closed");
  await failTimes(breaker, 1);
  assert.equal(breaker.state, "open");
  let called = false;
  await assert.rejects(
    breaker.execute(() => (called = true, succeed())),
    { name: "ExecutionError", code: "BROKEN_CIRCUIT" },
  );
  assert.equal(called, false, "no start while open");
});

Deno.test("StartBreaker lets one start try after 1 s, 2 s, 4 s ... up to 30 s", async () => {
  const clock = manualClock();
  const breaker = new StartBreaker(clock);
  await failTimes(breaker, 3);
  for (const wait of [1000, 2000, 4000, 8000, 16000, 30000, 30000]) {
    clock.advance(wait - 1);
    assert.equal(breaker.state, "open", `still open 1 ms before ${wait} ms`);
    clock.advance(1);
    assert.equal(breaker.state, "half-open", `half-open after ${wait} ms`);
    await failTimes(breaker, 1); // the one trial fails: open again, for longer
    assert.equal(breaker.state, "open");
  }
  clock.advance(30000);
  assert.equal(await breaker.execute(succeed), "started");
  assert.equal(breaker.state, "closed");
  await failTimes(breaker, 3);
  clock.advance(1000);
  assert.equal(breaker.state, "half-open", "a success started the backoff over at 1 s");
});

Deno.test("StartBreaker: half-open lets exactly one start run at a time", async () => {
  const clock = manualClock();
  const breaker = new StartBreaker(clock);
  await failTimes(breaker, 3);
  clock.advance(1000);
  let finish!: () => void;
  const trial = breaker.execute(() => new Promise<void>((resolve) => finish = resolve));
  await assert.rejects(breaker.execute(succeed), { code: "BROKEN_CIRCUIT" });
  assert.equal(breaker.state, "half-open");
  finish();
  await trial;
  assert.equal(breaker.state, "closed");
});

Deno.test("StartBreaker: a start begun before the circuit opened does not count after", async () => {
  const breaker = new StartBreaker(manualClock());
  let finish!: () => void;
  const slow = breaker.execute(() => new Promise<void>((resolve) => finish = resolve));
  await failTimes(breaker, 3);
  assert.equal(breaker.state, "open");
  finish();
  await slow;
  assert.equal(breaker.state, "open", "the late success of an older start leaves it open");
});
