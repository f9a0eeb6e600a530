import assert from "node:assert/strict";
import { createErrorBoundary } from "./create_error_boundary.ts";

Deno.test("createErrorBoundary() returns a sync result as it is, without a promise", () => {
  const boundary = createErrorBoundary({ onError: () => assert.fail("no error") });
  const result = boundary.run((a: number, b: number) => a + b, 2, 3);
  assert.equal(result, 5);
  assert.equal(boundary.run(() => null), null);
});

Deno.test("createErrorBoundary() reports a thrown error and returns undefined", () => {
  const errors: unknown[] = [];
  const boundary = createErrorBoundary({ onError: (e) => errors.push(e) });
  const error = new Error("listener failed");
  assert.equal(
    boundary.run(() => {
      throw error;
    }),
    undefined,
  );
  assert.deepEqual(errors, [error]);
});

Deno.test("createErrorBoundary() reports a rejection and resolves undefined", async () => {
  const errors: unknown[] = [];
  const boundary = createErrorBoundary({ onError: (e) => errors.push(e) });
  const pending = boundary.run(async (n: number) => {
    await Promise.resolve();
    throw new Error(`task ${n}`);
  }, 7);
  assert.ok(pending instanceof Promise);
  assert.equal(await pending, undefined);
  assert.equal((errors[0] as Error).message, "task 7");
  assert.equal(await boundary.run(() => Promise.resolve("fine")), "fine");
});

Deno.test("createErrorBoundary() reports to globalThis.reportError by default", async () => {
  const reported: unknown[] = [];
  const original = globalThis.reportError;
  globalThis.reportError = (error) => reported.push(error);
  try {
    const boundary = createErrorBoundary();
    boundary.run(() => {
      throw new Error("sync");
    });
    await boundary.run(() => Promise.reject(new Error("async")));
    assert.deepEqual(reported.map((e) => (e as Error).message), ["sync", "async"]);
  } finally {
    globalThis.reportError = original;
  }
});

Deno.test("createErrorBoundary() falls back to console.error without reportError", () => {
  const logged: unknown[] = [];
  const original = globalThis.reportError;
  // deno-lint-ignore no-console
  const originalError = console.error;
  // @ts-ignore: simulating a runtime without reportError
  delete globalThis.reportError;
  // deno-lint-ignore no-console
  console.error = (error: unknown) => logged.push(error);
  try {
    createErrorBoundary().run(() => {
      throw new Error("logged");
    });
    assert.equal((logged[0] as Error).message, "logged");
  } finally {
    globalThis.reportError = original;
    // deno-lint-ignore no-console
    console.error = originalError;
  }
});

Deno.test("createErrorBoundary() reports an error thrown by onError and never throws", () => {
  const reported: unknown[] = [];
  const original = globalThis.reportError;
  globalThis.reportError = (error) => reported.push(error);
  try {
    const boundary = createErrorBoundary({
      onError: () => {
        throw new Error("handler failed");
      },
    });
    assert.equal(
      boundary.run(() => {
        throw new Error("work failed");
      }),
      undefined,
    );
    assert.equal((reported[0] as Error).message, "handler failed");
  } finally {
    globalThis.reportError = original;
  }
});
