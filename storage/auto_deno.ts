// The npm build's `deno` condition for `@atomiton/storage/auto`: files, with Deno's APIs.
import { env } from "@atomiton/platform";
import { type AutoStorageOptions, storageDirectory } from "./_app_data.ts";
import { FileSystemClient } from "./fs_deno.ts";
import type { StorageClient } from "./storage_client.ts";

export type { AutoStorageOptions } from "./_app_data.ts";

/** A `FileSystemClient` in the application-data folder (see auto.ts). */
export function createStorageClient(options: AutoStorageOptions = {}): StorageClient {
  return new FileSystemClient({ directory: storageDirectory(options, Deno.build.os, env) });
}
