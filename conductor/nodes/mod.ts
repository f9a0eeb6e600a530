/**
 * The node library of Atomiton's flow format: the task of each built-in node
 * type, as the workers run it. Flows name types (`edit-fields`, `file-system`,
 * ...); the conductor's validation turns each node into a call of one of these
 * exports with `({ parameters, input }, context)`. `builtinNodeTypes()` of
 * `@atomiton/conductor/node-types` lists the types with their parameters. Heavy libraries
 * (SheetJS, papaparse, sharp) load on a task's first call, not on import.
 *
 * @example Call a node type's task directly
 * ```ts
 * import { editFields } from "@atomiton/conductor/nodes";
 * import assert from "node:assert/strict";
 *
 * const output = editFields({
 *   parameters: { values: { greeting: "Hello {{name}}" }, keepOnlySet: true },
 *   input: { name: "Ada", age: 36 },
 * });
 * assert.deepEqual({ ...output }, { greeting: "Hello Ada" });
 * ```
 *
 * @module
 */
export type { FlowTaskInput, TaskContext } from "./_task.ts";
export { editFields } from "./edit_fields/task.ts";
export { fileSystem } from "./file_system/task.ts";
export { httpRequest, type HttpResponseOutput } from "./http_request/task.ts";
export { image, type ImageResult, sharpProblem } from "./image/task.ts";
export { shellCommand, type ShellCommandOutput } from "./shell_command/task.ts";
export {
  spreadsheet,
  type SpreadsheetFormat,
  type SpreadsheetTable,
  type SpreadsheetWritten,
} from "./spreadsheet/task.ts";
export { TRANSFORM_TASK_URL } from "./transform/task.ts";
