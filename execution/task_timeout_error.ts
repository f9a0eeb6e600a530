import { ExecutionError } from "./execution_error.ts";

/**
 * A task took longer than its time limit (`timeout` of `run`, or the pool's
 * `taskTimeout`), counted from the `run` call. Code `TASK_TIMEOUT`.
 *
 * @example Read the limit that passed
 * ```ts
 * import { TaskTimeoutError } from "@atomiton/execution";
 * import assert from "node:assert/strict";
 *
 * const error = new TaskTimeoutError(250);
 * assert.equal(error.ms, 250);
 * assert.equal(error.code, "TASK_TIMEOUT");
 * ```
 */
export class TaskTimeoutError extends ExecutionError {
  /** The time limit that passed, in ms. */
  readonly ms: number;

  /**
   * Creates the error for a time limit that passed.
   *
   * @param ms The time limit, in ms.
   */
  constructor(ms: number) {
    super("TASK_TIMEOUT", `The task timed out after ${ms} ms.`);
    this.name = "TaskTimeoutError";
    this.ms = ms;
  }
}
