// deno-coverage-ignore-file -- Deno has no IndexedDB: indexeddb_client_test.ts runs this in Chromium.
/**
 * {@linkcode IndexedDBClient}: a `StorageClient` in the browser's IndexedDB,
 * one database and one object store, batches in one transaction, and a new
 * connection whenever the browser closes the old one.
 *
 * @example A store in the browser
 * ```ts ignore
 * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
 *
 * await using storage = new IndexedDBClient({ database: "my-app" });
 * await storage.setMany([["draft:1", { title: "Hello" }], ["avatar", new Uint8Array([1, 2])]]);
 * console.log(await storage.keys("draft:")); // ["draft:1"]
 * ```
 *
 * @module
 */
import { closedError, expired } from "./_common.ts";
import { decode, encode, encodeAll, type Encoded, expiryOf, statOf } from "./_codec.ts";
import { checkKey, checkKeys, checkPrefix } from "./_keys.ts";
import { StorageError } from "./storage_error.ts";
import {
  idb,
  type IdbDatabase,
  type IdbKeyRange,
  type IdbStore,
  type IdbTransaction,
} from "./_idb.ts";
import type { SetOptions, StorageClient, StorageStat, StorageValue } from "./storage_client.ts";

/** Options for {@linkcode IndexedDBClient}. */
export interface IndexedDBClientOptions {
  /** The database's name (default `"atomiton"`). */
  readonly database?: string | undefined;
  /** The object store's name in it (default `"storage"`); created when missing. */
  readonly store?: string | undefined;
}

interface Row {
  readonly v: Encoded; // JSON text, or bytes
  readonly m: number; // modified
  readonly e: number; // expires, 0 for never
}

const PAGE = 100; // entries read per transaction while iterating
const noop = (): void => {};

// All keys that start with `prefix`: from it up to the next string that does not.
function rangeOf(prefix: string): IdbKeyRange | undefined {
  if (prefix === "") return undefined;
  const head = prefix.replace(/\uffff+$/, "");
  if (head === "") return idb.IDBKeyRange.lowerBound(prefix);
  const upper = head.slice(0, -1) + String.fromCharCode(head.charCodeAt(head.length - 1) + 1);
  return idb.IDBKeyRange.bound(prefix, upper, false, true);
}

/**
 * A {@linkcode StorageClient} in IndexedDB: one database, one object store,
 * keys as IndexedDB keys and values as JSON text or raw bytes.
 *
 * - Every batch (`getMany`, `setMany`, `deleteMany`) is one transaction, so
 *   `setMany` is all or nothing.
 * - A write resolves when its transaction has committed.
 * - When the browser closes the connection (site data cleared, the database
 *   deleted or upgraded from another tab), the next call opens a new one.
 * - `entries()` reads 100 entries per transaction, so a long loop never holds
 *   one open.
 *
 * @example Store drafts in the browser
 * ```ts ignore
 * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
 *
 * await using storage = new IndexedDBClient({ database: "my-app", store: "drafts" });
 * await storage.set("draft:1", { title: "Hello" }, { ttl: 7 * 24 * 3600 * 1000 });
 * console.log(await storage.get("draft:1"));
 * ```
 */
export class IndexedDBClient implements StorageClient {
  /** The database's name. */
  readonly database: string;
  /** The object store's name. */
  readonly store: string;
  #db: IdbDatabase | undefined;
  #opening: Promise<IdbDatabase> | undefined;
  #closed = false;

  /**
   * Creates a client; the database opens on first use.
   *
   * @param options The database and object store names.
   * @throws {StorageError} `INVALID_OPTION` for an empty name.
   */
  constructor(options: IndexedDBClientOptions = {}) {
    const { database = "atomiton", store = "storage" } = options;
    if (!database || !store || typeof database + typeof store !== "stringstring") {
      throw new StorageError("INVALID_OPTION", "IndexedDB names must be non-empty strings.");
    }
    this.database = database;
    this.store = store;
  }

  #open(version?: number): Promise<IdbDatabase> {
    return new Promise((resolve, reject) => {
      const request = idb.indexedDB.open(this.database, version);
      request.onupgradeneeded = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(this.store)) db.createObjectStore(this.store);
      };
      request.onerror = () => reject(request.error);
      request.onsuccess = () => {
        const db = request.result;
        if (!db.objectStoreNames.contains(this.store)) {
          // An existing database without our store: add it in a new version.
          db.close();
          this.#open(db.version + 1).then(resolve, reject);
          return;
        }
        const forget = (): void => {
          if (this.#db === db) this.#db = this.#opening = undefined;
        };
        db.onclose = forget; // the browser closed it
        db.onversionchange = () => { // another connection upgrades or deletes the database
          db.close();
          forget();
        };
        resolve(this.#db = db);
      };
    });
  }

  async #connect(): Promise<IdbDatabase> {
    if (this.#closed) throw closedError("IndexedDBClient");
    if (this.#db) return this.#db;
    this.#opening ??= this.#open().catch((error) => {
      this.#opening = undefined;
      throw new StorageError("UNAVAILABLE", `Cannot open IndexedDB ${this.database}: ${error}`, {
        cause: error,
      });
    });
    return await this.#opening;
  }

  // A transaction's store, at once while the connection is open (no await on the hot path);
  // a connection the browser closed meanwhile is opened again, once.
  #store(
    mode: "readonly" | "readwrite",
    db: IdbDatabase | undefined = this.#closed ? undefined : this.#db,
    retried = false,
  ): [IdbStore, IdbTransaction] | Promise<[IdbStore, IdbTransaction]> {
    if (db === undefined) return this.#connect().then((db) => this.#store(mode, db, retried));
    try {
      const tx = db.transaction(this.store, mode);
      return [tx.objectStore(this.store), tx];
    } catch (error) {
      if (retried || (error as DOMException).name !== "InvalidStateError") throw error;
      if (this.#db === db) this.#db = this.#opening = undefined;
      return this.#store(mode, undefined, true);
    }
  }

  // Lets `start` resolve the promise, unless the transaction fails first.
  #settle<T>(tx: IdbTransaction, start: (resolve: (value: T) => void) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      tx.onerror = tx.onabort = () =>
        reject(
          new StorageError("BACKEND", `IndexedDB transaction failed: ${tx.error}`, {
            cause: tx.error,
          }),
        );
      start(resolve);
    });
  }

  // Runs `body` in one transaction; the result is read when it has committed. With `last`,
  // body's requests are all it makes: committing at once spares the browser a round trip.
  async #run<T>(
    mode: "readonly" | "readwrite",
    body: (store: IdbStore) => () => T,
    last = false,
  ): Promise<T> {
    const [store, tx] = await this.#store(mode);
    return await this.#settle(tx, (resolve) => {
      const result = body(store);
      if (last) tx.commit?.();
      tx.oncomplete = () => resolve(result());
    });
  }

  // Reads rows in one transaction and answers when the last arrives: a read
  // need not wait for the commit. `each` gets a row, or undefined when missing or expired.
  async #read<T>(keys: readonly string[], each: (row: Row | undefined) => T): Promise<T[]> {
    if (keys.length === 0) return [];
    const [store, tx] = await this.#store("readonly");
    return await this.#settle(tx, (resolve) => {
      const out: T[] = [];
      const now = Date.now();
      let left = keys.length;
      let stale = false;
      keys.forEach((key, i) => {
        const request = store.get(key);
        request.onsuccess = () => {
          const row = request.result as Row | undefined;
          const live = row && !expired(row.e, now);
          if (row && !live) stale = true;
          out[i] = each(live ? row : undefined);
          if (--left > 0) return;
          if (stale) this.#dropExpired(keys);
          resolve(out);
        };
      });
      tx.commit?.(); // every request is made: the browser need not wait for this page
    });
  }

  // Removes expired rows among `keys`, checking again inside the write transaction.
  #dropExpired(keys: readonly string[]): void {
    this.#run("readwrite", (store) => {
      for (const key of keys) {
        const request = store.get(key);
        request.onsuccess = () => {
          const row = request.result as Row | undefined;
          if (row && expired(row.e)) store.delete(key);
        };
      }
      return () => {};
    }).catch(() => {});
  }

  // The live rows of a prefix in key order, 100 per transaction, so that a
  // slow consumer never holds one open.
  async *#rows(prefix: string | undefined): AsyncGenerator<[string, Row]> {
    const range = rangeOf(checkPrefix(prefix));
    let after: string | undefined;
    for (;;) {
      const [keys, rows] = await this.#run("readonly", (store) => {
        const from = after === undefined
          ? range
          : range?.upper !== undefined
          ? idb.IDBKeyRange.bound(after, range.upper, true, true)
          : idb.IDBKeyRange.lowerBound(after, true);
        const keys = store.getAllKeys(from, PAGE);
        const rows = store.getAll(from, PAGE);
        return () => [keys.result as string[], rows.result as Row[]] as const;
      }, true);
      const now = Date.now();
      for (let i = 0; i < keys.length; i++) {
        if (!expired(rows[i]!.e, now)) yield [keys[i]!, rows[i]!];
      }
      if (keys.length < PAGE) return;
      after = keys[keys.length - 1];
    }
  }

  /**
   * Reads a copy of a value.
   *
   * @typeParam T The type you expect; not checked.
   * @param key The key.
   * @returns The value, or `undefined` when there is none or it expired.
   *
   * @example Read
   * ```ts ignore
   * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
   *
   * const storage = new IndexedDBClient();
   * console.log(await storage.get("draft:1"));
   * ```
   */
  async get<T = StorageValue>(key: string): Promise<T | undefined> {
    checkKey(key);
    const [value] = await this.#read([key], (row) => row && decode(row.v));
    return value as T | undefined;
  }

  /**
   * Writes a copy of a value; resolves when the transaction has committed.
   *
   * @param key The key.
   * @param value JSON or a `Uint8Array`.
   * @param options `ttl` in milliseconds.
   * @returns When it is stored.
   *
   * @example Write
   * ```ts ignore
   * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
   *
   * const storage = new IndexedDBClient();
   * await storage.set("draft:1", { title: "Hello" });
   * ```
   */
  async set(key: string, value: StorageValue, options?: SetOptions): Promise<void> {
    const e = expiryOf(options);
    checkKey(key);
    const row: Row = { v: encode(value), m: Date.now(), e };
    await this.#run("readwrite", (store) => (store.put(row, key), noop), true);
  }

  /**
   * Tells whether a key has a live value.
   *
   * @param key The key.
   * @returns Whether `get` would find a value.
   *
   * @example Check
   * ```ts ignore
   * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
   *
   * const storage = new IndexedDBClient();
   * console.log(await storage.has("draft:1"));
   * ```
   */
  async has(key: string): Promise<boolean> {
    checkKey(key);
    return (await this.#read([key], (row) => row !== undefined))[0]!;
  }

  /**
   * Removes a key.
   *
   * @param key The key.
   * @returns Whether it had a live value.
   *
   * @example Remove
   * ```ts ignore
   * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
   *
   * const storage = new IndexedDBClient();
   * console.log(await storage.delete("draft:1"));
   * ```
   */
  async delete(key: string): Promise<boolean> {
    return (await this.deleteMany([key])) === 1;
  }

  /**
   * Lists keys, reading 100 entries per transaction over the key range of the prefix.
   *
   * @param prefix Only keys that start with it.
   * @returns The keys with live values, in IndexedDB's order.
   *
   * @example List
   * ```ts ignore
   * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
   *
   * const storage = new IndexedDBClient();
   * console.log(await storage.keys("draft:"));
   * ```
   */
  async keys(prefix?: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const [key] of this.#rows(prefix)) keys.push(key);
    return keys;
  }

  /**
   * Iterates over entries, 100 per transaction.
   *
   * @param prefix Only keys that start with it.
   * @returns An async iterator of `[key, value]` pairs, in key order.
   *
   * @example Iterate
   * ```ts ignore
   * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
   *
   * const storage = new IndexedDBClient();
   * for await (const [key, value] of storage.entries("draft:")) console.log(key, value);
   * ```
   */
  async *entries(prefix?: string): AsyncIterableIterator<[string, StorageValue]> {
    for await (const [key, row] of this.#rows(prefix)) yield [key, decode(row.v)];
  }

  /**
   * Removes every key, or the key range of a prefix, in one transaction.
   *
   * @param prefix Only keys that start with it.
   * @returns When they are removed.
   *
   * @example Clear
   * ```ts ignore
   * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
   *
   * const storage = new IndexedDBClient();
   * await storage.clear("draft:");
   * ```
   */
  async clear(prefix?: string): Promise<void> {
    const range = rangeOf(checkPrefix(prefix));
    await this.#run("readwrite", (store) => {
      if (range) store.delete(range);
      else store.clear();
      return noop;
    }, true);
  }

  /**
   * Reads several values in one transaction.
   *
   * @param keys The keys.
   * @returns One value or `undefined` per key, in order.
   *
   * @example Read a batch
   * ```ts ignore
   * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
   *
   * const storage = new IndexedDBClient();
   * console.log(await storage.getMany(["a", "b"]));
   * ```
   */
  async getMany(keys: readonly string[]): Promise<(StorageValue | undefined)[]> {
    return await this.#read(checkKeys(keys), (row) => row && decode(row.v));
  }

  /**
   * Writes several values in one transaction: all or nothing.
   *
   * @param entries `[key, value]` pairs.
   * @param options `ttl` for every entry.
   * @returns When the transaction has committed.
   *
   * @example Write a batch
   * ```ts ignore
   * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
   *
   * const storage = new IndexedDBClient();
   * await storage.setMany([["a", 1], ["b", 2]]);
   * ```
   */
  async setMany(
    entries: readonly (readonly [string, StorageValue])[],
    options?: SetOptions,
  ): Promise<void> {
    const e = expiryOf(options);
    const rows = encodeAll(entries);
    const m = Date.now();
    await this.#run("readwrite", (store) => {
      for (const [key, v] of rows) store.put({ v, m, e } satisfies Row, key);
      return noop;
    }, true);
  }

  /**
   * Removes several keys in one transaction.
   *
   * @param keys The keys.
   * @returns How many had live values.
   *
   * @example Remove a batch
   * ```ts ignore
   * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
   *
   * const storage = new IndexedDBClient();
   * console.log(await storage.deleteMany(["a", "b"]));
   * ```
   */
  async deleteMany(keys: readonly string[]): Promise<number> {
    checkKeys(keys);
    return await this.#run("readwrite", (store) => {
      let count = 0;
      const now = Date.now();
      for (const key of new Set(keys)) {
        const request = store.get(key);
        request.onsuccess = () => {
          const row = request.result as Row | undefined;
          if (row === undefined) return;
          if (!expired(row.e, now)) count++;
          store.delete(key);
        };
      }
      return () => count;
    });
  }

  /**
   * Describes an entry.
   *
   * @param key The key.
   * @returns Size in bytes, modified time and expiry, or `undefined`.
   *
   * @example Stat
   * ```ts ignore
   * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
   *
   * const storage = new IndexedDBClient();
   * console.log(await storage.stat("a"));
   * ```
   */
  async stat(key: string): Promise<StorageStat | undefined> {
    checkKey(key);
    return (await this.#read([key], (row) => row && statOf(row.v, row.m, row.e)))[0];
  }

  /**
   * Closes the connection; later calls reject with `CLOSED`.
   *
   * @returns When closed.
   *
   * @example Close
   * ```ts ignore
   * import { IndexedDBClient } from "@atomiton/storage/indexeddb";
   *
   * const storage = new IndexedDBClient();
   * await storage.close();
   * ```
   */
  async close(): Promise<void> {
    this.#closed = true;
    const db = this.#db ?? await this.#opening?.catch(() => undefined);
    db?.close();
    this.#db = this.#opening = undefined;
  }

  /**
   * Closes the client, for `await using`.
   *
   * @returns When closed.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
