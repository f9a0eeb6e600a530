// The file-system operations on Deno's own APIs.
import { type FileHead, type FolderEntry, type FsOps, LinkFound } from "./_fs_ops.ts";

const NEW = { write: true, createNew: true } as const;

const gone = (error: unknown): boolean =>
  error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory;

const encoder = new TextEncoder();

async function write(path: string, data: string | Uint8Array, sync: boolean): Promise<void> {
  let bytes = typeof data === "string" ? encoder.encode(data) : data;
  // createNew (O_EXCL) never follows a link: a planted one makes it fail.
  if (!sync) return await Deno.writeFile(path, bytes, { createNew: true }); // one call, not three
  const file = await Deno.open(path, NEW);
  try {
    while (bytes.length > 0) bytes = bytes.subarray(await file.write(bytes));
    await file.syncData();
  } finally {
    file.close();
  }
}

async function kind(path: string): Promise<"file" | "folder" | "link" | "missing" | "other"> {
  try {
    const info = await Deno.lstat(path);
    return info.isSymlink ? "link" : info.isDirectory ? "folder" : info.isFile ? "file" : "other";
  } catch (error) {
    if (gone(error)) return "missing";
    throw error;
  }
}

// Deno cannot open with O_NOFOLLOW: open, then check that the path is no link and is
// the very file opened (same device and inode), so a link swapped in meanwhile is caught
// too. A file renamed over the path meanwhile (another writer) is simply opened again.
async function openFile(path: string): Promise<[Deno.FsFile, Deno.FileInfo] | undefined> {
  for (let attempt = 1;; attempt++) {
    let file: Deno.FsFile;
    try {
      file = await Deno.open(path);
    } catch (error) {
      if (!gone(error)) throw error;
      if (await kind(path) === "link") throw new LinkFound(path); // a dangling one
      return undefined;
    }
    try {
      const [info, entry] = await Promise.all([file.stat(), Deno.lstat(path)]);
      if (entry.isSymlink) throw new LinkFound(path);
      if (info.ino === entry.ino && info.dev === entry.dev) return [file, info];
      if (attempt === 100) throw new LinkFound(path); // swapped every time: not just writers
    } catch (error) {
      file.close();
      if (gone(error)) return undefined;
      throw error;
    }
    file.close();
  }
}

async function readInto(file: Deno.FsFile, bytes: Uint8Array): Promise<number> {
  let n = 0;
  while (n < bytes.length) {
    const read = await file.read(bytes.subarray(n));
    if (read === null) break;
    n += read;
  }
  return n;
}

async function head(path: string, length: number): Promise<FileHead | undefined> {
  const opened = await openFile(path);
  if (opened === undefined) return undefined;
  const [file, info] = opened;
  try {
    const bytes = new Uint8Array(Math.min(length, info.size));
    const n = await readInto(file, bytes);
    return { bytes: bytes.subarray(0, n), size: info.size, mtime: info.mtime?.getTime() ?? 0 };
  } finally {
    file.close();
  }
}

async function read(path: string): Promise<Uint8Array | undefined> {
  const opened = await openFile(path);
  if (opened === undefined) return undefined;
  const [file, info] = opened;
  try {
    // Files are replaced by rename, never written in place: the size read is the size.
    const bytes = new Uint8Array(info.size);
    return bytes.subarray(0, await readInto(file, bytes));
  } finally {
    file.close();
  }
}

/** Deno's implementation of {@linkcode FsOps}. */
export const ops: FsOps = {
  read,
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
        yield { name: entry.name, folder: entry.isDirectory, link: entry.isSymlink };
      }
    } catch (error) {
      if (!gone(error)) throw error;
    }
  },
  mkdir: (path): Promise<void> => Deno.mkdir(path, { recursive: true }),
  async mkdirOne(path): Promise<boolean> {
    try {
      await Deno.mkdir(path);
      return true;
    } catch (error) {
      if (error instanceof Deno.errors.AlreadyExists) return false;
      throw error;
    }
  },
  kind,
  async touch(path): Promise<void> {
    try {
      (await Deno.open(path, NEW)).close();
    } catch (error) {
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
  },
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
