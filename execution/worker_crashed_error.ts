import { ExecutionError } from "./execution_error.ts";

/**
 * The worker running a task died: an uncaught error, an exit call, or running
 * out of memory where the runtime can limit it. Code `WORKER_CRASHED`. Only the
 * task that was running gets it; the pool starts a replacement worker.
 *
 * @example Tell a crash from the task's own error
 * ```ts
 * import { WorkerCrashedError } from "@atomiton/execution";
 * import assert from "node:assert/strict";
 *
 * const error = new WorkerCrashedError(3);
 * assert.equal(error.exitCode, 3);
 * assert.equal(error.code, "WORKER_CRASHED");
 * ```
 */
export class WorkerCrashedError extends ExecutionError {
  /** The worker's exit code, where the runtime reports one. */
  readonly exitCode: number | undefined;

  /**
   * Creates the error for a worker that died.
   *
   * @param exitCode The exit code, where known.
   * @param options The uncaught error that ended the worker, if any.
   */
  constructor(exitCode?: number, options?: ErrorOptions) {
    const detail = exitCode === undefined ? "" : ` with exit code ${exitCode}`;
    super("WORKER_CRASHED", `The worker running the task died${detail}.`, options);
    this.name = "WorkerCrashedError";
    this.exitCode = exitCode;
  }
}
