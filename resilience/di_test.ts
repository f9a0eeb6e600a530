import assert from "node:assert/strict";
import { Container, DIError } from "@atomiton/di";
import { BrokenCircuitError } from "./broken_circuit_error.ts";
import { Bulkhead } from "./bulkhead.ts";
import { CircuitBreaker } from "./circuit_breaker.ts";
import { systemClock } from "./clock.ts";
import {
  bulkheadToken,
  circuitBreakerToken,
  clockToken,
  provideResilience,
  retryPolicyToken,
} from "./di.ts";

Deno.test("provideResilience() registers singleton policies on the system clock", async () => {
  await using container = provideResilience(new Container(), {
    circuitBreaker: { consecutiveFailures: 1 },
  });
  assert.equal(container.resolve(clockToken), systemClock);
  const breaker = container.resolve(circuitBreakerToken);
  assert.ok(breaker instanceof CircuitBreaker);
  assert.equal(container.resolve(circuitBreakerToken), breaker);
  await assert.rejects(breaker.execute(() => Promise.reject(new Error("down"))), /down/);
  await assert.rejects(breaker.execute(() => "never"), BrokenCircuitError);
});

Deno.test("provideResilience() retry policy uses its options and the container's clock", async () => {
  const slept: number[] = [];
  await using container = provideResilience(new Container(), {
    retry: { maxAttempts: 3, minDelay: 10, jitter: 0 },
  }).createChild().registerValue(clockToken, {
    now: () => 0,
    sleep: (ms: number) => {
      slept.push(ms);
      return Promise.resolve();
    },
  }, { override: true });
  let attempts = 0;
  const result = await container.resolve(retryPolicyToken).execute(() => {
    if (++attempts < 3) throw new Error("flaky");
    return "done";
  });
  assert.equal(result, "done");
  assert.equal(attempts, 3);
  assert.equal(slept.length, 2, "waited between attempts on the injected clock");
});

Deno.test("provideResilience() registers a bulkhead only when given its options", async () => {
  await using without = provideResilience(new Container());
  assert.equal(without.has(bulkheadToken), false);
  assert.throws(() => without.resolve(bulkheadToken), DIError);
  await using withBulkhead = provideResilience(new Container(), { bulkhead: { maxConcurrent: 2 } });
  assert.ok(withBulkhead.resolve(bulkheadToken) instanceof Bulkhead);
});
