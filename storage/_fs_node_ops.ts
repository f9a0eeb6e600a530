// The file-system operations on node:fs, for Node.js, Bun and other Node-compatible runtimes.
import {
  link,
  mkdir,
  open,
  opendir,
  readFile,
  rename,
  rmdir,
  unlink,
  writeFile,
} from "node:fs/promises";
import type { FileHead, FolderEntry, FsOps } from "./_fs_ops.ts";

const code = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;
const gone = (error: unknown): boolean => code(error) === "ENOENT" || code(error) === "ENOTDIR";

async function write(path: string, data: string | Uint8Array, sync: boolean): Promise<void> {
  if (!sync) return await writeFile(path, data, { flag: "wx" });
  const file = await open(path, "wx");
  try {
    await file.writeFile(data);
    await file.datasync();
  } finally {
    await file.close();
  }
}

async function head(path: string, length: number): Promise<FileHead | undefined> {
  let file;
  try {
    file = await open(path, "r");
  } catch (error) {
    if (gone(error)) return undefined;
    throw error;
  }
  try {
    const info = await file.stat();
    const bytes = new Uint8Array(Math.min(length, info.size));
    const { bytesRead } = await file.read(bytes, 0, bytes.length, 0);
    return { bytes: bytes.subarray(0, bytesRead), size: info.size, mtime: info.mtimeMs };
  } finally {
    await file.close();
  }
}

/** Node's implementation of {@linkcode FsOps}. */
export const ops: FsOps = {
  async read(path): Promise<Uint8Array | undefined> {
    try {
      return await readFile(path);
    } catch (error) {
      if (gone(error)) return undefined;
      throw error;
    }
  },
  head,
  write,
  rename: (from, to): Promise<void> => rename(from, to),
  async remove(path): Promise<boolean> {
    try {
      await unlink(path);
      return true;
    } catch (error) {
      if (gone(error)) return false;
      throw error;
    }
  },
  async link(from, to): Promise<boolean> {
    try {
      await link(from, to);
      return true;
    } catch (error) {
      if (code(error) === "EEXIST") return false;
      throw error;
    }
  },
  async *list(path): AsyncGenerator<FolderEntry> {
    let dir;
    try {
      dir = await opendir(path);
    } catch (error) {
      if (gone(error)) return;
      throw error;
    }
    for await (const entry of dir) yield { name: entry.name, folder: entry.isDirectory() };
  },

  async mkdir(path): Promise<void> {
    await mkdir(path, { recursive: true });
  },
  async rmdir(path): Promise<boolean> {
    try {
      await rmdir(path);
      return true;
    } catch {
      return false; // not empty, or already gone
    }
  },
  async syncDir(path): Promise<void> {
    try {
      const dir = await open(path, "r");
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch {
      // Windows cannot open a folder for flushing; its renames are durable on their own.
    }
  },
  isNotFound: gone,
};
