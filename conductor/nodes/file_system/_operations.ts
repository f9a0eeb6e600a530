import type * as FsPromises from "node:fs/promises";
import type * as NodePath from "node:path";
import { fsRefusal } from "./_fs_error.ts";

/** What one file-system operation works with: paths absolute, parameters checked. */
export interface FsJob {
  readonly fs: typeof FsPromises;
  readonly paths: typeof NodePath;
  readonly path: string;
  readonly targetPath: string | undefined;
  readonly recursive: boolean;
  readonly encoding: BufferEncoding;
  readonly createDirectories: boolean;
  readonly overwrite: boolean;
  readonly fullPaths: boolean;
  /** write: the text (in `encoding`) or bytes to write. */
  readonly data: string | Uint8Array | undefined;
  readonly signal: AbortSignal | undefined;
}

type Output = Record<string, unknown>;

export async function readFile(job: FsJob): Promise<Output> {
  const { fs, path, encoding, signal } = job;
  const stats = await fs.stat(path);
  if (stats.isDirectory()) throw fsRefusal("IS_A_FOLDER", "read", path, "is a folder (use list)");
  const content = await fs.readFile(path, { encoding, signal });
  return { path, content, size: stats.size, modified: stats.mtime.toISOString() };
}

export async function writeFile(job: FsJob): Promise<Output> {
  const { fs, path, data = "", encoding, signal } = job;
  await prepareTarget(job, "write", path);
  if (job.overwrite) {
    // Write beside it, then rename over it: an old file is never left half-written.
    const temporary = `${path}.${crypto.randomUUID()}.tmp`;
    try {
      await fs.writeFile(temporary, data, { encoding, signal, flag: "wx" });
      await fs.rename(temporary, path);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
  } else {
    await fs.writeFile(path, data, { encoding, signal, flag: "wx" });
  }
  return { path, size: (await fs.stat(path)).size };
}

export async function exists(job: FsJob): Promise<Output> {
  const { fs, path } = job;
  try {
    const stats = await fs.stat(path);
    return { path, exists: true, isFile: stats.isFile(), isDirectory: stats.isDirectory() };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      return { path, exists: false, isFile: false, isDirectory: false };
    }
    throw error;
  }
}

export async function listFolder(job: FsJob): Promise<Output> {
  const { fs, paths, path, recursive, fullPaths, signal } = job;
  const entries: string[] = [];
  const folders = [path];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    signal?.throwIfAborted();
    // Dirents of symbolic links are not folders: a link cycle is never walked.
    const items = await fs.readdir(folder, { withFileTypes: true });
    for (const item of items) {
      const full = paths.join(folder, item.name);
      entries.push(fullPaths ? full : paths.relative(path, full));
      if (recursive && item.isDirectory()) folders.push(full);
    }
  }
  entries.sort();
  return { path, entries, count: entries.length };
}

export async function createFolder(job: FsJob): Promise<Output> {
  const { fs, path, recursive } = job;
  const before = await exists(job);
  if (before.isDirectory) return { path, created: false };
  if (before.exists) throw fsRefusal("EXISTS", "create", path, "exists and is not a folder");
  try {
    await fs.mkdir(path, { recursive });
  } catch (error) {
    if ((error as { code?: unknown }).code !== "ENOENT") throw error;
    throw fsRefusal(
      "NOT_FOUND",
      "create",
      path,
      "has a missing parent folder (set recursive: true)",
    );
  }
  return { path, created: true };
}

export async function remove(job: FsJob): Promise<Output> {
  const { fs, path, recursive } = job;
  let stats;
  try {
    stats = await fs.lstat(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return { path, deleted: false };
    throw error;
  }
  if (!stats.isDirectory()) await fs.unlink(path);
  else if (recursive) await fs.rm(path, { recursive: true, force: true });
  else await fs.rmdir(path);
  return { path, deleted: true };
}

export async function copy(job: FsJob): Promise<Output> {
  const { fs, path, overwrite } = job;
  const targetPath = await transferTarget(job, "copy");
  const stats = await fs.stat(path);
  if (stats.isDirectory()) {
    // A folder is copied with everything in it, as the platform does.
    await fs.cp(path, targetPath, { recursive: true, force: overwrite, errorOnExist: !overwrite });
  } else {
    await fs.copyFile(path, targetPath, overwrite ? 0 : fs.constants.COPYFILE_EXCL);
  }
  return { path: targetPath, sourcePath: path, targetPath };
}

export async function move(job: FsJob): Promise<Output> {
  const { fs, path } = job;
  const targetPath = await transferTarget(job, "move");
  await fs.lstat(path);
  try {
    await fs.rename(path, targetPath);
  } catch (error) {
    if ((error as { code?: unknown }).code !== "EXDEV") throw error;
    // Another device: copy, then remove the source once the copy is whole.
    await copy(job);
    await fs.rm(path, { recursive: true, force: true });
  }
  return { path: targetPath, sourcePath: path, targetPath };
}

async function transferTarget(job: FsJob, operation: string): Promise<string> {
  const { targetPath, path } = job;
  if (targetPath === undefined) {
    throw fsRefusal("INVALID_PARAMETER", operation, path, "needs a destination: set targetPath");
  }
  if (targetPath === path) {
    throw fsRefusal("INVALID_PATH", operation, path, "is its own destination");
  }
  await prepareTarget(job, operation, targetPath);
  return targetPath;
}

// Refuses an existing destination unless overwrite, creates its folder if asked, else checks it.
async function prepareTarget(job: FsJob, operation: string, target: string): Promise<void> {
  const { fs, paths } = job;
  const found = await exists({ ...job, path: target });
  if (found.isDirectory && operation === "write") {
    throw fsRefusal("IS_A_FOLDER", operation, target, "is a folder, not a file");
  }
  if (found.exists && !job.overwrite) {
    throw fsRefusal(
      "EXISTS",
      operation,
      target,
      "already exists (set overwrite: true to replace it)",
    );
  }
  const folder = paths.dirname(target);
  if (job.createDirectories) {
    await fs.mkdir(folder, { recursive: true });
    return;
  }
  const parent = await exists({ ...job, path: folder });
  if (!parent.isDirectory) {
    throw fsRefusal(
      "NOT_FOUND",
      operation,
      target,
      "has no folder to go in (set createDirectories: true)",
    );
  }
}
