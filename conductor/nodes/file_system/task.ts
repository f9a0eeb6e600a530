import { ConductorError } from "../../conductor_error.ts";
import { renderTemplate, textOf } from "../_render.ts";
import type { FlowTaskInput, TaskContext } from "../_task.ts";
import { spec } from "./spec.ts";
import { fsError } from "./_fs_error.ts";
import {
  copy,
  createFolder,
  exists,
  type FsJob,
  listFolder,
  move,
  readFile,
  remove,
  writeFile,
} from "./_operations.ts";

const OPERATIONS: ReadonlyMap<string, (job: FsJob) => Promise<Record<string, unknown>>> = new Map([
  ["read", readFile],
  ["write", writeFile],
  ["list", listFolder],
  ["exists", exists],
  ["create", createFolder],
  ["delete", remove],
  ["copy", copy],
  ["move", move],
]);
const ENCODINGS = spec.parameters.encoding?.enum ?? [];

/**
 * The `file-system` node's task (Deno and Node.js, through `node:fs/promises`).
 * By `operation`:
 * - `read`: `{ path, content, size, modified }`, the file as text in `encoding`.
 * - `write`: `{ path, size }`. It writes `content` with its `{{…}}` placeholders
 *   filled from the input; without `content` (or with an empty one), the input
 *   itself: text as it is, a list of strings one a line, bytes as they are,
 *   other values as JSON. An existing file is refused unless `overwrite`, and
 *   replaced whole (written beside it, then renamed over it).
 * - `list`: `{ path, entries, count }`, the names in the folder (every level
 *   with `recursive`; absolute with `fullPaths`), sorted.
 * - `exists`: `{ path, exists, isFile, isDirectory }`.
 * - `create`: `{ path, created }`, a folder (its parents too with `recursive`).
 * - `delete`: `{ path, deleted }`; a folder with things in it needs `recursive`.
 * - `copy`, `move`: `{ path, sourcePath, targetPath }` to `targetPath` (a
 *   folder is copied whole); an existing destination needs `overwrite`.
 *
 * A `path` or `targetPath` input port overrides the parameter (a relative one
 * resolves against the flow file's folder). `createDirectories` makes the
 * folder a write, copy or move goes into.
 *
 * @param input The node's parameters (see its spec), its input, and the ports `path`, `targetPath`.
 * @param context The node's context: its signal stops a read or a write.
 * @returns What the operation did, as above.
 * @throws {ConductorError} `INVALID_PARAMETER`, `INVALID_PATH`, `NOT_FOUND`,
 * `EXISTS`, `NOT_A_FOLDER`, `IS_A_FOLDER`, `NOT_EMPTY`, `PERMISSION_DENIED` or
 * `FILE_SYSTEM`, naming the operation and the path.
 *
 * @example Write a file and read it back
 * ```ts
 * import { fileSystem } from "@atomiton/conductor/nodes";
 * import { mkdtemp, rm } from "node:fs/promises";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import assert from "node:assert/strict";
 *
 * const folder = await mkdtemp(join(tmpdir(), "fs-node-"));
 * const path = join(folder, "out", "hello.txt");
 * await fileSystem({
 *   parameters: { operation: "write", path, content: "Hi {{name}}", createDirectories: true },
 *   input: { name: "Ada" },
 * });
 * const read = await fileSystem({ parameters: { operation: "read", path } });
 * assert.equal(read.content, "Hi Ada");
 * await rm(folder, { recursive: true });
 * ```
 */
export async function fileSystem(
  input: FlowTaskInput,
  context?: Pick<TaskContext, "signal" | "baseUrl">,
): Promise<Record<string, unknown>> {
  const { parameters } = input;
  const operation = String(parameters.operation ?? "read");
  const run = OPERATIONS.get(operation);
  if (run === undefined) {
    throw invalid(
      `"operation" must be one of ${[...OPERATIONS.keys()].join(", ")}, got ${
        JSON.stringify(operation)
      }`,
    );
  }
  const job = await jobOf(input, operation, context);
  context?.signal.throwIfAborted();
  try {
    return await run(job);
  } catch (error) {
    throw fsError(error, operation, job.path);
  }
}

async function jobOf(
  input: FlowTaskInput,
  operation: string,
  context: Pick<TaskContext, "signal" | "baseUrl"> | undefined,
): Promise<FsJob> {
  const { parameters } = input;
  const [fs, paths, url] = await Promise.all([
    import("node:fs/promises"),
    import("node:path"),
    import("node:url"),
  ]);
  const base = context?.baseUrl?.startsWith("file:")
    ? paths.dirname(url.fileURLToPath(context.baseUrl))
    : undefined;
  const pathOf = (name: string): string | undefined => {
    const value = input[name] ?? parameters[name];
    if (value === undefined && name === "targetPath") return undefined;
    if (typeof value !== "string" || value === "") {
      throw invalid(
        `"${name}" must be a non-empty path, got ${JSON.stringify(value) ?? "nothing"}`,
      );
    }
    if (paths.isAbsolute(value)) return paths.normalize(value);
    if (base !== undefined) return paths.resolve(base, value);
    throw invalid(
      `"${name}" must be an absolute path here (no flow file to resolve it against), got ${
        JSON.stringify(value)
      }`,
    );
  };
  const encoding = String(parameters.encoding ?? "utf8");
  if (!ENCODINGS.includes(encoding)) {
    throw invalid(
      `"encoding" must be one of ${ENCODINGS.join(", ")}, got ${JSON.stringify(encoding)}`,
    );
  }
  return {
    fs,
    paths,
    path: pathOf("path")!,
    targetPath: pathOf("targetPath"),
    recursive: parameters.recursive === true,
    encoding: encoding as BufferEncoding,
    createDirectories: parameters.createDirectories === true,
    overwrite: parameters.overwrite === true,
    fullPaths: parameters.fullPaths === true,
    data: operation === "write" ? dataOf(input) : undefined,
    signal: context?.signal,
  };
}

function dataOf({ parameters, input }: FlowTaskInput): string | Uint8Array {
  const content = parameters.content;
  if (typeof content === "string" && content !== "") return renderTemplate(content, input);
  if (content !== undefined && typeof content !== "string") {
    throw invalid(`"content" must be text, got ${typeof content}`);
  }
  if (input instanceof Uint8Array) return input;
  if (input === undefined && content === undefined) {
    throw invalid('write needs "content" or an input to write (content: "" writes an empty file)');
  }
  return textOf(input);
}

function invalid(says: string): ConductorError {
  return new ConductorError("INVALID_PARAMETER", `file-system: ${says}.`);
}
