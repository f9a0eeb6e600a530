import { check } from "./_check.ts";

/**
 * Returns how long to wait, in milliseconds, before the given retry
 * (1 for the first retry, 2 for the second, ...).
 */
export type Backoff = (retry: number) => number;

/** Options for {@linkcode exponentialBackoff}; the defaults are `@std/async`'s. */
export interface BackoffOptions {
  /** The first delay, in ms. Default `1000`. */
  readonly minDelay?: number | undefined;
  /** The longest delay, in ms, from `minDelay` to 2147483647. Default `60000`. */
  readonly maxDelay?: number | undefined;
  /** How much each delay grows over the last, 1 or more. Default `2`. */
  readonly multiplier?: number | undefined;
  /**
   * How much of each delay is random, from 0 to 1: the delay `d` becomes a
   * random value between `d * (1 - jitter)` and `d`. Default `1` ("full jitter",
   * which spreads retries of many clients best).
   */
  readonly jitter?: number | undefined;
}

/**
 * Creates an exponential backoff with jitter: before retry `n` it waits
 * `min(maxDelay, minDelay * multiplier ** (n - 1))`, less a random part set by
 * `jitter`.
 *
 * {@linkcode retry} uses it; pass one to {@linkcode CircuitBreaker}'s
 * `halfOpenAfter` to wait longer each time the circuit opens again.
 *
 * @param options The delays, growth and jitter.
 * @returns A function from the retry number to a delay in ms.
 * @throws {ResilienceError} `INVALID_OPTION` for a negative or NaN delay,
 * `maxDelay` under `minDelay`, `multiplier` under 1 or `jitter` outside 0..1.
 *
 * @example Double from 100 ms up to 1 s, without jitter
 * ```ts
 * import { exponentialBackoff } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const backoff = exponentialBackoff({ minDelay: 100, maxDelay: 1000, jitter: 0 });
 * assert.deepEqual([1, 2, 3, 4, 5].map(backoff), [100, 200, 400, 800, 1000]);
 * ```
 */
export function exponentialBackoff(options: BackoffOptions = {}): Backoff {
  const min = check("minDelay", options.minDelay ?? 1000, 0);
  const max = check("maxDelay", options.maxDelay ?? 60000, min);
  const multiplier = check("multiplier", options.multiplier ?? 2, 1, Infinity);
  const jitter = check("jitter", options.jitter ?? 1, 0, 1);
  return (retry) => {
    // `|| 0` turns 0 * Infinity (minDelay 0, huge multiplier) into 0.
    const ms = Math.min(max, min * multiplier ** (retry - 1)) || 0;
    return ms - ms * jitter * Math.random();
  };
}
