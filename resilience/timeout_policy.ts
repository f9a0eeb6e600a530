import { check } from "./_check.ts";
import type { Clock } from "./clock.ts";
import { deadline } from "./deadline.ts";
import type { Policy } from "./policy.ts";

/** Options for {@linkcode timeoutPolicy}. */
export interface TimeoutPolicyOptions {
  /** The clock to time with. Default {@linkcode systemClock}. */
  readonly clock?: Clock | undefined;
}

/**
 * Creates a policy that gives each call `ms` milliseconds: {@linkcode deadline}
 * as a {@linkcode Policy}, for {@linkcode wrap}. The work's signal aborts at the
 * time limit.
 *
 * @param ms The time limit per call, from 0 to 2147483647 ms.
 * @param options A clock.
 * @returns A policy whose calls reject with {@linkcode TimeoutError} when late.
 * @throws {ResilienceError} `INVALID_OPTION`, at once, for a negative, NaN or too large `ms`.
 *
 * @example Time out each attempt, not only the whole
 * ```ts
 * import { retryPolicy, timeoutPolicy, wrap } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const policy = wrap(retryPolicy({ maxAttempts: 2, minDelay: 0 }), timeoutPolicy(1000));
 * assert.equal(await policy.execute(({ signal }) => signal.aborted ? "late" : "on time"), "on time");
 * ```
 */
export function timeoutPolicy(ms: number, options: TimeoutPolicyOptions = {}): Policy {
  check("ms", ms, 0);
  return {
    execute: (fn, opts) =>
      deadline((signal) => fn({ signal }), ms, { signal: opts?.signal, clock: options.clock }),
  };
}
