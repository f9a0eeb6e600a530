// The npm build's `deno` condition for `@atomiton/storage/fs`: Deno's own file APIs.
import { FileSystemClient as Base } from "./file_system_client.ts";
import { OPS } from "./_fs_ops.ts";
import { ops } from "./_fs_deno_ops.ts";

export type { FileSystemClientOptions } from "./file_system_client.ts";

/** {@linkcode Base} on Deno's file APIs. */
export class FileSystemClient extends Base {
  /** The operations this build uses. */
  static [OPS] = (): typeof ops => ops;
}

// Bundlers rename one of two classes with the same name; keep the one users see.
Object.defineProperty(FileSystemClient, "name", { value: "FileSystemClient" });
