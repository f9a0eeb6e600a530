import { ExecutionError } from "./execution_error.ts";

/**
 * The pool was closed or terminated before the task could run (or, after
 * `terminate()`, finish). Code `POOL_CLOSED`.
 *
 * @example The error a task gets from a closed pool
 * ```ts
 * import { PoolClosedError } from "@atomiton/execution";
 * import assert from "node:assert/strict";
 *
 * const error = new PoolClosedError();
 * assert.equal(error.code, "POOL_CLOSED");
 * ```
 */
export class PoolClosedError extends ExecutionError {
  /**
   * Creates the error for a task the closed pool will not run.
   *
   * @param message What happened; the default says the pool is closed.
   */
  constructor(message = "The pool is closed.") {
    super("POOL_CLOSED", message);
    this.name = "PoolClosedError";
  }
}
