import assert from "node:assert/strict";
import { fallback } from "./fallback.ts";

Deno.test("fallback() returns the work's result when it succeeds", async () => {
  let handled = 0;
  const policy = fallback(() => ++handled);
  assert.equal(await policy.execute(() => "ok"), "ok");
  assert.equal(handled, 0);
});

Deno.test("fallback() answers with the handler's result when the work fails", async () => {
  const errors: unknown[] = [];
  const policy = fallback((error) => {
    errors.push(error);
    return Promise.resolve("cached");
  });
  assert.equal(await policy.execute(() => Promise.reject(new Error("down"))), "cached");
  assert.equal((errors[0] as Error).message, "down");
});

Deno.test("fallback() rethrows an error isHandled rejects", async () => {
  const policy = fallback(() => "cached", { isHandled: (e) => e instanceof RangeError });
  assert.equal(await policy.execute(() => Promise.reject(new RangeError())), "cached");
  await assert.rejects(policy.execute(() => Promise.reject(new TypeError("no"))), TypeError);
});

Deno.test("fallback() does not rescue a call whose signal aborted", async () => {
  const policy = fallback(() => "cached");
  const controller = new AbortController();
  const call = policy.execute(
    ({ signal }) =>
      new Promise((_, reject) => signal.addEventListener("abort", () => reject(signal.reason))),
    {
      signal: controller.signal,
    },
  );
  controller.abort("stop");
  await assert.rejects(call, (e) => e === "stop");
});

Deno.test("fallback() rejects when the handler throws", async () => {
  const policy = fallback((): never => {
    throw new Error("no fallback");
  });
  await assert.rejects(policy.execute(() => Promise.reject(new Error())), {
    message: "no fallback",
  });
});
