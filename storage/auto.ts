/**
 * {@linkcode createStorageClient}: the right default `StorageClient` for the
 * runtime. A file-system store in the OS's application-data folder on Deno,
 * Node.js and Bun; IndexedDB in a browser or web worker; memory elsewhere. On
 * npm, conditional exports pick the variant, so a browser bundle never carries
 * the file-system client and a server bundle never carries IndexedDB.
 *
 * @example The default store of an app
 * ```ts
 * import { createStorageClient } from "@atomiton/storage/auto";
 * import assert from "node:assert/strict";
 * import { mkdtemp, rm } from "node:fs/promises";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const directory = await mkdtemp(join(tmpdir(), "storage-"));
 * await using storage = createStorageClient({ name: "my-app", directory });
 * await storage.set("settings", { theme: "dark" });
 * assert.deepEqual(await storage.get("settings"), { theme: "dark" });
 * await rm(directory, { recursive: true });
 * ```
 *
 * @module
 */
import { env, getPlatformInfo } from "@atomiton/platform";
import { type AutoStorageOptions, storageDirectory } from "./_app_data.ts";
import { FileSystemClient } from "./file_system_client.ts";
import { IndexedDBClient } from "./indexeddb_client.ts";
import { MemoryClient } from "./memory_client.ts";
import type { StorageClient } from "./storage_client.ts";

export type { AutoStorageOptions } from "./_app_data.ts";

const SERVER = /^(?:deno|node|bun|electron-main)$/;

/**
 * Creates the default {@linkcode StorageClient} for this runtime:
 *
 * - Deno, Node.js, Bun, Electron's main process: a `FileSystemClient` in
 *   `<application data>/<name>/storage` (`$XDG_DATA_HOME` or `~/.local/share` on
 *   Linux, `~/Library/Application Support` on macOS, `%LOCALAPPDATA%` on
 *   Windows), or in `directory`;
 * - a browser, web worker or Electron renderer: an `IndexedDBClient` with the
 *   database `name`;
 * - anywhere else (or a browser context without IndexedDB): a `MemoryClient`.
 *
 * Nothing is opened until the first call.
 *
 * @param options The application's name, or a folder.
 * @returns A new client.
 * @throws {StorageError} `INVALID_OPTION` for a name with separators, or when no
 * application-data folder can be found and no `directory` was given.
 *
 * @example A store in a given folder
 * ```ts
 * import { createStorageClient } from "@atomiton/storage/auto";
 * import { mkdtemp, rm } from "node:fs/promises";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const directory = await mkdtemp(join(tmpdir(), "storage-"));
 * await using storage = createStorageClient({ directory });
 * await storage.set("a", 1);
 * await rm(directory, { recursive: true });
 * ```
 */
export function createStorageClient(options: AutoStorageOptions = {}): StorageClient {
  const { runtime, os } = getPlatformInfo();
  if (SERVER.test(runtime)) {
    return new FileSystemClient({ directory: storageDirectory(options, os, env) });
  }
  return "indexedDB" in globalThis
    ? new IndexedDBClient({ database: options.name })
    : new MemoryClient();
}
