import { context } from "./_common.ts";
import type { ExecuteOptions, Policy, PolicyContext } from "./policy.ts";

/** Options for {@linkcode fallback}. */
export interface FallbackOptions {
  /** Whether to fall back on this error; one it rejects is thrown as it is. Default: every error. */
  readonly isHandled?: ((error: unknown) => boolean) | undefined;
}

/**
 * Creates a policy that answers with `handler(error)` when the work fails: a
 * cached value, a default, a degraded answer. Put it first in {@linkcode wrap}
 * so it also catches the other policies' errors. A call whose signal aborted is
 * not rescued: it rejects with the signal's `reason`.
 *
 * @typeParam R The fallback's result.
 * @param handler Makes the answer from the error; it may be async, and may throw.
 * @param options Which errors to handle.
 * @returns A policy whose calls fail only when `handler` does.
 *
 * @example Serve a default when the service is down
 * ```ts
 * import { fallback } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const policy = fallback(() => "cached");
 * const value = await policy.execute((): string => {
 *   throw new Error("down");
 * });
 * assert.equal(value, "cached");
 * ```
 */
export function fallback<R>(
  handler: (error: unknown) => Promise<R> | R,
  options: FallbackOptions = {},
): Policy<R> {
  return {
    async execute<T>(
      fn: (context: PolicyContext) => Promise<T> | T,
      opts?: ExecuteOptions,
    ): Promise<T | R> {
      const signal = opts?.signal;
      try {
        return await fn(context(signal));
      } catch (error) {
        if (signal?.aborted || options.isHandled?.(error) === false) throw error;
        return handler(error);
      }
    },
  };
}
