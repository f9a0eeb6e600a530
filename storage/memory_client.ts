// deno-lint-ignore-file require-await -- async, so that a bad key rejects instead of throwing
import { closedError, expired } from "./_common.ts";
import { decode, encode, encodeAll, type Encoded, expiryOf, statOf } from "./_codec.ts";
import { checkKey, checkKeys, checkPrefix } from "./_keys.ts";
import type { SetOptions, StorageClient, StorageStat, StorageValue } from "./storage_client.ts";

interface Entry {
  readonly v: Encoded;
  readonly m: number;
  readonly e: number; // expiry time, 0 for never
}

/**
 * A {@linkcode StorageClient} in memory: the reference behaviour that every
 * other backend is tested against. Values are serialized at `set` (JSON text,
 * or a copy of the bytes) and rebuilt at `get`, so nothing a caller holds can
 * change what is stored, exactly as with a backend on disk.
 *
 * @example Store, read, expire
 * ```ts
 * import { MemoryClient } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * await using storage = new MemoryClient();
 * const user = { name: "Ada", tags: ["admin"] };
 * await storage.set("user:1", user);
 * user.tags.push("changed after set");
 * assert.deepEqual(await storage.get("user:1"), { name: "Ada", tags: ["admin"] });
 *
 * await storage.set("session", "token", { ttl: 10 });
 * await new Promise((resolve) => setTimeout(resolve, 20));
 * assert.equal(await storage.get("session"), undefined);
 * ```
 */
export class MemoryClient implements StorageClient {
  #data: Map<string, Entry> | undefined = new Map();

  #map(): Map<string, Entry> {
    if (this.#data === undefined) throw closedError("MemoryClient");
    return this.#data;
  }

  #live(key: string): Entry | undefined {
    const map = this.#map();
    const entry = map.get(checkKey(key));
    if (entry === undefined || !expired(entry.e)) return entry;
    map.delete(key);
    return undefined;
  }

  /**
   * Reads a copy of a value.
   *
   * @typeParam T The type you expect; not checked.
   * @param key The key.
   * @returns The value, or `undefined` when there is none or it expired.
   * @throws {InvalidKeyError} For an invalid key.
   *
   * @example Read a value
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MemoryClient();
   * await storage.set("n", 1);
   * assert.equal(await storage.get<number>("n"), 1);
   * assert.equal(await storage.get("missing"), undefined);
   * ```
   */
  async get<T = StorageValue>(key: string): Promise<T | undefined> {
    const entry = this.#live(key);
    return entry && decode(entry.v) as T;
  }

  /**
   * Writes a copy of a value.
   *
   * @param key The key.
   * @param value JSON or a `Uint8Array`.
   * @param options `ttl` in milliseconds.
   * @returns When it is stored.
   * @throws {InvalidKeyError} For an invalid key.
   * @throws {InvalidValueError} For a value that is neither JSON nor bytes.
   *
   * @example Write bytes
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MemoryClient();
   * await storage.set("blob", new Uint8Array([1, 2, 3]));
   * assert.deepEqual(await storage.get("blob"), new Uint8Array([1, 2, 3]));
   * ```
   */
  async set(key: string, value: StorageValue, options?: SetOptions): Promise<void> {
    const map = this.#map();
    checkKey(key);
    const e = expiryOf(options);
    map.set(key, { v: encode(value), m: Date.now(), e });
  }

  /**
   * Tells whether a key has a live value.
   *
   * @param key The key.
   * @returns Whether `get` would find a value.
   *
   * @example Check a key
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MemoryClient();
   * await storage.set("a", null);
   * assert.equal(await storage.has("a"), true);
   * ```
   */
  async has(key: string): Promise<boolean> {
    return this.#live(key) !== undefined;
  }

  /**
   * Removes a key.
   *
   * @param key The key.
   * @returns Whether it had a live value.
   *
   * @example Remove a key
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MemoryClient();
   * await storage.set("a", 1);
   * assert.equal(await storage.delete("a"), true);
   * assert.equal(await storage.delete("a"), false);
   * ```
   */
  async delete(key: string): Promise<boolean> {
    const live = this.#live(key) !== undefined;
    this.#data!.delete(key);
    return live;
  }

  /**
   * Lists keys, in the order they were first written.
   *
   * @param prefix Only keys that start with it.
   * @returns The keys with live values.
   *
   * @example List by prefix
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MemoryClient();
   * await storage.setMany([["user:1", 1], ["user:2", 2], ["job:1", 3]]);
   * assert.deepEqual(await storage.keys("user:"), ["user:1", "user:2"]);
   * ```
   */
  async keys(prefix?: string): Promise<string[]> {
    const start = checkPrefix(prefix);
    const map = this.#map();
    const now = Date.now();
    const keys: string[] = [];
    for (const [key, entry] of map) {
      if (!key.startsWith(start)) continue;
      if (expired(entry.e, now)) map.delete(key);
      else keys.push(key);
    }
    return keys;
  }

  /**
   * Iterates over entries.
   *
   * @param prefix Only keys that start with it.
   * @returns An async iterator of `[key, value]` pairs, values copied.
   *
   * @example Iterate
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MemoryClient();
   * await storage.set("a", 1);
   * const seen = [];
   * for await (const [key, value] of storage.entries()) seen.push([key, value]);
   * assert.deepEqual(seen, [["a", 1]]);
   * ```
   */
  async *entries(prefix?: string): AsyncIterableIterator<[string, StorageValue]> {
    const start = checkPrefix(prefix);
    const map = this.#map();
    for (const [key, entry] of map) {
      if (!key.startsWith(start)) continue;
      if (expired(entry.e)) map.delete(key);
      else yield [key, decode(entry.v)];
    }
  }

  /**
   * Removes every key, or those that start with `prefix`.
   *
   * @param prefix Only keys that start with it.
   * @returns When they are removed.
   *
   * @example Clear a prefix
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MemoryClient();
   * await storage.setMany([["tmp:1", 1], ["keep", 2]]);
   * await storage.clear("tmp:");
   * assert.deepEqual(await storage.keys(), ["keep"]);
   * ```
   */
  async clear(prefix?: string): Promise<void> {
    const start = checkPrefix(prefix);
    const map = this.#map();
    if (start === "") return map.clear();
    for (const key of map.keys()) if (key.startsWith(start)) map.delete(key);
  }

  /**
   * Reads several values.
   *
   * @param keys The keys.
   * @returns One value or `undefined` per key, in order.
   *
   * @example Read a batch
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MemoryClient();
   * await storage.set("a", 1);
   * assert.deepEqual(await storage.getMany(["a", "b"]), [1, undefined]);
   * ```
   */
  async getMany(keys: readonly string[]): Promise<(StorageValue | undefined)[]> {
    this.#map();
    return checkKeys(keys).map((key) => {
      const entry = this.#live(key);
      return entry && decode(entry.v);
    });
  }

  /**
   * Writes several values; checks all of them before writing any.
   *
   * @param entries `[key, value]` pairs.
   * @param options `ttl` for every entry.
   * @returns When they are stored.
   *
   * @example Write a batch with a ttl
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MemoryClient();
   * await storage.setMany([["a", 1], ["b", 2]], { ttl: 60_000 });
   * assert.equal((await storage.stat("a"))?.expires! > Date.now(), true);
   * ```
   */
  async setMany(
    entries: readonly (readonly [string, StorageValue])[],
    options?: SetOptions,
  ): Promise<void> {
    const map = this.#map();
    const e = expiryOf(options);
    const m = Date.now();
    for (const [key, v] of encodeAll(entries)) map.set(key, { v, m, e });
  }

  /**
   * Removes several keys.
   *
   * @param keys The keys.
   * @returns How many had live values.
   *
   * @example Remove a batch
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MemoryClient();
   * await storage.set("a", 1);
   * assert.equal(await storage.deleteMany(["a", "b"]), 1);
   * ```
   */
  async deleteMany(keys: readonly string[]): Promise<number> {
    this.#map();
    let count = 0;
    for (const key of checkKeys(keys)) if (await this.delete(key)) count++;
    return count;
  }

  /**
   * Describes an entry.
   *
   * @param key The key.
   * @returns Its size in bytes, modified time and expiry, or `undefined`.
   *
   * @example Size of a value
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MemoryClient();
   * await storage.set("a", "héllo");
   * assert.equal((await storage.stat("a"))?.size, 8); // "héllo" with quotes, é is 2 bytes
   * ```
   */
  async stat(key: string): Promise<StorageStat | undefined> {
    const entry = this.#live(key);
    return entry && statOf(entry.v, entry.m, entry.e);
  }

  /**
   * Drops every entry; later calls reject with `CLOSED`.
   *
   * @returns When closed.
   *
   * @example Close
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import assert from "node:assert/strict";
   *
   * const storage = new MemoryClient();
   * await storage.close();
   * await assert.rejects(storage.get("a"), { code: "CLOSED" });
   * ```
   */
  async close(): Promise<void> {
    this.#data = undefined;
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
