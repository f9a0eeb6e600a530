import { ConductorError } from "../../conductor_error.ts";

type FsPromises = typeof import("node:fs/promises");
type NodePath = typeof import("node:path");

/**
 * A built-in module through `process.getBuiltinModule` (Node.js 20.16+, Deno): no `import` that
 * a page's bundle would follow into `node:` modules. In a page there is none: use `data`.
 */
function builtin<T>(name: string, path: string): T {
  const process = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const module = process?.getBuiltinModule?.(name) as T | undefined;
  if (module === undefined) {
    throw new ConductorError(
      "SPREADSHEET_NO_FILE_SYSTEM",
      `spreadsheet: cannot use the file "${path}" here (no file system in this runtime); ` +
        `give the content in "data" instead`,
    );
  }
  return module;
}

// deno-lint-ignore require-await -- async so that a missing file system rejects, as a read does
async function fileSystem(path: string): Promise<FsPromises> {
  return builtin<FsPromises>("node:fs/promises", path);
}

/** The bytes of a file, or an error naming it when it cannot be read. */
export async function readBytes(path: string): Promise<Uint8Array> {
  const fs = await fileSystem(path);
  try {
    return new Uint8Array(await fs.readFile(path));
  } catch (error) {
    const missing = (error as { code?: string }).code === "ENOENT";
    throw new ConductorError(
      missing ? "SPREADSHEET_NOT_FOUND" : "SPREADSHEET_READ",
      missing
        ? `spreadsheet: file not found: ${path}`
        : `spreadsheet: cannot read ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** Writes a file, creating its folder; returns its size in bytes. */
export async function writeBytes(path: string, content: Uint8Array | string): Promise<number> {
  const fs = await fileSystem(path);
  const { dirname } = builtin<NodePath>("node:path", path);
  try {
    await fs.mkdir(dirname(path), { recursive: true });
    await fs.writeFile(path, content);
    return (await fs.stat(path)).size;
  } catch (error) {
    throw new ConductorError(
      "SPREADSHEET_WRITE",
      `spreadsheet: cannot write ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
