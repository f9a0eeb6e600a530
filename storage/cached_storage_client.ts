import { closedError, expired } from "./_common.ts";
import { decode, encode, type Encoded, expiryOf, sizeOf } from "./_codec.ts";
import { StorageError } from "./storage_error.ts";
import type { SetOptions, StorageClient, StorageStat, StorageValue } from "./storage_client.ts";

/** Options for {@linkcode CachedStorageClient}. */
export interface CachedStorageClientOptions {
  /** The most entries the cache holds (default 1,000); the least recently used go first. */
  readonly maxEntries?: number | undefined;
  /** The most bytes of values it holds (default 16 MiB); a larger value is never cached. */
  readonly maxBytes?: number | undefined;
  /**
   * Milliseconds an entry stays cached (default `Infinity`). Set it when other
   * processes write to the same store: it bounds how stale a read can be.
   */
  readonly ttl?: number | undefined;
}

/** How a {@linkcode CachedStorageClient} is doing. */
export interface CacheStats {
  /** Reads answered from the cache. */
  readonly hits: number;
  /** Reads that went to the wrapped client. */
  readonly misses: number;
  /** Entries in the cache now. */
  readonly entries: number;
  /** Bytes of values in the cache now. */
  readonly bytes: number;
}

interface Entry {
  readonly v: Encoded;
  readonly s: number; // size in bytes
  readonly e: number; // when it leaves the cache, 0 for never
}

function limit(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value >= 0)) {
    throw new StorageError(
      "INVALID_OPTION",
      `Invalid ${name} ${String(value)}: expected a number, 0 or more.`,
    );
  }
  return value;
}

/**
 * Wraps any {@linkcode StorageClient} with an in-memory LRU cache, bounded by
 * entries and by bytes, with a TTL. Writes go through to the wrapped client
 * first and then into the cache; `delete` and `clear` invalidate. A read that
 * races a write never caches the older value. Values come out of the cache as
 * copies, as from any client. Closing it closes the client it wraps.
 *
 * The cache sees only this process's writes: with other writers, set `ttl`.
 *
 * @example A cache in front of a slower store
 * ```ts
 * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * await using storage = new CachedStorageClient(new MemoryClient(), {
 *   maxEntries: 10_000,
 *   maxBytes: 64 * 1024 * 1024,
 *   ttl: 60_000,
 * });
 * await storage.set("config", { theme: "dark" });
 * assert.deepEqual(await storage.get("config"), { theme: "dark" }); // from the cache
 * assert.equal(storage.stats().hits, 1);
 * ```
 */
export class CachedStorageClient implements StorageClient {
  readonly #inner: StorageClient;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #ttl: number;
  #cache = new Map<string, Entry>();
  #bytes = 0;
  #hits = 0;
  #misses = 0;
  #closed = false;
  // A read may fill the cache only if no write of its key overlapped it: each
  // operation takes a ticket, and writes note theirs per key while any operation runs.
  #ticket = 0;
  #running = 0;
  #clearedAt = 0;
  #clearing = 0;
  readonly #touched = new Map<string, number>();
  readonly #writing = new Map<string, number>();

  /**
   * Wraps a client.
   *
   * @param client The client to cache; closing the wrapper closes it.
   * @param options Bounds and TTL of the cache.
   * @throws {StorageError} `INVALID_OPTION` for a negative or NaN bound or a ttl not above 0.
   */
  constructor(client: StorageClient, options: CachedStorageClientOptions = {}) {
    this.#inner = client;
    this.#maxEntries = limit("maxEntries", options.maxEntries, 1000);
    this.#maxBytes = limit("maxBytes", options.maxBytes, 16 * 1024 * 1024);
    const ttl = limit("ttl", options.ttl, Infinity);
    if (ttl === 0) limit("ttl", NaN, 0);
    this.#ttl = ttl;
  }

  /**
   * The cache's counters.
   *
   * @returns Hits, misses, and the entries and bytes cached now.
   *
   * @example Hit rate
   * ```ts
   * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new CachedStorageClient(new MemoryClient());
   * await storage.set("a", 1);
   * await storage.get("a");
   * await storage.get("b");
   * assert.deepEqual(storage.stats(), { hits: 1, misses: 1, entries: 1, bytes: 1 });
   * ```
   */
  stats(): CacheStats {
    return {
      hits: this.#hits,
      misses: this.#misses,
      entries: this.#cache.size,
      bytes: this.#bytes,
    };
  }

  #hit(key: string): Entry | undefined {
    const entry = this.#cache.get(key);
    if (entry === undefined) return undefined;
    this.#cache.delete(key);
    if (expired(entry.e)) {
      this.#bytes -= entry.s;
      return undefined;
    }
    this.#cache.set(key, entry); // most recently used now
    return entry;
  }

  #drop(key: string): void {
    const entry = this.#cache.get(key);
    if (entry === undefined) return;
    this.#cache.delete(key);
    this.#bytes -= entry.s;
  }

  #put(key: string, v: Encoded, expires: number): void {
    this.#drop(key);
    const s = sizeOf(v);
    if (s > this.#maxBytes || this.#maxEntries < 1 || this.#closed) return;
    const until = this.#ttl === Infinity ? expires : Date.now() + this.#ttl;
    this.#cache.set(key, { v, s, e: expires && until ? Math.min(expires, until) : until });
    this.#bytes += s;
    for (const [old, entry] of this.#cache) {
      if (this.#cache.size <= this.#maxEntries && this.#bytes <= this.#maxBytes) break;
      this.#cache.delete(old);
      this.#bytes -= entry.s;
    }
  }

  #begin(): number {
    this.#running++;
    return ++this.#ticket;
  }

  #end(): void {
    if (--this.#running === 0) this.#touched.clear();
  }

  // Runs a write of `keys` (every key for a clear), then lets `after` cache what it wrote.
  async #write<T>(
    keys: readonly string[] | undefined,
    work: () => Promise<T>,
    after?: (fresh: (key: string) => boolean) => void,
  ): Promise<T> {
    if (this.#closed) throw closedError("CachedStorageClient");
    const ticket = this.#begin();
    const clearing = this.#clearing > 0;
    const unique = keys && new Set(keys);
    if (unique === undefined) {
      this.#clearing++;
      this.#clearedAt = ticket;
    } else {
      for (const key of unique) {
        this.#touched.set(key, ticket);
        this.#writing.set(key, (this.#writing.get(key) ?? 0) + 1);
        this.#drop(key);
      }
    }
    try {
      const result = await work();
      after?.((key) =>
        !clearing && this.#clearedAt < ticket && this.#touched.get(key) === ticket &&
        this.#writing.get(key) === 1
      );
      return result;
    } finally {
      if (unique === undefined) this.#clearing--;
      else {
        for (const key of unique) {
          const n = this.#writing.get(key)! - 1;
          if (n === 0) this.#writing.delete(key);
          else this.#writing.set(key, n);
        }
      }
      this.#end();
    }
  }

  // Reads missing keys from the wrapped client and caches what no write overlapped.
  async #load(keys: readonly string[]): Promise<(StorageValue | undefined)[]> {
    const ticket = this.#begin();
    const busy = keys.map((key) => this.#clearing > 0 || this.#writing.has(key));
    try {
      const [values, stats] = await Promise.all([
        keys.length === 1 ? this.#inner.get(keys[0]!).then((v) => [v]) : this.#inner.getMany(keys),
        Promise.all(keys.map((key) => this.#inner.stat(key))),
      ]);
      keys.forEach((key, i) => {
        const value = values[i];
        const fresh = !busy[i] && this.#clearedAt < ticket &&
          (this.#touched.get(key) ?? 0) < ticket;
        if (value !== undefined && fresh) this.#put(key, encode(value), stats[i]?.expires ?? 0);
      });
      return values;
    } finally {
      this.#end();
    }
  }

  /**
   * Reads from the cache, or from the wrapped client and caches it.
   *
   * @typeParam T The type you expect; not checked.
   * @param key The key.
   * @returns A copy of the value, or `undefined`.
   *
   * @example The second read is a hit
   * ```ts
   * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const backing = new MemoryClient();
   * await backing.set("a", 1);
   * const storage = new CachedStorageClient(backing);
   * await storage.get("a");
   * await storage.get("a");
   * assert.equal(storage.stats().hits, 1);
   * ```
   */
  async get<T = StorageValue>(key: string): Promise<T | undefined> {
    const entry = this.#closed ? undefined : this.#hit(key);
    if (entry !== undefined) {
      this.#hits++;
      return decode(entry.v) as T;
    }
    this.#misses++;
    return (await this.#load([key]))[0] as T | undefined;
  }

  /**
   * Writes through to the wrapped client, then caches the value.
   *
   * @param key The key.
   * @param value The value.
   * @param options `ttl` in milliseconds; the cached copy expires with it.
   * @returns When the wrapped client has it.
   *
   * @example Write through
   * ```ts
   * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const backing = new MemoryClient();
   * const storage = new CachedStorageClient(backing);
   * await storage.set("a", 1);
   * assert.equal(await backing.get("a"), 1);
   * ```
   */
  set(key: string, value: StorageValue, options?: SetOptions): Promise<void> {
    return this.#write([key], () => this.#inner.set(key, value, options), (fresh) => {
      if (fresh(key)) this.#put(key, encode(value), expiryOf(options));
    });
  }

  /**
   * Answers from the cache, or asks the wrapped client.
   *
   * @param key The key.
   * @returns Whether the key has a value.
   *
   * @example Check a key
   * ```ts
   * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new CachedStorageClient(new MemoryClient());
   * assert.equal(await storage.has("a"), false);
   * ```
   */
  async has(key: string): Promise<boolean> {
    return (!this.#closed && this.#hit(key) !== undefined) || await this.#inner.has(key);
  }

  /**
   * Removes the key from the cache and the wrapped client.
   *
   * @param key The key.
   * @returns Whether it had a value.
   *
   * @example Remove
   * ```ts
   * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new CachedStorageClient(new MemoryClient());
   * await storage.set("a", 1);
   * assert.equal(await storage.delete("a"), true);
   * assert.equal(storage.stats().entries, 0);
   * ```
   */
  delete(key: string): Promise<boolean> {
    return this.#write([key], () => this.#inner.delete(key));
  }

  /**
   * Lists keys from the wrapped client.
   *
   * @param prefix Only keys that start with it.
   * @returns The wrapped client's keys.
   *
   * @example List
   * ```ts
   * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new CachedStorageClient(new MemoryClient());
   * assert.deepEqual(await storage.keys(), []);
   * ```
   */
  keys(prefix?: string): Promise<string[]> {
    return this.#inner.keys(prefix);
  }

  /**
   * Iterates over the wrapped client's entries; they are not cached.
   *
   * @param prefix Only keys that start with it.
   * @returns The wrapped client's entries.
   *
   * @example Iterate
   * ```ts
   * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
   *
   * const storage = new CachedStorageClient(new MemoryClient());
   * for await (const [key] of storage.entries()) console.log(key);
   * ```
   */
  entries(prefix?: string): AsyncIterableIterator<[string, StorageValue]> {
    return this.#inner.entries(prefix);
  }

  /**
   * Clears the wrapped client and the cached keys with the prefix.
   *
   * @param prefix Only keys that start with it.
   * @returns When they are removed.
   *
   * @example Clear
   * ```ts
   * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new CachedStorageClient(new MemoryClient());
   * await storage.set("tmp:1", 1);
   * await storage.clear("tmp:");
   * assert.equal(await storage.get("tmp:1"), undefined);
   * ```
   */
  clear(prefix?: string): Promise<void> {
    return this.#write(undefined, async () => {
      await this.#inner.clear(prefix);
      for (const key of this.#cache.keys()) if (key.startsWith(prefix ?? "")) this.#drop(key);
    });
  }

  /**
   * Reads what the cache has and asks the wrapped client for the rest, in one batch.
   *
   * @param keys The keys.
   * @returns One value or `undefined` per key, in order.
   *
   * @example Read a batch
   * ```ts
   * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new CachedStorageClient(new MemoryClient());
   * await storage.set("a", 1);
   * assert.deepEqual(await storage.getMany(["a", "b"]), [1, undefined]);
   * ```
   */
  async getMany(keys: readonly string[]): Promise<(StorageValue | undefined)[]> {
    if (this.#closed || !Array.isArray(keys)) return await this.#inner.getMany(keys);
    const values: (StorageValue | undefined)[] = [];
    const missing: string[] = [];
    for (const key of keys) {
      const entry = this.#hit(key);
      if (entry === undefined) missing.push(key);
      values.push(entry && decode(entry.v));
    }
    this.#hits += keys.length - missing.length;
    this.#misses += missing.length;
    if (missing.length === 0) return values;
    const loaded = await this.#load(missing);
    let next = 0;
    return values.map((value, i) =>
      value === undefined && missing[next] === keys[i] ? loaded[next++] : value
    );
  }

  /**
   * Writes through in one batch, then caches the values.
   *
   * @param entries `[key, value]` pairs.
   * @param options `ttl` for every entry.
   * @returns When the wrapped client has them.
   *
   * @example Write a batch
   * ```ts
   * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new CachedStorageClient(new MemoryClient());
   * await storage.setMany([["a", 1], ["b", 2]]);
   * assert.equal(storage.stats().entries, 2);
   * ```
   */
  setMany(
    entries: readonly (readonly [string, StorageValue])[],
    options?: SetOptions,
  ): Promise<void> {
    const keys = Array.isArray(entries) ? entries.map((entry) => entry?.[0]) : [];
    return this.#write(keys, () => this.#inner.setMany(entries, options), (fresh) => {
      const expires = expiryOf(options);
      const last = new Map(entries);
      for (const [key, value] of last) if (fresh(key)) this.#put(key, encode(value), expires);
    });
  }

  /**
   * Removes the keys from the cache and the wrapped client.
   *
   * @param keys The keys.
   * @returns How many had values.
   *
   * @example Remove a batch
   * ```ts
   * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new CachedStorageClient(new MemoryClient());
   * assert.equal(await storage.deleteMany(["a"]), 0);
   * ```
   */
  deleteMany(keys: readonly string[]): Promise<number> {
    return this.#write(Array.isArray(keys) ? keys : [], () => this.#inner.deleteMany(keys));
  }

  /**
   * Describes an entry, from the wrapped client.
   *
   * @param key The key.
   * @returns The wrapped client's answer.
   *
   * @example Stat
   * ```ts
   * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new CachedStorageClient(new MemoryClient());
   * assert.equal(await storage.stat("a"), undefined);
   * ```
   */
  stat(key: string): Promise<StorageStat | undefined> {
    return this.#inner.stat(key);
  }

  /**
   * Empties the cache and closes the wrapped client.
   *
   * @returns When it is closed.
   *
   * @example Close
   * ```ts
   * import { CachedStorageClient, MemoryClient } from "@atomiton/storage";
   *
   * const storage = new CachedStorageClient(new MemoryClient());
   * await storage.close();
   * ```
   */
  async close(): Promise<void> {
    this.#closed = true;
    this.#cache.clear();
    this.#bytes = 0;
    await this.#inner.close();
  }

  /**
   * Closes the cache and the wrapped client, for `await using`.
   *
   * @returns When it is closed.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
