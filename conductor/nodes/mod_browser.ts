// The node library as a browser bundle gets it (the npm copy's `browser` condition): the types
// that run in a page, and for the others a task that refuses with the reason, so that nothing
// pulls node: modules or a native addon into a page. Validation refuses those types first.
import { ConductorError } from "../conductor_error.ts";

export type { FlowTaskInput, TaskContext } from "./_task.ts";
export { editFields } from "./edit_fields/task.ts";
export { httpRequest, type HttpResponseOutput } from "./http_request/task.ts";
export type { ImageResult } from "./image/task.ts";
export type { ShellCommandOutput } from "./shell_command/task.ts";
export {
  spreadsheet,
  type SpreadsheetFormat,
  type SpreadsheetTable,
  type SpreadsheetWritten,
} from "./spreadsheet/task.ts";
export { TRANSFORM_TASK_URL } from "./transform/task.ts";

const refuse = (type: string, needs: string) => (): Promise<never> =>
  Promise.reject(
    new ConductorError(
      "UNAVAILABLE",
      `The ${type} node cannot run in a browser: it needs ${needs}.`,
    ),
  );

/** Refuses: a page has no file system. */
export const fileSystem: (...args: unknown[]) => Promise<never> = refuse(
  "file-system",
  "a file system (Deno or Node.js)",
);
/** Refuses: a page cannot start processes. */
export const shellCommand: (...args: unknown[]) => Promise<never> = refuse(
  "shell-command",
  "to start processes (Deno or Node.js)",
);
/** Refuses: sharp is a native addon. */
export const image: (...args: unknown[]) => Promise<never> = refuse(
  "image",
  "sharp, a native addon (Deno or Node.js)",
);
/** Why the image node cannot run here: always, in a browser. */
export const sharpProblem = (): Promise<string | undefined> =>
  Promise.resolve("the image node needs sharp, a native addon, which does not run in a browser");
