// The npm build's `browser` condition for `@atomiton/storage/fs`: a browser has no file
// system, so constructing the client says what to use instead (and no node:fs is bundled).
import { noFileSystem } from "./_fs_runtime.ts";
import type { FileSystemClientOptions } from "./file_system_client.ts";

export type { FileSystemClientOptions } from "./file_system_client.ts";

/** Throws `MISCONFIGURED`: use `@atomiton/storage/auto` or `@atomiton/storage/indexeddb` in a browser. */
export class FileSystemClient {
  /** @param _options Ignored: there is no file system here. */
  constructor(_options: FileSystemClientOptions) {
    throw noFileSystem();
  }
}
