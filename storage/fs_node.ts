// The npm build's `node` condition for `@atomiton/storage/fs`: node:fs.
import { FileSystemClient as Base } from "./file_system_client.ts";
import { OPS } from "./_fs_ops.ts";
import { ops } from "./_fs_node_ops.ts";

export type { FileSystemClientOptions } from "./file_system_client.ts";

/** {@linkcode Base} on `node:fs`. */
export class FileSystemClient extends Base {
  /** The operations this build uses. */
  static [OPS] = (): typeof ops => ops;
}

// Bundlers rename one of two classes with the same name; keep the one users see.
Object.defineProperty(FileSystemClient, "name", { value: "FileSystemClient" });
