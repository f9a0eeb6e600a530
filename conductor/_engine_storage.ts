import type { StorageClient } from "@atomiton/storage";
import { ConductorError } from "./conductor_error.ts";

/**
 * The run's storage for this orchestrator: once its lease is lost, every write
 * is refused, so that two orchestrators never both write one run's records.
 */
export function guardedStorage(storage: StorageClient, lost: () => boolean): StorageClient {
  const refuse = (): Promise<never> =>
    Promise.reject(
      new ConductorError(
        "RUN_ACTIVE",
        "This orchestrator lost the run's lease: it writes no more.",
      ),
    );
  return {
    get: (key) => storage.get(key),
    set: (key, value, options) => lost() ? refuse() : storage.set(key, value, options),
    has: (key) => storage.has(key),
    delete: (key) => lost() ? refuse() : storage.delete(key),
    keys: (prefix) => storage.keys(prefix),
    entries: (prefix) => storage.entries(prefix),
    clear: (prefix) => lost() ? refuse() : storage.clear(prefix),
    getMany: (keys) => storage.getMany(keys),
    stat: (key) => storage.stat(key),
    setMany: (entries, options) => lost() ? refuse() : storage.setMany(entries, options),
    deleteMany: (keys) => lost() ? refuse() : storage.deleteMany(keys),
    close: () => Promise.resolve(),
    [Symbol.asyncDispose]: () => Promise.resolve(),
  } as StorageClient;
}
