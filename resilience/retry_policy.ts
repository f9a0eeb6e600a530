import { retrier } from "./_retrier.ts";
import type { Policy } from "./policy.ts";
import type { RetryOptions } from "./retry.ts";

/**
 * Creates a policy that retries each call: {@linkcode retry} as a
 * {@linkcode Policy}, for {@linkcode wrap}. A call's signal takes the place of
 * `options.signal`.
 *
 * @param options Attempts, delays, which errors to retry and a clock.
 * @returns A policy that retries the work it runs.
 * @throws {ResilienceError} `INVALID_OPTION`, at once, for a bad option.
 *
 * @example Retry through a circuit breaker
 * ```ts
 * import { CircuitBreaker, retryPolicy, wrap } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const breaker = new CircuitBreaker({ consecutiveFailures: 3 });
 * const policy = wrap(retryPolicy({ maxAttempts: 3, minDelay: 0 }), breaker);
 * let calls = 0;
 * const result = await policy.execute(() => {
 *   if (++calls < 2) throw new Error("flaky");
 *   return "ok";
 * });
 * assert.equal(result, "ok");
 * assert.equal(breaker.state, "closed");
 * ```
 */
export function retryPolicy(options: RetryOptions = {}): Policy {
  const run = retrier(options);
  return {
    execute: (fn, opts) => run((_, signal) => fn({ signal }), opts?.signal ?? options.signal),
  };
}
