import { ConductorError } from "../../conductor_error.ts";

type FsPromises = typeof import("node:fs/promises");

async function fileSystem(path: string): Promise<FsPromises> {
  const global = globalThis as { Deno?: unknown; process?: { versions?: { node?: string } } };
  if (global.Deno === undefined && global.process?.versions?.node === undefined) {
    throw new ConductorError(
      "SPREADSHEET_NO_FILE_SYSTEM",
      `spreadsheet: cannot use the file "${path}" here (no file system in this runtime); ` +
        `give the content in "data" instead`,
    );
  }
  return await import("node:fs/promises");
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
  const { dirname } = await import("node:path");
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
