// The npm build's `node` condition for `@atomiton/storage/auto`: files, with node:fs.
import process from "node:process";
import { type AutoStorageOptions, storageDirectory } from "./_app_data.ts";
import { FileSystemClient } from "./fs_node.ts";
import type { StorageClient } from "./storage_client.ts";

export type { AutoStorageOptions } from "./_app_data.ts";

/** A `FileSystemClient` in the application-data folder (see auto.ts). */
export function createStorageClient(options: AutoStorageOptions = {}): StorageClient {
  const os = process.platform === "win32" ? "windows" : process.platform;
  return new FileSystemClient({
    directory: storageDirectory(options, os, (name) => process.env[name]),
  });
}
