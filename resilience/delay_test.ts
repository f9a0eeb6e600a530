import assert from "node:assert/strict";
import { delay } from "./delay.ts";
import { ResilienceError } from "./resilience_error.ts";

Deno.test("delay() resolves after the time", async () => {
  const started = performance.now();
  assert.equal(await delay(10), undefined);
  assert.ok(performance.now() - started >= 9);
});

Deno.test("delay() rejects with the signal's reason and clears its timer", async () => {
  const controller = new AbortController();
  const waiting = delay(60_000, { signal: controller.signal });
  const reason = new Error("stop");
  controller.abort(reason);
  // The test sanitizer fails the test if the 60 s timer were still set.
  await assert.rejects(waiting, (e) => e === reason);
});

Deno.test("delay() rejects at once for an aborted signal", async () => {
  await assert.rejects(delay(60_000, { signal: AbortSignal.abort("gone") }), (e) => e === "gone");
});

Deno.test("delay() with a signal that does not abort resolves", async () => {
  const controller = new AbortController();
  await delay(1, { signal: controller.signal });
  controller.abort(); // after the wait: nothing happens
});

Deno.test("delay() throws INVALID_OPTION at once for a bad ms", () => {
  for (const ms of [-1, NaN, 2 ** 31]) {
    assert.throws(
      () => delay(ms),
      (e) =>
        e instanceof ResilienceError && e.code === "INVALID_OPTION" &&
        e.message === `Invalid ms ${ms}: expected a number from 0 to 2147483647.`,
    );
  }
});
