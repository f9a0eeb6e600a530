// The file-system operations on node:fs, for Node.js, Bun and other Node-compatible runtimes.
import { constants } from "node:fs";
import {
  link,
  lstat,
  mkdir,
  open,
  readdir,
  rename,
  rmdir,
  unlink,
  writeFile,
} from "node:fs/promises";
import { type FileHead, type FolderEntry, type FsOps, LinkFound } from "./_fs_ops.ts";

const code = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;
const gone = (error: unknown): boolean => code(error) === "ENOENT" || code(error) === "ENOTDIR";
// O_NOFOLLOW refuses a link with ELOOP; Windows has no such flag (0) and no planted links.
const READ = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0);
const NEW = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

async function write(path: string, data: string | Uint8Array, sync: boolean): Promise<void> {
  if (!sync) return await writeFile(path, data, { flag: NEW, mode: 0o666 });
  const file = await open(path, NEW, 0o666);
  try {
    await file.writeFile(data);
    await file.datasync();
  } finally {
    await file.close();
  }
}

async function openFile(path: string): Promise<import("node:fs/promises").FileHandle | undefined> {
  try {
    return await open(path, READ);
  } catch (error) {
    if (code(error) === "ELOOP") throw new LinkFound(path);
    if (gone(error)) return undefined;
    throw error;
  }
}

async function head(path: string, length: number): Promise<FileHead | undefined> {
  const file = await openFile(path);
  if (file === undefined) return undefined;
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
    const file = await openFile(path);
    if (file === undefined) return undefined;
    try {
      return await file.readFile();
    } finally {
      await file.close();
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
    let entries;
    try {
      entries = await readdir(path, { withFileTypes: true }); // one call: faster than opendir
    } catch (error) {
      if (gone(error)) return;
      throw error;
    }
    for (const entry of entries) {
      yield { name: entry.name, folder: entry.isDirectory(), link: entry.isSymbolicLink() };
    }
  },
  async mkdir(path): Promise<void> {
    await mkdir(path, { recursive: true });
  },
  async mkdirOne(path): Promise<boolean> {
    try {
      await mkdir(path);
      return true;
    } catch (error) {
      if (code(error) === "EEXIST") return false;
      throw error;
    }
  },
  async kind(path): Promise<"file" | "folder" | "link" | "missing" | "other"> {
    try {
      const info = await lstat(path);
      return info.isSymbolicLink()
        ? "link"
        : info.isDirectory()
        ? "folder"
        : info.isFile()
        ? "file"
        : "other";
    } catch (error) {
      if (gone(error)) return "missing";
      throw error;
    }
  },
  async touch(path): Promise<void> {
    try {
      await (await open(path, NEW, 0o666)).close();
    } catch (error) {
      if (code(error) !== "EEXIST") throw error;
    }
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
