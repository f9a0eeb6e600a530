import { check } from "./_check.ts";
import { sleep } from "./_common.ts";

/** Options for {@linkcode delay}. */
export interface DelayOptions {
  /** Stops the wait: the promise rejects with the signal's `reason` at once. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Resolves after `ms` milliseconds, like `@std/async`'s `delay`.
 *
 * When the signal aborts, the timer is cleared and the promise rejects with the
 * signal's `reason`.
 *
 * @param ms How long to wait, from 0 to 2147483647 ms.
 * @param options An abort signal.
 * @returns A promise that resolves after the wait.
 * @throws {ResilienceError} `INVALID_OPTION`, at once, when `ms` is negative, NaN or too large.
 *
 * @example Wait, or stop waiting
 * ```ts
 * import { delay } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * await delay(1);
 *
 * const controller = new AbortController();
 * const waiting = delay(60_000, { signal: controller.signal });
 * controller.abort(new Error("stop"));
 * await assert.rejects(waiting, { message: "stop" });
 * ```
 */
export function delay(ms: number, options?: DelayOptions): Promise<void> {
  return sleep(check("ms", ms, 0), options?.signal);
}
