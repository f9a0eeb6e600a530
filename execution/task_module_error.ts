import { ExecutionError } from "./execution_error.ts";

/**
 * The task module could not be used: it failed to load in the worker (the
 * cause says why), or it has no function under the export a task asked for.
 * Code `TASK_MODULE`.
 *
 * @example Read what could not be loaded
 * ```ts
 * import { TaskModuleError } from "@atomiton/execution";
 * import assert from "node:assert/strict";
 *
 * const error = new TaskModuleError("file:///tasks.js", "has no export \"resize\"");
 * assert.equal(error.moduleUrl, "file:///tasks.js");
 * assert.match(error.message, /resize/);
 * ```
 */
export class TaskModuleError extends ExecutionError {
  /** The task module's URL. */
  readonly moduleUrl: string;

  /**
   * Creates the error for a task module that could not be used.
   *
   * @param moduleUrl The module's URL.
   * @param problem What went wrong, such as `failed to load`.
   * @param options The load error, if any.
   */
  constructor(moduleUrl: string, problem: string, options?: ErrorOptions) {
    super("TASK_MODULE", `The task module ${moduleUrl} ${problem}.`, options);
    this.name = "TaskModuleError";
    this.moduleUrl = moduleUrl;
  }
}
