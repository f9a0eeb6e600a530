import { check } from "./_check.ts";
import { guard, NEVER } from "./_common.ts";
import { systemClock } from "./clock.ts";
import { exponentialBackoff } from "./exponential_backoff.ts";
import type { RetryOptions } from "./retry.ts";
import { RetryError } from "./retry_error.ts";

/** Runs `fn` with retries, stopping when `signal` aborts. */
export type Retrier = <T>(
  fn: (attempt: number, signal: AbortSignal) => Promise<T> | T,
  signal: AbortSignal | undefined,
) => Promise<T>;

/** Checks retry options once and returns a function that retries with them. */
export function retrier(options: RetryOptions): Retrier {
  const maxAttempts = check("maxAttempts", options.maxAttempts ?? 5, 1, Infinity, true);
  const backoff = exponentialBackoff(options);
  const { isRetriable, onRetry, clock = systemClock } = options;
  return <T>(
    fn: (attempt: number, signal: AbortSignal) => Promise<T> | T,
    signal: AbortSignal | undefined,
  ): Promise<T> => {
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
    // Without a signal, no wrapper: the success path stays one async call.
    return signal
      ? guard(signal, (resolve, reject) => {
        run().then(resolve, reject);
      })
      : run();
  };
}
