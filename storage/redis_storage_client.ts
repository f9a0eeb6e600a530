/**
 * {@linkcode RedisStorageClient}: a `StorageClient` on Redis through `ioredis`,
 * with namespaced keys, `SCAN` listing, native TTL, batches through `MGET` and
 * `MULTI`, binary-safe values, and retries and a circuit breaker from
 * `@atomiton/resilience` around connection errors.
 *
 * @example A store on Redis
 * ```ts ignore
 * import { RedisStorageClient } from "@atomiton/storage/redis";
 *
 * await using storage = new RedisStorageClient({ url: "redis://127.0.0.1:6379", namespace: "app:" });
 * await storage.set("session:1", { user: 42 }, { ttl: 3_600_000 });
 * console.log(await storage.keys("session:"));
 * ```
 *
 * @module
 */
import { Buffer } from "node:buffer";
import type { Redis } from "ioredis";
import { connectRedis, redisRefusal } from "@atomiton/events/redis";
import {
  BrokenCircuitError,
  CircuitBreaker,
  type CircuitBreakerOptions,
  type Policy,
  type RetryOptions,
  retryPolicy,
  wrap,
} from "@atomiton/resilience";
import { closedError } from "./_common.ts";
import { encodeAll, type Encoded, expiryOf } from "./_codec.ts";
import { checkKey, checkKeys, checkPrefix } from "./_keys.ts";
import { StorageError } from "./storage_error.ts";
import type { SetOptions, StorageClient, StorageStat, StorageValue } from "./storage_client.ts";

/** Options for {@linkcode RedisStorageClient}. */
export interface RedisStorageClientOptions {
  /** The server, `redis://[user:password@]host:port[/db]` (default `redis://127.0.0.1:6379`). */
  readonly url?: string | undefined;
  /** Put before every key in Redis (default `"atomiton:storage:"`); `clear()` stays inside it. */
  readonly namespace?: string | undefined;
  /**
   * How to retry a call that failed on a connection error (default: 6 attempts,
   * 100 ms doubling to 2 s). Errors the server answers with are never retried.
   */
  readonly retry?: Omit<RetryOptions, "isRetriable" | "signal"> | undefined;
  /**
   * The circuit breaker every call goes through, or its options (default: open
   * after 5 connection errors in a row, half-open after 2 s). Share one between
   * clients of the same server.
   */
  readonly circuitBreaker?: CircuitBreaker | CircuitBreakerOptions | undefined;
  /** Keys per `SCAN` step and per `MGET` while listing (default 500). */
  readonly scanCount?: number | undefined;
}

// Errors the server answers with mean it is up; only these few mean "try again".
const TRANSIENT_REPLY = /^(?:LOADING|BUSY|TRYAGAIN|MASTERDOWN|CLUSTERDOWN|READONLY)/;

/** True when an error means the server could not be reached or is not ready. */
function isConnectionError(error: unknown): boolean {
  if (error instanceof StorageError) return false;
  if (error instanceof BrokenCircuitError) return true;
  const { name, message } = (error ?? {}) as Error;
  return name !== "ReplyError" || TRANSIENT_REPLY.test(message);
}

const JSON_TAG = 0x4a; // "J"
const HEAD = 24;

// A value in Redis: "J" or "B", the modified time in ms, a newline, then the value.
function pack(encoded: Encoded, modified: number): string | Buffer {
  const line = `${modified}\n`;
  return typeof encoded === "string"
    ? "J" + line + encoded
    : Buffer.concat([Buffer.from("B" + line), encoded]);
}

function headerOf(data: Buffer): [tag: number, modified: number, start: number] | undefined {
  const end = data.indexOf(0x0a);
  const tag = data[0];
  if (end < 2 || end > HEAD || (tag !== JSON_TAG && tag !== 0x42)) return undefined;
  const modified = Number(data.toString("latin1", 1, end));
  return Number.isInteger(modified) ? [tag, modified, end + 1] : undefined;
}

/**
 * A {@linkcode StorageClient} on Redis.
 *
 * - **Namespaced**: every key is stored as `namespace + key`, and listing and
 *   `clear()` never reach outside the namespace.
 * - **`SCAN`, never `KEYS`**: listing walks the keyspace in steps, so a large
 *   database is never blocked.
 * - **Native TTL** (`SET ... PX`), **batches** through `MGET`, `MULTI` (so
 *   `setMany` is all or nothing) and `DEL` with many keys, and **binary-safe**
 *   values: bytes are stored raw after a one-line header.
 * - **Resilient**: a call that fails because the server cannot be reached is
 *   retried with backoff, through a circuit breaker that stops calling a server
 *   that is down; when both give up, the call rejects with `UNAVAILABLE`. A
 *   write resolves only once the server acknowledged it.
 * - **Never on the wrong database**: when the server refuses the URL's
 *   database (`/99` on a server with 16) or password, every call rejects at
 *   once with `MISCONFIGURED`, saying which part of the URL to fix; no command
 *   reaches the server, so database 0 is never written instead.
 *
 * @example A store on Redis
 * ```ts ignore
 * import { RedisStorageClient } from "@atomiton/storage/redis";
 *
 * await using storage = new RedisStorageClient({
 *   url: "redis://127.0.0.1:6379",
 *   namespace: "app:",
 *   retry: { maxAttempts: 4 },
 * });
 * await storage.setMany([["user:1", { name: "Ada" }], ["avatar:1", new Uint8Array([1, 2])]]);
 * console.log(await storage.getMany(["user:1", "avatar:1"]));
 * ```
 */
export class RedisStorageClient implements StorageClient {
  /** The prefix of every key in Redis. */
  readonly namespace: string;
  /** The circuit breaker calls go through. */
  readonly circuitBreaker: CircuitBreaker;
  readonly #redis: Redis;
  readonly #policy: Policy;
  readonly #count: number;
  #closed = false;

  /**
   * Creates a client; it connects on first use.
   *
   * @param options The server, namespace, retry and breaker.
   * @throws {StorageError} `INVALID_OPTION` for a namespace that is not a string or a bad scan count.
   * @throws {ResilienceError} `INVALID_OPTION` for bad retry or breaker options.
   */
  constructor(options: RedisStorageClientOptions = {}) {
    const { namespace = "atomiton:storage:", scanCount = 500 } = options;
    if (typeof namespace !== "string") {
      throw new StorageError(
        "INVALID_OPTION",
        `Invalid namespace ${namespace}: expected a string.`,
      );
    }
    if (!Number.isInteger(scanCount) || scanCount < 1) {
      throw new StorageError(
        "INVALID_OPTION",
        `Invalid scanCount ${scanCount}: expected a whole number of 1 or more.`,
      );
    }
    this.namespace = namespace;
    this.#count = scanCount;
    const breaker = options.circuitBreaker;
    this.circuitBreaker = breaker instanceof CircuitBreaker ? breaker : new CircuitBreaker({
      consecutiveFailures: 5,
      halfOpenAfter: 2000,
      isFailure: isConnectionError,
      ...breaker,
    });
    this.#policy = wrap(
      retryPolicy({
        maxAttempts: 6,
        minDelay: 100,
        maxDelay: 2000,
        ...options.retry,
        isRetriable: isConnectionError,
      }),
      this.circuitBreaker,
    );
    // An ioredis Redis, typed by events' public interface, which names only what transports need.
    this.#redis = connectRedis(options.url ?? "redis://127.0.0.1:6379", {
      lazyConnect: true,
      // One reconnection attempt per command: the retry policy above handles longer outages.
      maxRetriesPerRequest: 1,
      retryStrategy: (times) => Math.min(times * 50, 500),
    }) as unknown as Redis;
    // Connection errors also reach the calls that were under way; here they are only noise.
    this.#redis.on("error", () => {});
  }

  async #call<T>(doing: string, work: (redis: Redis) => Promise<T>): Promise<T> {
    if (this.#closed) throw closedError("RedisStorageClient");
    try {
      return await this.#policy.execute(() =>
        work(this.#redis).catch((error) => this.#refused(error))
      );
    } catch (error) {
      if (error instanceof StorageError) throw error;
      // Only connection errors are retried, so a RetryError means the server stayed unreachable.
      throw new StorageError(
        isConnectionError(error) ? "UNAVAILABLE" : "BACKEND",
        `${doing} on Redis failed: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  // A refused database or password is not retried: the call fails at once with what to fix.
  async #refused(error: unknown): Promise<never> {
    const refusal = redisRefusal(this.#redis);
    if (!refusal) throw error;
    throw new StorageError("MISCONFIGURED", (await refusal).message, { cause: error });
  }

  #corrupt(key: string): StorageError {
    return new StorageError(
      "CORRUPT",
      `The Redis value of ${JSON.stringify(key)} is not a record this package wrote.`,
    );
  }

  #decode(key: string, data: Buffer | null): StorageValue | undefined {
    if (data === null) return undefined;
    const head = headerOf(data);
    if (head === undefined) throw this.#corrupt(key);
    const start = head[2];
    if (head[0] !== JSON_TAG) {
      return new Uint8Array(data.buffer, data.byteOffset + start, data.length - start).slice();
    }
    try {
      return JSON.parse(data.toString("utf8", start));
    } catch (error) {
      throw new StorageError("CORRUPT", this.#corrupt(key).message, { cause: error });
    }
  }

  // Every key of the namespace that starts with `prefix`, SCAN step by SCAN step, deduplicated.
  async *#scan(prefix: string): AsyncGenerator<string[]> {
    const pattern = (this.namespace + prefix).replace(/[*?[\]\\]/g, "\\$&") + "*";
    const seen = new Set<string>();
    let cursor = "0";
    do {
      const [next, found] = await this.#call(
        "Listing keys",
        (redis) => redis.scan(cursor, "MATCH", pattern, "COUNT", this.#count),
      );
      cursor = next;
      const fresh = found.filter((key) => !seen.has(key) && seen.add(key));
      if (fresh.length > 0) yield fresh;
    } while (cursor !== "0");
  }

  // The keys of Redis keys in the namespace; any that break the key rule are not ours.
  #strip(names: string[]): string[] {
    const keys = [];
    for (const name of names) {
      const key = name.slice(this.namespace.length);
      try {
        keys.push(checkKey(key));
      } catch {
        // written by something else
      }
    }
    return keys;
  }

  /**
   * Reads a copy of a value with `GET`.
   *
   * @typeParam T The type you expect; not checked.
   * @param key The key.
   * @returns The value, or `undefined`.
   * @throws {StorageError} `UNAVAILABLE` when the server stays unreachable; `CORRUPT` for a
   * value this package did not write; `MISCONFIGURED` when the server refuses the URL's
   * database or password.
   *
   * @example Read
   * ```ts ignore
   * import { RedisStorageClient } from "@atomiton/storage/redis";
   *
   * const storage = new RedisStorageClient();
   * console.log(await storage.get("user:1"));
   * ```
   */
  async get<T = StorageValue>(key: string): Promise<T | undefined> {
    checkKey(key);
    const data = await this.#call("GET", (redis) => redis.getBuffer(this.namespace + key));
    return this.#decode(key, data) as T | undefined;
  }

  /**
   * Writes a copy of a value with `SET`, and `PX` for a ttl.
   *
   * @param key The key.
   * @param value JSON or a `Uint8Array`.
   * @param options `ttl` in milliseconds.
   * @returns When the server acknowledged it.
   *
   * @example Write with a ttl
   * ```ts ignore
   * import { RedisStorageClient } from "@atomiton/storage/redis";
   *
   * const storage = new RedisStorageClient();
   * await storage.set("session:1", { user: 42 }, { ttl: 60_000 });
   * ```
   */
  async set(key: string, value: StorageValue, options?: SetOptions): Promise<void> {
    await this.setMany([[key, value]], options);
  }

  /**
   * Tells whether a key has a value, with `EXISTS`.
   *
   * @param key The key.
   * @returns Whether `get` would find a value.
   *
   * @example Check
   * ```ts ignore
   * import { RedisStorageClient } from "@atomiton/storage/redis";
   *
   * const storage = new RedisStorageClient();
   * console.log(await storage.has("user:1"));
   * ```
   */
  async has(key: string): Promise<boolean> {
    checkKey(key);
    return (await this.#call("EXISTS", (redis) => redis.exists(this.namespace + key))) === 1;
  }

  /**
   * Removes a key with `DEL`.
   *
   * @param key The key.
   * @returns Whether it had a value.
   *
   * @example Remove
   * ```ts ignore
   * import { RedisStorageClient } from "@atomiton/storage/redis";
   *
   * const storage = new RedisStorageClient();
   * console.log(await storage.delete("user:1"));
   * ```
   */
  async delete(key: string): Promise<boolean> {
    return (await this.deleteMany([key])) === 1;
  }

  /**
   * Lists keys with `SCAN`, never `KEYS`.
   *
   * @param prefix Only keys that start with it.
   * @returns The keys, in no particular order.
   *
   * @example List
   * ```ts ignore
   * import { RedisStorageClient } from "@atomiton/storage/redis";
   *
   * const storage = new RedisStorageClient();
   * console.log(await storage.keys("user:"));
   * ```
   */
  async keys(prefix?: string): Promise<string[]> {
    const keys: string[] = [];
    for await (const found of this.#scan(checkPrefix(prefix))) keys.push(...this.#strip(found));
    return keys;
  }

  /**
   * Iterates over entries: a `SCAN` step, then one `MGET` for its keys.
   *
   * @param prefix Only keys that start with it.
   * @returns An async iterator of `[key, value]` pairs.
   *
   * @example Iterate
   * ```ts ignore
   * import { RedisStorageClient } from "@atomiton/storage/redis";
   *
   * const storage = new RedisStorageClient();
   * for await (const [key, value] of storage.entries("user:")) console.log(key, value);
   * ```
   */
  async *entries(prefix?: string): AsyncIterableIterator<[string, StorageValue]> {
    for await (const found of this.#scan(checkPrefix(prefix))) {
      const keys = this.#strip(found);
      const values = await this.getMany(keys);
      for (let i = 0; i < keys.length; i++) {
        if (values[i] !== undefined) yield [keys[i]!, values[i]!];
      }
    }
  }

  /**
   * Removes every key of the namespace, or those with a prefix: `SCAN`, then
   * `UNLINK` for each step's keys.
   *
   * @param prefix Only keys that start with it.
   * @returns When they are removed.
   *
   * @example Clear
   * ```ts ignore
   * import { RedisStorageClient } from "@atomiton/storage/redis";
   *
   * const storage = new RedisStorageClient();
   * await storage.clear("session:");
   * ```
   */
  async clear(prefix?: string): Promise<void> {
    for await (const found of this.#scan(checkPrefix(prefix))) {
      await this.#call("UNLINK", (redis) => redis.unlink(...found));
    }
  }

  /**
   * Reads several values with one `MGET`.
   *
   * @param keys The keys.
   * @returns One value or `undefined` per key, in order.
   *
   * @example Read a batch
   * ```ts ignore
   * import { RedisStorageClient } from "@atomiton/storage/redis";
   *
   * const storage = new RedisStorageClient();
   * console.log(await storage.getMany(["a", "b"]));
   * ```
   */
  async getMany(keys: readonly string[]): Promise<(StorageValue | undefined)[]> {
    checkKeys(keys);
    if (keys.length === 0) return [];
    const data = await this.#call(
      "MGET",
      (redis) => redis.mgetBuffer(...keys.map((key) => this.namespace + key)),
    );
    return keys.map((key, i) => this.#decode(key, data[i] ?? null));
  }

  /**
   * Writes several values in one `MULTI` transaction: all or nothing (a
   * single value with one `SET`).
   *
   * @param entries `[key, value]` pairs.
   * @param options `ttl` for every entry.
   * @returns When the server acknowledged the transaction.
   *
   * @example Write a batch
   * ```ts ignore
   * import { RedisStorageClient } from "@atomiton/storage/redis";
   *
   * const storage = new RedisStorageClient();
   * await storage.setMany([["a", 1], ["b", new Uint8Array([2])]]);
   * ```
   */
  async setMany(
    entries: readonly (readonly [string, StorageValue])[],
    options?: SetOptions,
  ): Promise<void> {
    const expires = expiryOf(options);
    const rows = encodeAll(entries).map(([key, value]) => [key, pack(value, Date.now())] as const);
    if (rows.length === 0) return;
    await this.#call("SET", async (redis) => {
      // Each attempt works out the time left, so a retry never stretches the ttl.
      const ttl = expires && Math.max(1, Math.ceil(expires - Date.now()));
      // One key is atomic on its own: a bare SET costs the server one command, not three.
      if (rows.length === 1) {
        const [key, value] = rows[0]!;
        await (ttl
          ? redis.set(this.namespace + key, value, "PX", ttl)
          : redis.set(this.namespace + key, value));
        return;
      }
      const multi = redis.multi();
      for (const [key, value] of rows) {
        if (ttl) multi.set(this.namespace + key, value, "PX", ttl);
        else multi.set(this.namespace + key, value);
      }
      const results = await multi.exec();
      const failed = results?.find(([error]) => error);
      if (results === null || failed) throw failed?.[0] ?? new Error("MULTI was aborted");
    });
  }

  /**
   * Removes several keys with one `DEL`.
   *
   * @param keys The keys.
   * @returns How many had values.
   *
   * @example Remove a batch
   * ```ts ignore
   * import { RedisStorageClient } from "@atomiton/storage/redis";
   *
   * const storage = new RedisStorageClient();
   * console.log(await storage.deleteMany(["a", "b"]));
   * ```
   */
  async deleteMany(keys: readonly string[]): Promise<number> {
    checkKeys(keys);
    if (keys.length === 0) return 0;
    return await this.#call(
      "DEL",
      (redis) => redis.del(...keys.map((key) => this.namespace + key)),
    );
  }

  /**
   * Describes an entry: `GETRANGE` of its header, `STRLEN` and `PTTL` in one pipeline.
   *
   * @param key The key.
   * @returns Size in bytes, modified time and expiry, or `undefined`.
   *
   * @example Stat
   * ```ts ignore
   * import { RedisStorageClient } from "@atomiton/storage/redis";
   *
   * const storage = new RedisStorageClient();
   * console.log(await storage.stat("a"));
   * ```
   */
  async stat(key: string): Promise<StorageStat | undefined> {
    checkKey(key);
    const name = this.namespace + key;
    const results = await this.#call("GETRANGE", async (redis) => {
      const replies = await redis.pipeline()
        .getrangeBuffer(name, 0, HEAD)
        .strlen(name)
        .pttl(name)
        .exec();
      const failed = replies?.find(([error]) => error);
      if (!replies || failed) throw failed?.[0] ?? new Error("the pipeline was aborted");
      return replies.map(([, reply]) => reply) as [Buffer, number, number];
    });
    const [head, length, ttl] = results;
    if (length === 0 || ttl === -2) return undefined;
    const header = headerOf(head);
    if (header === undefined) throw this.#corrupt(key);
    const stat = { size: length - header[2], modified: header[1] };
    return ttl > 0 ? { ...stat, expires: Date.now() + ttl } : stat;
  }

  /**
   * Stops accepting calls and closes the connection with `QUIT` once the
   * commands under way are answered.
   *
   * @returns When the connection is closed.
   *
   * @example Close
   * ```ts ignore
   * import { RedisStorageClient } from "@atomiton/storage/redis";
   *
   * const storage = new RedisStorageClient();
   * await storage.close();
   * ```
   */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#redis.status === "ready") await this.#redis.quit().catch(() => {});
    this.#redis.disconnect();
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
