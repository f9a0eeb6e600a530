/**
 * The base of every error `@atomiton/conductor` throws.
 *
 * `code` is stable across versions: match on it, not on the message. The codes
 * are `INVALID_BLUEPRINT` (the blueprint, with every problem in the message),
 * `INVALID_OPTION` (an option of `runBlueprint` or `resumeRun`), `RUN_NOT_FOUND`
 * (no record of that run id in the storage), `RUN_ACTIVE` (another live
 * orchestrator holds the run's lease), `NODE_NOT_FOUND` (`from` names no node),
 * `UNAVAILABLE` (the storage could not take the run's record),
 * `MISCONFIGURED` (a backend refused its configuration), and, as a node's
 * error in a run's result, `INVALID_INPUT` (a mapped node's field is not an
 * array), `TASK_TIMEOUT` (a node ran past its time limit in this thread) and
 * `INTERRUPTED` (the ends of its orchestrators interrupted a node's attempts
 * more than 10 times, and those charged left none).
 *
 * @example Tell this package's errors apart
 * ```ts
 * import { ConductorError, validateBlueprint } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * await assert.rejects(validateBlueprint({ nodes: "none" }), (error) => {
 *   assert.ok(error instanceof ConductorError);
 *   assert.equal(error.code, "INVALID_BLUEPRINT");
 *   return true;
 * });
 * ```
 */
export class ConductorError extends Error {
  /** A stable, machine-readable reason, such as `"INVALID_BLUEPRINT"`. */
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
    this.name = "ConductorError";
    this.code = code;
  }
}
