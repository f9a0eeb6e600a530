// The npm build's `browser` condition for `@atomiton/storage/auto`: IndexedDB.
import type { AutoStorageOptions } from "./_app_data.ts";
import { IndexedDBClient } from "./indexeddb_client.ts";
import { MemoryClient } from "./memory_client.ts";
import type { StorageClient } from "./storage_client.ts";

export type { AutoStorageOptions } from "./_app_data.ts";

/** An `IndexedDBClient`, or a `MemoryClient` where there is no IndexedDB (see auto.ts). */
export function createStorageClient(options: AutoStorageOptions = {}): StorageClient {
  return "indexedDB" in globalThis
    ? new IndexedDBClient({ database: options.name })
    : new MemoryClient();
}
