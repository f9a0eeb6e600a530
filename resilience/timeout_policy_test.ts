import assert from "node:assert/strict";
import { timeoutPolicy } from "./timeout_policy.ts";
import { TimeoutError } from "./timeout_error.ts";
import { FakeClock } from "./testdata/fake_clock.ts";

Deno.test("timeoutPolicy() returns the result of work on time", async () => {
  const clock = new FakeClock();
  assert.equal(await timeoutPolicy(100, { clock }).execute(() => "ok"), "ok");
  assert.equal(clock.pending, 0);
});

Deno.test("timeoutPolicy() rejects late work with a TimeoutError and aborts its signal", async () => {
  const clock = new FakeClock();
  let seen: AbortSignal | undefined;
  const late = timeoutPolicy(100, { clock }).execute(({ signal }) => {
    seen = signal;
    return new Promise(() => {});
  }).catch((e) => e);
  await clock.tick(100);
  assert.ok(await late instanceof TimeoutError);
  assert.ok(seen?.reason instanceof TimeoutError);
});

Deno.test("timeoutPolicy() honours the call's signal", async () => {
  const controller = new AbortController();
  const call = timeoutPolicy(100, { clock: new FakeClock() }).execute(() => new Promise(() => {}), {
    signal: controller.signal,
  });
  controller.abort("stop");
  await assert.rejects(call, (e) => e === "stop");
});

Deno.test("timeoutPolicy() throws INVALID_OPTION at once for a bad ms", () => {
  assert.throws(() => timeoutPolicy(-1), { code: "INVALID_OPTION", message: /Invalid ms -1/ });
});
