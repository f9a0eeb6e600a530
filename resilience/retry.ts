import { retrier } from "./_retrier.ts";
import type { Clock } from "./clock.ts";
import type { BackoffOptions } from "./exponential_backoff.ts";

/**
 * Options for {@linkcode retry}: how often to try, how long to wait between
 * tries (see {@linkcode BackoffOptions}), which errors to retry, and when to stop.
 */
export interface RetryOptions extends BackoffOptions {
  /** The most attempts, the first included: an integer, 1 or more, or Infinity. Default `5`. */
  readonly maxAttempts?: number | undefined;
  /**
   * Whether an error is worth another attempt. An error it rejects is thrown
   * as it is, at once. Default: every error is.
   */
  readonly isRetriable?: ((error: unknown) => boolean) | undefined;
  /** Stops retrying: `retry` rejects with the signal's `reason` at once, even mid-wait. */
  readonly signal?: AbortSignal | undefined;
  /** Called after a failed attempt, before waiting `delay` ms for the next. */
  readonly onRetry?: ((error: unknown, attempt: number, delay: number) => void) | undefined;
  /** The clock to wait with; a fake one makes tests fast. Default {@linkcode systemClock}. */
  readonly clock?: Clock | undefined;
}

/**
 * Calls `fn` until it succeeds, waiting longer after each failure (exponential
 * backoff with jitter), like `@std/async`'s `retry`.
 *
 * `fn` gets the attempt number (from 1) and the caller's signal (one that never
 * aborts when there is none). When the signal aborts, `retry` rejects with its
 * `reason` at once, during an attempt or a wait, and makes no more attempts.
 *
 * @typeParam T The result of `fn`.
 * @param fn The work to try; it may be sync or async.
 * @param options Attempts, delays, which errors to retry, a signal and a clock.
 * @returns The first successful result.
 * @throws {RetryError} When `maxAttempts` attempts failed; `cause` is the last error.
 * @throws {ResilienceError} `INVALID_OPTION`, at once, for a bad option.
 *
 * @example Retry a flaky call
 * ```ts
 * import { retry } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * let calls = 0;
 * const result = await retry((attempt) => {
 *   calls++;
 *   if (attempt < 3) throw new Error("flaky");
 *   return "ok";
 * }, { minDelay: 1, maxAttempts: 5 });
 * assert.equal(result, "ok");
 * assert.equal(calls, 3);
 * ```
 */
export function retry<T>(
  fn: (attempt: number, signal: AbortSignal) => Promise<T> | T,
  options: RetryOptions = {},
): Promise<T> {
  return retrier(options)(fn, options.signal);
}
