import { sleep } from "./_common.ts";

/**
 * The source of time for {@linkcode retry}, {@linkcode deadline} and
 * {@linkcode CircuitBreaker}. Pass a fake one in tests so that backoff and
 * half-open timing run in microseconds instead of seconds.
 */
export interface Clock {
  /** Returns the current time in milliseconds; only differences matter. */
  now(): number;
  /**
   * Resolves after `ms` milliseconds; rejects with `signal.reason` as soon as
   * the signal aborts, and then leaves no timer behind.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock: `performance.now()` and `setTimeout`.
 *
 * @example Read the time and sleep
 * ```ts
 * import { systemClock } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const start = systemClock.now();
 * await systemClock.sleep(5);
 * assert.ok(systemClock.now() - start >= 4);
 * ```
 */
export const systemClock: Clock = {
  now: (): number => performance.now(),
  sleep,
};
