// The file-system operations on Deno's own APIs.
import type { FileHead, FolderEntry, FsOps } from "./_fs_ops.ts";

const NEW = { createNew: true } as const;

async function write(path: string, data: string | Uint8Array, sync: boolean): Promise<void> {
  if (!sync) {
    return typeof data === "string"
      ? await Deno.writeTextFile(path, data, NEW)
      : await Deno.writeFile(path, data, NEW);
  }
  const file = await Deno.open(path, { write: true, createNew: true });
  try {
    let bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    while (bytes.length > 0) bytes = bytes.subarray(await file.write(bytes));
    await file.syncData();
  } finally {
    file.close();
  }
}

async function head(path: string, length: number): Promise<FileHead | undefined> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  try {
    const info = await file.stat();
    const bytes = new Uint8Array(Math.min(length, info.size));
    let n = 0;
    while (n < bytes.length) {
      const read = await file.read(bytes.subarray(n));
      if (read === null) break;
      n += read;
    }
    return { bytes: bytes.subarray(0, n), size: info.size, mtime: info.mtime?.getTime() ?? 0 };
  } finally {
    file.close();
  }
}

const gone = (error: unknown): boolean =>
  error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory;

/** Deno's implementation of {@linkcode FsOps}. */
export const ops: FsOps = {
  async read(path): Promise<Uint8Array | undefined> {
    try {
      return await Deno.readFile(path);
    } catch (error) {
      if (gone(error)) return undefined;
      throw error;
    }
  },
  head,
  write,
  rename: (from, to): Promise<void> => Deno.rename(from, to),
  async remove(path): Promise<boolean> {
    try {
      await Deno.remove(path);
      return true;
    } catch (error) {
      if (gone(error)) return false;
      throw error;
    }
  },
  async link(from, to): Promise<boolean> {
    try {
      await Deno.link(from, to);
      return true;
    } catch (error) {
      if (error instanceof Deno.errors.AlreadyExists) return false;
      throw error;
    }
  },
  async *list(path): AsyncGenerator<FolderEntry> {
    try {
      for await (const entry of Deno.readDir(path)) {
        yield { name: entry.name, folder: entry.isDirectory };
      }
    } catch (error) {
      if (!gone(error)) throw error;
    }
  },

  mkdir: (path): Promise<void> => Deno.mkdir(path, { recursive: true }),
  async rmdir(path): Promise<boolean> {
    try {
      await Deno.remove(path);
      return true;
    } catch {
      return false; // not empty, or already gone
    }
  },
  async syncDir(path): Promise<void> {
    try {
      const dir = await Deno.open(path);
      try {
        await dir.sync();
      } finally {
        dir.close();
      }
    } catch {
      // Windows cannot open a folder for flushing; its renames are durable on their own.
    }
  },
  isNotFound: gone,
};
