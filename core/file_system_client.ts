import {
  FileSystemClient as NewFileSystemClient,
  type FileSystemClientOptions,
} from "@atomiton/storage/fs";
import { env, getPlatformInfo } from "@atomiton/platform";
import { installBufferApi } from "./_buffer_api.ts";
import { deprecated } from "./_deprecation.ts";
import type { IStorageClient } from "./base_storage_client.ts";

// The old default folder per OS.
function defaultFolder(): string {
  const home = env("HOME") ?? env("USERPROFILE") ?? ".";
  const os = getPlatformInfo().os;
  if (os === "darwin") return `${home}/Library/Application Support/Atomiton/storage`;
  if (os === "windows") return `${env("APPDATA") ?? home}/Atomiton/storage`;
  return `${home}/.config/atomiton/storage`;
}

/**
 * The old file client: `new FileSystemClient(basePath?)` and `read`/`write` of
 * bytes, on the new `FileSystemClient` (every key comes back as written).
 *
 * @deprecated Use `FileSystemClient` from `@atomiton/storage/fs`: `new FileSystemClient({ directory })`.
 *
 * @example
 * ```ts
 * import { FileSystemClient } from "@atomiton/core";
 * import { mkdtemp } from "node:fs/promises";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 * import assert from "node:assert/strict";
 *
 * const client = new FileSystemClient(await mkdtemp(join(tmpdir(), "core-")));
 * await client.write("a/b_c", new Uint8Array([1]));
 * assert.deepEqual(await client.list(), ["a/b_c"]);
 * await client.close();
 * ```
 */
export class FileSystemClient extends NewFileSystemClient {
  /**
   * Opens a folder: the old default (`~/.config/atomiton/storage` and the like) when none is given.
   *
   * @param basePath The folder, or the new client's options.
   */
  constructor(basePath?: string | FileSystemClientOptions) {
    deprecated("FileSystemClient", "FileSystemClient from @atomiton/storage/fs");
    super(typeof basePath === "object" ? basePath : { directory: basePath || defaultFolder() });
  }
}

/** The old buffer methods, added below. */
export interface FileSystemClient extends Omit<IStorageClient, "delete" | "clear"> {}
installBufferApi(FileSystemClient);
