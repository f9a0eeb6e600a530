/**
 * The base of every error `@atomiton/execution` throws.
 *
 * `code` is stable across versions: match on it, not on the message. The codes
 * are `WORKER_CRASHED`, `TASK_TIMEOUT`, `POOL_CLOSED`, `TASK_MODULE`,
 * `QUEUE_FULL`, `SPAWN_FAILED`, `PROCESS_TIMEOUT`, `CLIENT_CLOSED`,
 * `DEAD_LETTER`, `INVALID_OPTION`
 * and `MISCONFIGURED` (a backend refused its configuration, such as a Redis
 * database index or password in a URL).
 *
 * @example Tell this package's errors apart
 * ```ts
 * import { ExecutionError, WorkerPool } from "@atomiton/execution";
 * import assert from "node:assert/strict";
 *
 * try {
 *   new WorkerPool("./relative.js");
 * } catch (error) {
 *   assert.ok(error instanceof ExecutionError);
 *   assert.equal(error.code, "INVALID_OPTION");
 * }
 * ```
 */
export class ExecutionError extends Error {
  /** A stable, machine-readable reason, such as `"WORKER_CRASHED"`. */
  readonly code: string;

  /**
   * Creates an error with a stable code.
   *
   * @param code The stable reason.
   * @param message What was wrong and what is allowed.
   * @param options The underlying cause, if any.
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ExecutionError";
    this.code = code;
  }
}
