/**
 * Retry with exponential backoff and jitter, deadlines, circuit breakers,
 * bulkheads and fallbacks, with no dependencies. Error boundaries are their own
 * entry, `@atomiton/resilience/error-boundary`; container wiring is
 * `@atomiton/resilience/di`.
 *
 * It provides what `@std/async` would (`delay`, `retry`, `deadline`, shaped
 * like it) and the policies of cockatiel, which compose with `wrap`. Every
 * error extends {@linkcode ResilienceError} with a stable `code`; an aborted
 * signal rejects with its `reason`; time comes from an injectable
 * {@linkcode Clock}, so tests of backoff and half-open timing run fast.
 *
 * @example Retry a call through a circuit breaker, with a time limit per attempt
 * ```ts
 * import { CircuitBreaker, retryPolicy, timeoutPolicy, wrap } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const breaker = new CircuitBreaker({ consecutiveFailures: 5, halfOpenAfter: 10_000 });
 * const policy = wrap(
 *   retryPolicy({ maxAttempts: 3, minDelay: 1 }),
 *   breaker,
 *   timeoutPolicy(2_000),
 * );
 * let attempts = 0;
 * const answer = await policy.execute(async ({ signal }) => {
 *   if (++attempts < 2) throw new Error("flaky"); // fetch(url, { signal }) in real code
 *   return signal.aborted ? "late" : "ok";
 * });
 * assert.equal(answer, "ok");
 * assert.equal(breaker.counts.failures, 1);
 * ```
 *
 * @module
 */
export { ResilienceError } from "./resilience_error.ts";
export { RetryError } from "./retry_error.ts";
export { TimeoutError } from "./timeout_error.ts";
export { BrokenCircuitError } from "./broken_circuit_error.ts";
export { BulkheadRejectedError } from "./bulkhead_rejected_error.ts";
export { type Clock, systemClock } from "./clock.ts";
export { delay, type DelayOptions } from "./delay.ts";
export { type Backoff, type BackoffOptions, exponentialBackoff } from "./exponential_backoff.ts";
export { retry, type RetryOptions } from "./retry.ts";
export { deadline, type DeadlineOptions } from "./deadline.ts";
export type { ExecuteOptions, Policy, PolicyContext } from "./policy.ts";
export { retryPolicy } from "./retry_policy.ts";
export { timeoutPolicy, type TimeoutPolicyOptions } from "./timeout_policy.ts";
export {
  CircuitBreaker,
  type CircuitBreakerCounts,
  type CircuitBreakerOptions,
  type CircuitState,
  type CircuitStateListener,
  type FailureRateOptions,
} from "./circuit_breaker.ts";
export { Bulkhead, type BulkheadOptions } from "./bulkhead.ts";
export { fallback, type FallbackOptions } from "./fallback.ts";
export { wrap } from "./wrap.ts";
