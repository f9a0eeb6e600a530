/**
 * `@atomiton/resilience` for `@atomiton/di` containers: tokens for a shared
 * clock, retry policy, circuit breaker and bulkhead, and
 * {@linkcode provideResilience} to register them. Code without a container
 * never bundles this entry.
 *
 * @example One circuit breaker for the app, a fake clock in a test
 * ```ts
 * import assert from "node:assert/strict";
 * import { Container } from "@atomiton/di";
 * import { circuitBreakerToken, clockToken, provideResilience } from "@atomiton/resilience/di";
 *
 * await using app = provideResilience(new Container(), { circuitBreaker: { consecutiveFailures: 2 } });
 * const breaker = app.resolve(circuitBreakerToken);
 * assert.equal(breaker, app.resolve(circuitBreakerToken)); // one per container
 * assert.equal(await breaker.execute(() => "ok"), "ok");
 *
 * let time = 0;
 * await using test = app.createChild().registerValue(clockToken, {
 *   now: () => time,
 *   sleep: (ms) => {
 *     time += ms;
 *     return Promise.resolve();
 *   },
 * });
 * assert.notEqual(test.resolve(circuitBreakerToken), breaker); // built with the fake clock
 * ```
 *
 * @module
 */
import { type Container, type Token, token } from "@atomiton/di";
import { Bulkhead, type BulkheadOptions } from "./bulkhead.ts";
import { CircuitBreaker, type CircuitBreakerOptions } from "./circuit_breaker.ts";
import { type Clock, systemClock } from "./clock.ts";
import type { Policy } from "./policy.ts";
import type { RetryOptions } from "./retry.ts";
import { retryPolicy } from "./retry_policy.ts";

/** The clock every registered policy times with; replace it in tests. */
export const clockToken: Token<Clock> = token<Clock>("resilience.clock");

/** The app's retry policy. */
export const retryPolicyToken: Token<Policy> = token<Policy>("resilience.retry");

/** The app's circuit breaker. */
export const circuitBreakerToken: Token<CircuitBreaker> = token<CircuitBreaker>(
  "resilience.circuit-breaker",
);

/** The app's bulkhead. */
export const bulkheadToken: Token<Bulkhead> = token<Bulkhead>("resilience.bulkhead");

/** Options for {@linkcode provideResilience}: each policy's options, without the clock. */
export interface ResilienceProviderOptions {
  /** Options of the retry policy. */
  readonly retry?: Omit<RetryOptions, "clock" | "signal">;
  /** Options of the circuit breaker. */
  readonly circuitBreaker?: Omit<CircuitBreakerOptions, "clock">;
  /** Options of the bulkhead; without them no bulkhead is registered. */
  readonly bulkhead?: BulkheadOptions;
}

/**
 * Registers `@atomiton/resilience`'s policies as singletons sharing one clock
 * (the bulkhead only when its options are given); builds nothing until first
 * resolved.
 *
 * @param container The container to register in.
 * @param options Each policy's options.
 * @returns The same container, for chaining.
 *
 * @example Retry through the container
 * ```ts
 * import { Container } from "@atomiton/di";
 * import { provideResilience, retryPolicyToken } from "@atomiton/resilience/di";
 *
 * const container = provideResilience(new Container(), { retry: { maxAttempts: 3 } });
 * console.log(await container.resolve(retryPolicyToken).execute(() => 1));
 * ```
 */
export function provideResilience(
  container: Container,
  options: ResilienceProviderOptions = {},
): Container {
  container
    .registerValue(clockToken, systemClock)
    .registerFactory(retryPolicyToken, (clock) => retryPolicy({ ...options.retry, clock }), [
      clockToken,
    ])
    .registerFactory(
      circuitBreakerToken,
      (clock) => new CircuitBreaker({ ...options.circuitBreaker, clock }),
      [clockToken],
    );
  const bulkhead = options.bulkhead;
  return bulkhead
    ? container.registerFactory(bulkheadToken, () => new Bulkhead(bulkhead))
    : container;
}
