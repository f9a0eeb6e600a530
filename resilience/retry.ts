import { check } from "./_check.ts";
import { NEVER } from "./_common.ts";
import { type Clock, systemClock } from "./clock.ts";
import { type BackoffOptions, exponentialBackoff } from "./exponential_backoff.ts";
import { RetryError } from "./retry_error.ts";

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
  const maxAttempts = check("maxAttempts", options.maxAttempts ?? 5, 1, Infinity, true);
  const backoff = exponentialBackoff(options);
  const { isRetriable, signal, onRetry, clock = systemClock } = options;
  const run = async (): Promise<T> => {
    for (let attempt = 1;; attempt++) {
      try {
        return await fn(attempt, signal ?? NEVER);
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        if (isRetriable && !isRetriable(error)) throw error;
        if (attempt >= maxAttempts) throw new RetryError(attempt, error);
        const ms = backoff(attempt);
        onRetry?.(error, attempt, ms);
        await clock.sleep(ms, signal);
      }
    }
  };
  if (!signal) return run();
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const abort = (): void => reject(signal.reason);
    signal.addEventListener("abort", abort, { once: true });
    run().then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}
