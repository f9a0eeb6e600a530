import assert from "node:assert/strict";
import { BrokenCircuitError } from "./broken_circuit_error.ts";
import { Bulkhead } from "./bulkhead.ts";
import { CircuitBreaker } from "./circuit_breaker.ts";
import { fallback } from "./fallback.ts";
import type { ExecuteOptions, Policy, PolicyContext } from "./policy.ts";
import { retryPolicy } from "./retry_policy.ts";
import { RetryError } from "./retry_error.ts";
import { wrap } from "./wrap.ts";
import { FakeClock } from "./testdata/fake_clock.ts";

function logged(name: string, log: string[], seen: (ExecuteOptions | undefined)[] = []): Policy {
  return {
    async execute<T>(
      fn: (context: PolicyContext) => Promise<T> | T,
      options?: ExecuteOptions,
    ): Promise<T> {
      log.push(`${name} in`);
      seen.push(options);
      try {
        return await fn({ signal: options?.signal ?? new AbortController().signal });
      } finally {
        log.push(`${name} out`);
      }
    },
  };
}

Deno.test("wrap() runs the policies outermost first", async () => {
  const log: string[] = [];
  const policy = wrap(logged("a", log), logged("b", log), logged("c", log));
  assert.equal(await policy.execute(() => (log.push("work"), 42)), 42);
  assert.deepEqual(log, ["a in", "b in", "c in", "work", "c out", "b out", "a out"]);
});

Deno.test("wrap() passes the caller's signal through every policy to the work", async () => {
  const seen: (ExecuteOptions | undefined)[] = [];
  const controller = new AbortController();
  const policy = wrap(logged("a", [], seen), logged("b", [], seen));
  const signal = await policy.execute((ctx) => ctx.signal, { signal: controller.signal });
  assert.equal(signal, controller.signal);
  assert.deepEqual(seen.map((o) => o?.signal), [controller.signal, controller.signal]);
});

Deno.test("wrap() gives inner policies no signal when the caller gave none", async () => {
  const seen: (ExecuteOptions | undefined)[] = [];
  const policy = wrap(new Bulkhead({ maxConcurrent: 1 }), logged("inner", [], seen));
  await policy.execute(() => 1);
  assert.deepEqual(seen, [undefined]);
});

Deno.test("wrap() with one policy runs the work through it", async () => {
  const log: string[] = [];
  const policy = wrap(logged("only", log));
  await assert.rejects(
    policy.execute((): never => {
      throw new Error("sync");
    }),
    { message: "sync" },
  );
  const controller = new AbortController();
  const signal = await policy.execute(({ signal }) => signal, { signal: controller.signal });
  assert.equal(signal, controller.signal);
  assert.deepEqual(log, ["only in", "only out", "only in", "only out"]);
});

Deno.test("wrap() retries through a breaker until it opens, then falls back", async () => {
  const clock = new FakeClock(true);
  const breaker = new CircuitBreaker({ consecutiveFailures: 2, clock });
  const errors: unknown[] = [];
  const policy = wrap(
    fallback((error) => (errors.push(error), "fallback")),
    retryPolicy({ maxAttempts: 4, clock }),
    breaker,
  );
  let calls = 0;
  const value = await policy.execute((): string => {
    calls++;
    throw new Error("down");
  });
  assert.equal(value, "fallback");
  assert.equal(calls, 2);
  assert.ok(errors[0] instanceof RetryError);
  assert.ok(errors[0].cause instanceof BrokenCircuitError);
  assert.equal(breaker.state, "open");
});
