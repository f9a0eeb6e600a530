/** What a file-system client needs from its runtime; one implementation per runtime. */
export interface FsOps {
  /** The whole file, never through a link (`LinkFound`); undefined when it does not exist. */
  read(path: string): Promise<Uint8Array | undefined>;
  /** The first bytes (up to `length`), size and modified time, never through a link; undefined when missing. */
  head(path: string, length: number): Promise<FileHead | undefined>;
  /** Creates a new file, never through a link (rejects when its folder is missing); `sync` flushes it to disk. */
  write(path: string, data: string | Uint8Array, sync: boolean): Promise<void>;
  /** Renames over any file at `to`, atomically. */
  rename(from: string, to: string): Promise<void>;
  /** Removes a file; false when it did not exist. */
  remove(path: string): Promise<boolean>;
  /** Adds a hard link; false when `to` already exists. */
  link(from: string, to: string): Promise<boolean>;
  /** A folder's entries as the OS reads them, a few at a time; none when it does not exist. */
  list(path: string): AsyncIterable<FolderEntry>;
  /** Creates a folder and its parents. */
  mkdir(path: string): Promise<void>;
  /** Creates one folder; false when something is already there. */
  mkdirOne(path: string): Promise<boolean>;
  /** What is at a path, without following a link. */
  kind(path: string): Promise<"file" | "folder" | "link" | "missing" | "other">;
  /** Creates an empty file unless something is there already; never through a link. */
  touch(path: string): Promise<void>;
  /** Removes an empty folder; false when it is not empty or gone. */
  rmdir(path: string): Promise<boolean>;
  /** Flushes a folder's entries (a rename) to disk where the OS allows. */
  syncDir(path: string): Promise<void>;
  /** Whether an error means "no such file or folder". */
  isNotFound(error: unknown): boolean;
}

/** Thrown by `read` and `head` for a path that is a symbolic link, which is never followed. */
export class LinkFound extends Error {
  /** @param path The link's path. */
  constructor(readonly path: string) {
    super(`${path} is a symbolic link`);
  }
}

const DENIED = new Set(["EACCES", "EPERM", "EROFS"]);

/** Whether an error (from Deno or node:fs, both carry `code`) means access was refused. */
export function isDenied(error: unknown): boolean {
  return DENIED.has((error as { code?: string } | null)?.code!);
}

/** One entry of a folder. */
export interface FolderEntry {
  readonly name: string;
  /** A real folder (a link to one is `link`). */
  readonly folder: boolean;
  /** A symbolic link, to anything. */
  readonly link: boolean;
}

/** The start of a file and its metadata. */
export interface FileHead {
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly mtime: number;
}

/** Where a subclass for one runtime puts its operations (see fs_deno.ts, fs_node.ts). */
export const OPS: unique symbol = Symbol("atomiton.storage.fs-ops");

/** Loads the operations of the runtime this runs on (for the runtime-neutral entry). */
export function loadOps(): Promise<FsOps> {
  return ("Deno" in globalThis ? import("./_fs_deno_ops.ts") : import("./_fs_node_ops.ts"))
    .then((module) => module.ops);
}
