import { InvalidKeyError } from "@atomiton/storage";
import { checkBytes } from "./_buffer_api.ts";
import { deprecated } from "./_deprecation.ts";

/**
 * The old storage interface: raw bytes under string keys.
 *
 * @deprecated Use `StorageClient` from `@atomiton/storage`: `get`/`set` of JSON values or
 * bytes, no `initialize()`, `close()` ends it.
 *
 * @example
 * ```ts
 * import { type IStorageClient, MemoryClient } from "@atomiton/core";
 *
 * const storage: IStorageClient = new MemoryClient();
 * await storage.write("a", new Uint8Array([1]));
 * ```
 */
export interface IStorageClient {
  /** The bytes under `key`, or `null`. */
  read(key: string): Promise<Uint8Array | null>;
  /** Stores bytes under `key`. */
  write(key: string, data: Uint8Array): Promise<void>;
  /** Removes `key`. */
  delete(key: string): Promise<unknown>;
  /** Whether `key` is there. */
  exists(key: string): Promise<boolean>;
  /** The keys, or those starting with `prefix`. */
  list(prefix?: string): Promise<string[]>;
  /** Removes every key. */
  clear(): Promise<void>;
  /** Gets the client ready (nothing to do on the new clients). */
  initialize(): Promise<void>;
  /** Releases what `initialize` took. */
  cleanup(): Promise<void>;
  /** Writes several entries. */
  writeBatch(entries: Array<{ key: string; data: Uint8Array }>): Promise<void>;
  /** Reads several keys. */
  readBatch(keys: string[]): Promise<Array<Uint8Array | null>>;
  /** Removes several keys. */
  deleteBatch(keys: string[]): Promise<void>;
  /** The size of `key`'s value in bytes, 0 when missing. */
  getSize(key: string): Promise<number>;
  /** The size of every value in bytes. */
  getTotalSize(): Promise<number>;
}

/**
 * The old base of storage clients, for code that subclassed it: implement the
 * abstract methods; `initialize`, `cleanup`, the batch methods and the checks are here.
 *
 * @deprecated Implement `StorageClient` from `@atomiton/storage`, or wrap another client.
 *
 * @example
 * ```ts
 * import { BaseStorageClient } from "@atomiton/core";
 *
 * class Nothing extends BaseStorageClient {
 *   async read() { return null; }
 *   async write(key: string, data: Uint8Array) { this.validateKey(key); this.validateData(data); }
 *   async delete() {}
 *   async exists() { return false; }
 *   async list() { return []; }
 *   async clear() {}
 *   async getSize() { return 0; }
 *   async getTotalSize() { return 0; }
 *   protected async onInitialize() {}
 *   protected async onCleanup() {}
 * }
 * await new Nothing().initialize();
 * ```
 */
export abstract class BaseStorageClient implements IStorageClient {
  /** Whether `initialize()` has run (and `cleanup()` has not since). */
  protected initialized = false;

  /** Reports the deprecation. */
  constructor() {
    deprecated("BaseStorageClient", "the StorageClient interface of @atomiton/storage");
  }

  /** {@inheritDoc IStorageClient.read} */
  abstract read(key: string): Promise<Uint8Array | null>;
  /** {@inheritDoc IStorageClient.write} */
  abstract write(key: string, data: Uint8Array): Promise<void>;
  /** {@inheritDoc IStorageClient.delete} */
  abstract delete(key: string): Promise<void>;
  /** {@inheritDoc IStorageClient.exists} */
  abstract exists(key: string): Promise<boolean>;
  /** {@inheritDoc IStorageClient.list} */
  abstract list(prefix?: string): Promise<string[]>;
  /** {@inheritDoc IStorageClient.clear} */
  abstract clear(): Promise<void>;
  /** {@inheritDoc IStorageClient.getSize} */
  abstract getSize(key: string): Promise<number>;
  /** {@inheritDoc IStorageClient.getTotalSize} */
  abstract getTotalSize(): Promise<number>;
  /** Runs once, at the first `initialize()`. */
  protected abstract onInitialize(): Promise<void>;
  /** Runs at `cleanup()` after an `initialize()`. */
  protected abstract onCleanup(): Promise<void>;

  /** Runs `onInitialize` once. */
  async initialize(): Promise<void> {
    if (this.initialized) return;
    await this.onInitialize();
    this.initialized = true;
  }

  /** Runs `onCleanup` if initialised. */
  async cleanup(): Promise<void> {
    if (!this.initialized) return;
    await this.onCleanup();
    this.initialized = false;
  }

  /**
   * Throws `InvalidKeyError` unless `key` is a string of 1 to 255 characters.
   *
   * @param key The key to check.
   */
  protected validateKey(key: string): void {
    if (typeof key !== "string" || key === "" || key.length > 255) {
      throw new InvalidKeyError(
        key,
        `Invalid key ${
          JSON.stringify(key)?.slice(0, 40)
        }: a key is a string of 1 to 255 characters.`,
      );
    }
  }

  /**
   * Throws `InvalidValueError` unless `data` is bytes.
   *
   * @param data The value to check.
   */
  protected validateData(data: Uint8Array): void {
    checkBytes("", data);
  }

  /** {@inheritDoc IStorageClient.writeBatch} */
  async writeBatch(entries: Array<{ key: string; data: Uint8Array }>): Promise<void> {
    await Promise.all(entries.map(({ key, data }) => this.write(key, data)));
  }

  /** {@inheritDoc IStorageClient.readBatch} */
  readBatch(keys: string[]): Promise<Array<Uint8Array | null>> {
    return Promise.all(keys.map((key) => this.read(key)));
  }

  /** {@inheritDoc IStorageClient.deleteBatch} */
  async deleteBatch(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.delete(key)));
  }
}
