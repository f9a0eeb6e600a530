/**
 * One key-value interface, {@linkcode StorageClient}, with backends for every
 * runtime and wrappers that make them production-ready.
 *
 * This entry has the interface, the errors, {@linkcode MemoryClient}, the
 * {@linkcode MonitoredStorageClient} and {@linkcode CachedStorageClient}
 * wrappers and {@linkcode migrate}. Backends are their own entries, so a
 * bundle only carries what it imports: `@atomiton/storage/fs`,
 * `@atomiton/storage/indexeddb`, `@atomiton/storage/redis`, and
 * `@atomiton/storage/auto` for the right default on each runtime.
 *
 * @example Store JSON and bytes
 * ```ts
 * import { MemoryClient } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * await using storage = new MemoryClient();
 * await storage.set("settings", { theme: "dark" });
 * await storage.set("avatar", new Uint8Array([137, 80, 78, 71]));
 * assert.deepEqual(await storage.get("settings"), { theme: "dark" });
 * assert.deepEqual(await storage.keys(), ["settings", "avatar"]);
 * ```
 *
 * @module
 */
export type {
  JsonValue,
  SetOptions,
  StorageClient,
  StorageStat,
  StorageValue,
} from "./storage_client.ts";
export { StorageError, type StorageErrorCode } from "./storage_error.ts";
export { InvalidKeyError } from "./invalid_key_error.ts";
export { InvalidValueError } from "./invalid_value_error.ts";
export { MemoryClient } from "./memory_client.ts";
export {
  MonitoredStorageClient,
  type MonitoredStorageClientOptions,
  type StorageEvents,
  type StorageOperation,
  type StorageOperationEvent,
} from "./monitored_storage_client.ts";
export {
  CachedStorageClient,
  type CachedStorageClientOptions,
  type CacheStats,
} from "./cached_storage_client.ts";
export { migrate, type MigrateOptions, type MigrationProgress } from "./migrate.ts";
