import { NEVER } from "./_common.ts";
import type { ExecuteOptions, Policy, PolicyContext } from "./policy.ts";

/**
 * Composes policies into one: the first is outermost, so
 * `wrap(fallbackPolicy, retryPolicy, breaker, bulkhead)` falls back when the
 * retries fail, retries calls the breaker refuses, and has each attempt wait
 * for a bulkhead slot. The caller's signal reaches every policy and the work.
 *
 * @typeParam R What a policy may return in place of the work's result.
 * @param policies The policies, outermost first; at least one.
 * @returns A policy that runs work through all of them.
 *
 * @example Retry through a breaker and a bulkhead, with a fallback
 * ```ts
 * import { Bulkhead, CircuitBreaker, fallback, retryPolicy, wrap } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const policy = wrap(
 *   fallback(() => "default"),
 *   retryPolicy({ maxAttempts: 3, minDelay: 0 }),
 *   new CircuitBreaker({ consecutiveFailures: 5 }),
 *   new Bulkhead({ maxConcurrent: 4, maxQueued: 100 }),
 * );
 * let calls = 0;
 * const value = await policy.execute((): string => {
 *   calls++;
 *   throw new Error("down");
 * });
 * assert.equal(value, "default");
 * assert.equal(calls, 3);
 * ```
 */
export function wrap<R = never>(...policies: [Policy<R>, ...Policy<R>[]]): Policy<R> {
  return {
    execute<T>(
      fn: (context: PolicyContext) => Promise<T> | T,
      options?: ExecuteOptions,
    ): Promise<T | R> {
      const run = (i: number, opts: ExecuteOptions | undefined): Promise<T | R> =>
        policies[i]!.execute<T | R>(
          // Inner policies get no signal when the caller gave none, so they keep their fast path.
          i + 1 < policies.length
            ? (ctx) => run(i + 1, ctx.signal === NEVER ? undefined : ctx)
            : fn,
          opts,
        );
      return run(0, options);
    },
  };
}
