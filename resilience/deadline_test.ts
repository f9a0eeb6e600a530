import assert from "node:assert/strict";
import { deadline } from "./deadline.ts";
import { ResilienceError } from "./resilience_error.ts";
import { TimeoutError } from "./timeout_error.ts";
import { FakeClock, flush } from "./testdata/fake_clock.ts";

Deno.test("deadline() settles like the work when it is on time and clears its timer", async () => {
  const clock = new FakeClock();
  assert.equal(await deadline(Promise.resolve(1), 100, { clock }), 1);
  assert.equal(await deadline(() => 2, 100, { clock }), 2);
  assert.equal(await deadline(() => Promise.resolve(3), 100), 3); // real clock: the sanitizer checks the timer
  await assert.rejects(deadline(Promise.reject(new Error("no")), 100, { clock }), {
    message: "no",
  });
  assert.equal(clock.pending, 0);
});

Deno.test("deadline() rejects with the error a function throws", async () => {
  await assert.rejects(
    deadline(
      (): never => {
        throw new Error("sync");
      },
      100,
      { clock: new FakeClock() },
    ),
    { message: "sync" },
  );
});

Deno.test("deadline() rejects with a TimeoutError when the time passes", async () => {
  const clock = new FakeClock();
  let settled = false;
  const late = deadline(new Promise(() => {}), 100, { clock }).catch((e) => {
    settled = true;
    return e;
  });
  await clock.tick(99);
  await flush();
  assert.equal(settled, false);
  await clock.tick(1);
  const error = await late;
  assert.ok(error instanceof TimeoutError);
  assert.ok(error instanceof ResilienceError);
  assert.equal(error.code, "TIMEOUT");
  assert.equal(error.name, "TimeoutError");
  assert.equal(error.ms, 100);
  assert.equal(error.message, "Timed out after 100 ms.");
});

Deno.test("deadline() aborts the work's signal at the deadline", async () => {
  const clock = new FakeClock();
  let seen: AbortSignal | undefined;
  const late = deadline(
    (signal) => {
      seen = signal;
      return new Promise((_, reject) =>
        signal.addEventListener("abort", () => reject(new Error("x")))
      );
    },
    50,
    { clock },
  ).catch((e) => e);
  assert.equal(seen?.aborted, false);
  await clock.tick(50);
  const error = await late;
  assert.ok(error instanceof TimeoutError);
  assert.equal(seen?.aborted, true);
  assert.equal(seen?.reason, error);
});

Deno.test("deadline() with the real clock times out", async () => {
  await assert.rejects(deadline(new Promise(() => {}), 1), TimeoutError);
});

Deno.test("deadline() rejects with the caller's reason when its signal aborts", async () => {
  const clock = new FakeClock();
  const controller = new AbortController();
  let seen: AbortSignal | undefined;
  const work = deadline(
    (signal) => {
      seen = signal;
      return new Promise(() => {});
    },
    1000,
    { signal: controller.signal, clock },
  );
  controller.abort("stop");
  await assert.rejects(work, (e) => e === "stop");
  assert.equal(seen?.reason, "stop");
  assert.equal(clock.pending, 0);
});

Deno.test("deadline() with an aborted signal rejects without calling the work", async () => {
  let calls = 0;
  await assert.rejects(
    deadline(() => ++calls, 1000, { signal: AbortSignal.abort("gone") }),
    (e) => e === "gone",
  );
  assert.equal(calls, 0);
});

Deno.test("deadline() with a signal that does not abort returns the result", async () => {
  const controller = new AbortController();
  assert.equal(await deadline(() => "ok", 1000, { signal: controller.signal }), "ok");
});

Deno.test("deadline() throws INVALID_OPTION at once for a bad ms", () => {
  for (const ms of [-5, NaN, Infinity]) {
    assert.throws(() => deadline(Promise.resolve(), ms), {
      code: "INVALID_OPTION",
      message: `Invalid ms ${ms}: expected a number from 0 to 2147483647.`,
    });
  }
});

Deno.test("deadline() clears its timer when the work aborts the caller's signal at once", async () => {
  const clock = new FakeClock();
  const controller = new AbortController();
  const work = deadline(
    () => {
      controller.abort("from inside");
      return new Promise(() => {});
    },
    1000,
    { signal: controller.signal, clock },
  );
  await assert.rejects(work, (e) => e === "from inside");
  assert.equal(clock.pending, 0);
});
