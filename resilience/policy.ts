/** What a {@linkcode Policy} hands to the work it runs. */
export interface PolicyContext {
  /** Aborts when the caller gives up or a policy (such as a timeout) stops the work. */
  readonly signal: AbortSignal;
}

/** Options for one {@linkcode Policy.execute} call. */
export interface ExecuteOptions {
  /** Aborts the call: it rejects with the signal's `reason`. */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Something that runs work under a rule: retry, timeout, circuit breaker,
 * bulkhead, fallback. Policies compose with {@linkcode wrap}.
 *
 * `R` is what the policy may return instead of the work's result (a fallback's
 * value); it is `never` for the others.
 *
 * @typeParam R The type a policy may return in place of the work's result.
 *
 * @example Write a policy that logs each call
 * ```ts
 * import type { Policy } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const calls: string[] = [];
 * const logged: Policy = {
 *   async execute(fn, options) {
 *     calls.push("call");
 *     return await fn({ signal: options?.signal ?? new AbortController().signal });
 *   },
 * };
 * assert.equal(await logged.execute(() => 42), 42);
 * assert.deepEqual(calls, ["call"]);
 * ```
 */
export interface Policy<R = never> {
  /**
   * Runs `fn` under this policy.
   *
   * @param fn The work; it gets a context with a signal to stop early.
   * @param options An abort signal for this call.
   * @returns The work's result, or what the policy returns instead.
   */
  execute<T>(
    fn: (context: PolicyContext) => Promise<T> | T,
    options?: ExecuteOptions,
  ): Promise<T | R>;
}
