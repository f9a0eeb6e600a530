/** A JSON value: what `JSON.parse` can return. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * What a {@linkcode StorageClient} stores: a JSON value, or bytes as a
 * `Uint8Array` (kept as bytes, not base64, wherever the backend can).
 */
export type StorageValue = JsonValue | Uint8Array;

/** Options for `set` and `setMany`. */
export interface SetOptions {
  /**
   * Milliseconds until the entry expires: a number above 0, or `Infinity`
   * for never (the default). An expired entry is never returned.
   */
  readonly ttl?: number | undefined;
}

/** What `stat` reports about an entry. */
export interface StorageStat {
  /** The stored value's size in bytes: UTF-8 JSON text, or the byte length of a `Uint8Array`. */
  readonly size: number;
  /** When it was last written, in milliseconds since the Unix epoch. */
  readonly modified: number;
  /** When it expires, in milliseconds since the Unix epoch; absent when it never does. */
  readonly expires?: number;
}

/**
 * One key-value interface for every backend and wrapper of `@atomiton/storage`.
 *
 * Keys: a string of 1 to 1,024 UTF-8 bytes, without NUL or lone surrogates;
 * anything else is refused with `InvalidKeyError`. Every valid key comes back
 * exactly from `keys()`. Values: JSON and `Uint8Array`; anything else is refused
 * at `set` with `InvalidValueError` and nothing is written. A value read back is
 * a copy: changing it never changes what is stored. An expired entry is never
 * returned. Every method returns a promise and reports errors by rejecting.
 *
 * @example Use any client through the interface
 * ```ts
 * import { MemoryClient, type StorageClient } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * async function countVisit(storage: StorageClient, page: string): Promise<number> {
 *   const visits = ((await storage.get<number>(`visits:${page}`)) ?? 0) + 1;
 *   await storage.set(`visits:${page}`, visits);
 *   return visits;
 * }
 *
 * await using storage = new MemoryClient();
 * await countVisit(storage, "/home");
 * assert.equal(await countVisit(storage, "/home"), 2);
 * assert.deepEqual(await storage.keys("visits:"), ["visits:/home"]);
 * ```
 */
export interface StorageClient extends AsyncDisposable {
  /**
   * Reads a value.
   *
   * @typeParam T The type you expect; not checked.
   * @param key The key.
   * @returns A copy of the value, or `undefined` when there is none (or it expired).
   */
  get<T = StorageValue>(key: string): Promise<T | undefined>;

  /**
   * Writes a value, replacing any value the key had.
   *
   * @param key The key.
   * @param value A JSON value or a `Uint8Array`; a copy is stored.
   * @param options `ttl`: milliseconds until it expires.
   * @returns When the value is stored.
   */
  set(key: string, value: StorageValue, options?: SetOptions): Promise<void>;

  /**
   * Tells whether a key has a value that has not expired.
   *
   * @param key The key.
   * @returns Whether `get` would find a value.
   */
  has(key: string): Promise<boolean>;

  /**
   * Removes a key.
   *
   * @param key The key.
   * @returns Whether it had a value (an expired one does not count).
   */
  delete(key: string): Promise<boolean>;

  /**
   * Lists the keys, in no particular order.
   *
   * @param prefix Only keys that start with it; default: every key.
   * @returns The keys that have a value that has not expired.
   */
  keys(prefix?: string): Promise<string[]>;

  /**
   * Iterates over the entries, a few at a time, for stores too large to read at once.
   * An entry removed or expired during the iteration may be skipped.
   *
   * @param prefix Only keys that start with it; default: every key.
   * @returns An async iterator of `[key, value]` pairs, values copied.
   */
  entries(prefix?: string): AsyncIterableIterator<[string, StorageValue]>;

  /**
   * Removes every key, or every key that starts with `prefix`.
   *
   * @param prefix Only keys that start with it; default: every key.
   * @returns When they are removed.
   */
  clear(prefix?: string): Promise<void>;

  /**
   * Reads several values, in one round trip where the backend allows.
   *
   * @param keys The keys.
   * @returns One value (or `undefined`) per key, in the same order.
   */
  getMany(keys: readonly string[]): Promise<(StorageValue | undefined)[]>;

  /**
   * Writes several values, in one round trip (or transaction) where the backend
   * allows. Every key and value is checked first: one bad entry and nothing is written.
   *
   * @param entries `[key, value]` pairs; a later pair for the same key wins.
   * @param options `ttl` for every entry.
   * @returns When every value is stored.
   */
  setMany(
    entries: readonly (readonly [string, StorageValue])[],
    options?: SetOptions,
  ): Promise<void>;

  /**
   * Removes several keys.
   *
   * @param keys The keys.
   * @returns How many of them had a value.
   */
  deleteMany(keys: readonly string[]): Promise<number>;

  /**
   * Describes an entry without reading its value where the backend allows.
   *
   * @param key The key.
   * @returns Size, modified time and expiry, or `undefined` when there is no value.
   */
  stat(key: string): Promise<StorageStat | undefined>;

  /**
   * Releases the client's resources (connections, handles). Later calls reject
   * with `StorageError` `CLOSED`; closing again does nothing.
   *
   * @returns When everything is released.
   */
  close(): Promise<void>;
}
