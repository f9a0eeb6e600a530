import assert from "node:assert/strict";
import { retryPolicy } from "./retry_policy.ts";
import { RetryError } from "./retry_error.ts";
import { FakeClock } from "./testdata/fake_clock.ts";

Deno.test("retryPolicy() retries the work of each call", async () => {
  const policy = retryPolicy({ maxAttempts: 3, clock: new FakeClock(true) });
  let calls = 0;
  assert.equal(await policy.execute(() => ++calls < 3 ? Promise.reject(new Error()) : calls), 3);
  const error = await policy.execute(() => Promise.reject(new Error("down"))).catch((e) => e);
  assert.ok(error instanceof RetryError);
  assert.equal(error.attempts, 3);
});

Deno.test("retryPolicy() gives the work the call's signal", async () => {
  const controller = new AbortController();
  const policy = retryPolicy({ clock: new FakeClock(true) });
  let seen: AbortSignal | undefined;
  await policy.execute(({ signal }) => seen = signal, { signal: controller.signal });
  assert.equal(seen, controller.signal);
  await assert.rejects(
    policy.execute(() => "never", { signal: AbortSignal.abort("gone") }),
    (e) => e === "gone",
  );
});

Deno.test("retryPolicy() falls back to the signal in its options", async () => {
  const policy = retryPolicy({ signal: AbortSignal.abort("options"), clock: new FakeClock(true) });
  await assert.rejects(policy.execute(() => "never"), (e) => e === "options");
});

Deno.test("retryPolicy() throws INVALID_OPTION at once for bad options", () => {
  assert.throws(() => retryPolicy({ maxAttempts: 0 }), {
    code: "INVALID_OPTION",
    message: /maxAttempts 0/,
  });
  assert.throws(() => retryPolicy({ jitter: 3 }), { code: "INVALID_OPTION", message: /jitter 3/ });
});
