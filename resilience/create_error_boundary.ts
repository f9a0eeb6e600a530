/**
 * Error boundaries: run a unit of work (a listener, a task, a store action) so
 * that its error goes to a handler and the caller goes on.
 *
 * @example Isolate listeners
 * ```ts
 * import { createErrorBoundary } from "@atomiton/resilience/error-boundary";
 *
 * const errors: unknown[] = [];
 * const boundary = createErrorBoundary({ onError: (error) => errors.push(error) });
 * boundary.run(() => {
 *   throw new Error("listener failed");
 * });
 * console.log(errors.length); // 1
 * ```
 *
 * @module
 */
import { report } from "./_common.ts";

/** What {@linkcode ErrorBoundary.run} returns: the work's result, or `undefined` when it failed. */
export type BoundaryResult<R> = R extends PromiseLike<infer V> ? Promise<V | undefined>
  : R | undefined;

/** Options for {@linkcode createErrorBoundary}. */
export interface ErrorBoundaryOptions {
  /**
   * Gets every error the boundary catches. Default: `globalThis.reportError`
   * where the runtime has it, else `console.error`. If it throws, that error is
   * reported the default way.
   */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** Runs units of work so that their errors go to a handler, not to the caller. */
export interface ErrorBoundary {
  /**
   * Calls `fn(...args)`. A sync result comes back as it is, with no promise
   * made; a promise comes back as a promise that never rejects. An error
   * (thrown or rejected) goes to the handler, and the result is `undefined`.
   *
   * @param fn The unit of work: a listener, a task, a store action.
   * @param args The arguments for `fn`.
   * @returns The result of `fn`, or `undefined` when it failed.
   */
  run<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): BoundaryResult<R>;
}

/**
 * Creates an error boundary: it runs a unit of work so that its error is
 * reported to a handler and the caller goes on, as an event emitter must when
 * one listener fails.
 *
 * @param options The error handler.
 * @returns A boundary whose `run` never throws and never rejects.
 *
 * @example Keep going when a listener fails
 * ```ts
 * import { createErrorBoundary } from "@atomiton/resilience/error-boundary";
 * import assert from "node:assert/strict";
 *
 * const errors: unknown[] = [];
 * const boundary = createErrorBoundary({ onError: (error) => errors.push(error) });
 * const bad = (_: number): number => {
 *   throw new Error("bad listener");
 * };
 * assert.equal(boundary.run((n: number) => n + 1, 20), 21);
 * assert.equal(boundary.run(bad, 20), undefined);
 * assert.equal(await boundary.run(async (n: number) => n * 2, 20), 40);
 * assert.equal(await boundary.run(() => Promise.reject(new Error("bad task"))), undefined);
 * assert.equal(errors.length, 2);
 * ```
 */
export function createErrorBoundary(options: ErrorBoundaryOptions = {}): ErrorBoundary {
  const onError = options.onError ?? report;
  const handle = (error: unknown): undefined => {
    try {
      onError(error);
    } catch (failure) {
      report(failure);
    }
  };
  return {
    run<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): BoundaryResult<R> {
      let result: unknown;
      try {
        result = fn(...args);
      } catch (error) {
        return handle(error) as BoundaryResult<R>;
      }
      return (typeof (result as PromiseLike<unknown> | undefined)?.then === "function"
        ? (result as PromiseLike<unknown>).then(undefined, handle)
        : result) as BoundaryResult<R>;
    },
  };
}
