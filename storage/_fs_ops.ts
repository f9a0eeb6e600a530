/** What a file-system client needs from its runtime; one implementation per runtime. */
export interface FsOps {
  /** The whole file; undefined when it does not exist. */
  read(path: string): Promise<Uint8Array | undefined>;
  /** The first bytes (up to `length`), size and modified time; undefined when missing. */
  head(path: string, length: number): Promise<FileHead | undefined>;
  /** Creates a new file (rejects when its folder is missing); `sync` flushes it to disk. */
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
  /** Removes an empty folder; false when it is not empty or gone. */
  rmdir(path: string): Promise<boolean>;
  /** Flushes a folder's entries (a rename) to disk where the OS allows. */
  syncDir(path: string): Promise<void>;
  /** Whether an error means "no such file or folder". */
  isNotFound(error: unknown): boolean;
}

/** One entry of a folder. */
export interface FolderEntry {
  readonly name: string;
  readonly folder: boolean;
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
