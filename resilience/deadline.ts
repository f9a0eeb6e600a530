import { check } from "./_check.ts";
import { guard, noop } from "./_common.ts";
import { type Clock, systemClock } from "./clock.ts";
import { TimeoutError } from "./timeout_error.ts";

/** Options for {@linkcode deadline}. */
export interface DeadlineOptions {
  /** Stops waiting: `deadline` rejects with the signal's `reason` at once. */
  readonly signal?: AbortSignal | undefined;
  /** The clock to time with; a fake one makes tests fast. Default {@linkcode systemClock}. */
  readonly clock?: Clock | undefined;
}

/**
 * Settles like `work`, or rejects with a {@linkcode TimeoutError} after `ms`
 * milliseconds, like `@std/async`'s `deadline`.
 *
 * When `work` is a function, it is called with a signal that aborts at the
 * deadline (its reason is the `TimeoutError`) or when the caller's signal
 * aborts, so the work can stop instead of running on unseen. The timer is
 * cleared as soon as the result is known.
 *
 * @typeParam T The result of the work.
 * @param work A promise, or a function that starts the work given a signal.
 * @param ms The time limit, from 0 to 2147483647 ms.
 * @param options An abort signal and a clock.
 * @returns The work's result.
 * @throws {TimeoutError} When the time limit passes first.
 * @throws {ResilienceError} `INVALID_OPTION`, at once, for a negative, NaN or too large `ms`.
 *
 * @example Give a request 5 seconds
 * ```ts
 * import { deadline } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const answer = await deadline(async (signal) => {
 *   await Promise.resolve(signal); // fetch(url, { signal }) in real code
 *   return 42;
 * }, 5000);
 * assert.equal(answer, 42);
 * ```
 */
export function deadline<T>(
  work: Promise<T> | ((signal: AbortSignal) => Promise<T> | T),
  ms: number,
  options: DeadlineOptions = {},
): Promise<T> {
  check("ms", ms, 0);
  const { signal, clock = systemClock } = options;
  return guard(signal, (resolve, reject) => {
    const timer = new AbortController();
    const stop = new AbortController();
    clock.sleep(ms, timer.signal).then(() => {
      const error = new TimeoutError(ms);
      stop.abort(error);
      reject(error);
    }, noop);
    new Promise<T>((r) => r(typeof work === "function" ? work(stop.signal) : work)).then(
      resolve,
      reject,
    );
    return (reason) => {
      timer.abort();
      if (reason) stop.abort(reason);
    };
  });
}
