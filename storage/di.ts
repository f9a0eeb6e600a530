/**
 * `@atomiton/storage` for `@atomiton/di` containers: a token for the storage
 * backend, one for the storage the app uses (the backend behind the configured
 * cache and monitoring), and {@linkcode provideStorage} to register them. Code
 * without a container never bundles this entry.
 *
 * @example A cached store, and plain memory in a test
 * ```ts
 * import assert from "node:assert/strict";
 * import { Container } from "@atomiton/di";
 * import { MemoryClient } from "@atomiton/storage";
 * import { provideStorage, storageBackendToken, storageToken } from "@atomiton/storage/di";
 *
 * await using app = provideStorage(new Container(), { cache: { maxEntries: 1000 } });
 * await app.resolve(storageToken).set("a", 1);
 *
 * const memory = new MemoryClient();
 * await using test = app.createChild().registerValue(storageBackendToken, memory);
 * await test.resolve(storageToken).set("b", 2);
 * assert.equal(await memory.get("b"), 2); // the wrappers, over the test's backend
 * ```
 *
 * @module
 */
import { type Container, type Token, token } from "@atomiton/di";
import { CachedStorageClient, type CachedStorageClientOptions } from "./cached_storage_client.ts";
import { MemoryClient } from "./memory_client.ts";
import {
  MonitoredStorageClient,
  type MonitoredStorageClientOptions,
} from "./monitored_storage_client.ts";
import type { StorageClient } from "./storage_client.ts";

/** The storage backend: a `FileSystemClient`, `IndexedDBClient`, `RedisStorageClient`, ... */
export const storageBackendToken: Token<StorageClient> = token<StorageClient>("storage.backend");

/**
 * The storage the app uses: the `MonitoredStorageClient` over the `CachedStorageClient` over
 * the backend, as far as monitoring and a cache were asked for; the backend alone is
 * {@linkcode storageBackendToken}.
 */
export const storageToken: Token<StorageClient> = token<StorageClient>("storage");

/** Options for {@linkcode provideStorage}. */
export interface StorageProviderOptions {
  /**
   * Builds the backend (default: a `MemoryClient`), e.g.
   * `() => createStorageClient()` from `@atomiton/storage/auto`.
   */
  readonly backend?: (() => StorageClient) | undefined;
  /** Puts a `CachedStorageClient` with these options in front of the backend. */
  readonly cache?: CachedStorageClientOptions | undefined;
  /** Measures every call with a `MonitoredStorageClient` (outermost), with these options. */
  readonly monitor?: MonitoredStorageClientOptions | undefined;
}

/**
 * Registers the storage backend and the app's storage as singletons; builds
 * nothing until first resolved. Disposing the container closes them.
 *
 * @param container The container to register in.
 * @param options The backend, and the cache and monitoring to put in front of it.
 * @returns The same container, for chaining.
 *
 * @example Register and resolve
 * ```ts
 * import { Container } from "@atomiton/di";
 * import { provideStorage, storageToken } from "@atomiton/storage/di";
 *
 * await using container = provideStorage(new Container());
 * await container.resolve(storageToken).set("a", 1);
 * ```
 */
export function provideStorage(
  container: Container,
  options: StorageProviderOptions = {},
): Container {
  const { backend = () => new MemoryClient(), cache, monitor } = options;
  return container
    .registerFactory(storageBackendToken, backend)
    .registerFactory(storageToken, (client: StorageClient) => {
      if (cache) client = new CachedStorageClient(client, cache);
      return monitor ? new MonitoredStorageClient(client, monitor) : client;
    }, [storageBackendToken]);
}
