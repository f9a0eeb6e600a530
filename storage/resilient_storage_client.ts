/**
 * {@linkcode ResilientStorageClient}: retry and circuit-breaker policies from
 * `@atomiton/resilience` around any `StorageClient`.
 *
 * @example Retry a flaky backend
 * ```ts
 * import { MemoryClient } from "@atomiton/storage";
 * import { ResilientStorageClient } from "@atomiton/storage/resilient";
 * import assert from "node:assert/strict";
 *
 * await using storage = new ResilientStorageClient(new MemoryClient(), {
 *   retry: { maxAttempts: 3, minDelay: 10 },
 *   circuitBreaker: { consecutiveFailures: 5, halfOpenAfter: 10_000 },
 * });
 * await storage.set("a", 1);
 * assert.equal(await storage.get("a"), 1);
 * ```
 *
 * @module
 */
import {
  BrokenCircuitError,
  CircuitBreaker,
  type CircuitBreakerOptions,
  type Policy,
  RetryError,
  type RetryOptions,
  retryPolicy,
  wrap,
} from "@atomiton/resilience";
import { StorageError } from "./storage_error.ts";
import type { SetOptions, StorageClient, StorageStat, StorageValue } from "./storage_client.ts";

/** Options for {@linkcode ResilientStorageClient}. */
export interface ResilientStorageClientOptions {
  /** How to retry a failed call (default: 3 attempts, 50 ms doubling to 1 s). */
  readonly retry?: Omit<RetryOptions, "isRetriable" | "signal"> | undefined;
  /**
   * The circuit breaker every call goes through, or its options (default: open
   * after 5 failures in a row, half-open after 10 s).
   */
  readonly circuitBreaker?: CircuitBreaker | CircuitBreakerOptions | undefined;
  /**
   * Which errors are worth another attempt and count against the circuit.
   * Default: every error except this package's errors about the call itself
   * (`INVALID_KEY`, `INVALID_VALUE`, `INVALID_OPTION`, `CLOSED`, `CORRUPT`).
   */
  readonly isRetriable?: ((error: unknown) => boolean) | undefined;
  /**
   * A policy to use instead of the retry and the breaker, e.g. one built with
   * `wrap(retryPolicy(...), breaker, timeoutPolicy(...))`.
   */
  readonly policy?: Policy | undefined;
}

const PAGE = 100;

/** The default `isRetriable`: a failure of the backend, not of the call. */
function isTransient(error: unknown): boolean {
  return !(error instanceof StorageError) || error.code === "BACKEND" ||
    error.code === "UNAVAILABLE";
}

/**
 * Wraps any {@linkcode StorageClient} in retry and circuit-breaker policies:
 * a call that fails is tried again with backoff, and once the backend keeps
 * failing the circuit opens and calls fail at once with `UNAVAILABLE` until it
 * half-opens. A bad key or value is never retried. Closing it closes the client
 * it wraps.
 *
 * Every operation of this package is safe to repeat, but a repeated `delete`
 * reports `false` when its first attempt removed the key and then failed.
 * `entries()` lists the keys, then reads them 100 at a time, each step under
 * the policies.
 *
 * @example A breaker shared with other calls to the same service
 * ```ts
 * import { CircuitBreaker } from "@atomiton/resilience";
 * import { MemoryClient } from "@atomiton/storage";
 * import { ResilientStorageClient } from "@atomiton/storage/resilient";
 * import assert from "node:assert/strict";
 *
 * const breaker = new CircuitBreaker({ consecutiveFailures: 3 });
 * const storage = new ResilientStorageClient(new MemoryClient(), { circuitBreaker: breaker });
 * await storage.set("a", 1);
 * assert.equal(breaker.counts.successes, 1);
 * ```
 */
export class ResilientStorageClient implements StorageClient {
  /** The circuit breaker calls go through (unless a `policy` replaced it). */
  readonly circuitBreaker: CircuitBreaker;
  readonly #inner: StorageClient;
  readonly #policy: Policy;

  /**
   * Wraps a client.
   *
   * @param client The client to protect; closing the wrapper closes it.
   * @param options Retry, breaker, which errors count, or a whole policy.
   * @throws {ResilienceError} `INVALID_OPTION` for bad retry or breaker options.
   */
  constructor(client: StorageClient, options: ResilientStorageClientOptions = {}) {
    const isRetriable = options.isRetriable ?? isTransient;
    const breaker = options.circuitBreaker;
    this.#inner = client;
    this.circuitBreaker = breaker instanceof CircuitBreaker ? breaker : new CircuitBreaker({
      consecutiveFailures: 5,
      halfOpenAfter: 10_000,
      isFailure: isRetriable,
      ...breaker,
    });
    this.#policy = options.policy ?? wrap(
      retryPolicy({
        maxAttempts: 3,
        minDelay: 50,
        maxDelay: 1000,
        ...options.retry,
        isRetriable: (error) => error instanceof BrokenCircuitError || isRetriable(error),
      }),
      this.circuitBreaker,
    );
  }

  async #run<T>(work: (client: StorageClient) => Promise<T>): Promise<T> {
    try {
      return await this.#policy.execute(() => work(this.#inner));
    } catch (error) {
      if (!(error instanceof RetryError || error instanceof BrokenCircuitError)) throw error;
      const last = error instanceof RetryError ? error.cause : error;
      throw new StorageError(
        "UNAVAILABLE",
        `The storage backend is unavailable: ${(last as Error)?.message ?? last}`,
        { cause: error },
      );
    }
  }

  /**
   * Reads a value under the policies.
   *
   * @typeParam T The type you expect; not checked.
   * @param key The key.
   * @returns The wrapped client's answer.
   * @throws {StorageError} `UNAVAILABLE` when the retries are spent or the circuit is open.
   *
   * @example Read
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import { ResilientStorageClient } from "@atomiton/storage/resilient";
   * import assert from "node:assert/strict";
   *
   * const storage = new ResilientStorageClient(new MemoryClient());
   * assert.equal(await storage.get("a"), undefined);
   * ```
   */
  get<T = StorageValue>(key: string): Promise<T | undefined> {
    return this.#run((client) => client.get<T>(key));
  }

  /**
   * Writes a value under the policies.
   *
   * @param key The key.
   * @param value The value.
   * @param options `ttl` in milliseconds.
   * @returns The wrapped client's answer.
   *
   * @example Write
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import { ResilientStorageClient } from "@atomiton/storage/resilient";
   *
   * const storage = new ResilientStorageClient(new MemoryClient());
   * await storage.set("a", 1);
   * ```
   */
  set(key: string, value: StorageValue, options?: SetOptions): Promise<void> {
    return this.#run((client) => client.set(key, value, options));
  }

  /**
   * Tells whether a key has a value, under the policies.
   *
   * @param key The key.
   * @returns The wrapped client's answer.
   *
   * @example Check
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import { ResilientStorageClient } from "@atomiton/storage/resilient";
   * import assert from "node:assert/strict";
   *
   * const storage = new ResilientStorageClient(new MemoryClient());
   * assert.equal(await storage.has("a"), false);
   * ```
   */
  has(key: string): Promise<boolean> {
    return this.#run((client) => client.has(key));
  }

  /**
   * Removes a key under the policies.
   *
   * @param key The key.
   * @returns The wrapped client's answer.
   *
   * @example Remove
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import { ResilientStorageClient } from "@atomiton/storage/resilient";
   * import assert from "node:assert/strict";
   *
   * const storage = new ResilientStorageClient(new MemoryClient());
   * assert.equal(await storage.delete("a"), false);
   * ```
   */
  delete(key: string): Promise<boolean> {
    return this.#run((client) => client.delete(key));
  }

  /**
   * Lists keys under the policies.
   *
   * @param prefix Only keys that start with it.
   * @returns The wrapped client's answer.
   *
   * @example List
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import { ResilientStorageClient } from "@atomiton/storage/resilient";
   * import assert from "node:assert/strict";
   *
   * const storage = new ResilientStorageClient(new MemoryClient());
   * assert.deepEqual(await storage.keys(), []);
   * ```
   */
  keys(prefix?: string): Promise<string[]> {
    return this.#run((client) => client.keys(prefix));
  }

  /**
   * Iterates over entries: the keys, then 100 values at a time, each step under the policies.
   *
   * @param prefix Only keys that start with it.
   * @returns An async iterator of `[key, value]` pairs.
   *
   * @example Iterate
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import { ResilientStorageClient } from "@atomiton/storage/resilient";
   *
   * const storage = new ResilientStorageClient(new MemoryClient());
   * for await (const [key] of storage.entries()) console.log(key);
   * ```
   */
  async *entries(prefix?: string): AsyncIterableIterator<[string, StorageValue]> {
    const keys = await this.keys(prefix);
    for (let i = 0; i < keys.length; i += PAGE) {
      const page = keys.slice(i, i + PAGE);
      const values = await this.getMany(page);
      for (let j = 0; j < page.length; j++) {
        if (values[j] !== undefined) yield [page[j]!, values[j]!];
      }
    }
  }

  /**
   * Removes keys under the policies.
   *
   * @param prefix Only keys that start with it.
   * @returns The wrapped client's answer.
   *
   * @example Clear
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import { ResilientStorageClient } from "@atomiton/storage/resilient";
   *
   * const storage = new ResilientStorageClient(new MemoryClient());
   * await storage.clear();
   * ```
   */
  clear(prefix?: string): Promise<void> {
    return this.#run((client) => client.clear(prefix));
  }

  /**
   * Reads several values under the policies.
   *
   * @param keys The keys.
   * @returns The wrapped client's answer.
   *
   * @example Read a batch
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import { ResilientStorageClient } from "@atomiton/storage/resilient";
   * import assert from "node:assert/strict";
   *
   * const storage = new ResilientStorageClient(new MemoryClient());
   * assert.deepEqual(await storage.getMany(["a"]), [undefined]);
   * ```
   */
  getMany(keys: readonly string[]): Promise<(StorageValue | undefined)[]> {
    return this.#run((client) => client.getMany(keys));
  }

  /**
   * Writes several values under the policies.
   *
   * @param entries `[key, value]` pairs.
   * @param options `ttl` for every entry.
   * @returns The wrapped client's answer.
   *
   * @example Write a batch
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import { ResilientStorageClient } from "@atomiton/storage/resilient";
   *
   * const storage = new ResilientStorageClient(new MemoryClient());
   * await storage.setMany([["a", 1]]);
   * ```
   */
  setMany(
    entries: readonly (readonly [string, StorageValue])[],
    options?: SetOptions,
  ): Promise<void> {
    return this.#run((client) => client.setMany(entries, options));
  }

  /**
   * Removes several keys under the policies.
   *
   * @param keys The keys.
   * @returns The wrapped client's answer.
   *
   * @example Remove a batch
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import { ResilientStorageClient } from "@atomiton/storage/resilient";
   * import assert from "node:assert/strict";
   *
   * const storage = new ResilientStorageClient(new MemoryClient());
   * assert.equal(await storage.deleteMany(["a"]), 0);
   * ```
   */
  deleteMany(keys: readonly string[]): Promise<number> {
    return this.#run((client) => client.deleteMany(keys));
  }

  /**
   * Describes an entry under the policies.
   *
   * @param key The key.
   * @returns The wrapped client's answer.
   *
   * @example Stat
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import { ResilientStorageClient } from "@atomiton/storage/resilient";
   * import assert from "node:assert/strict";
   *
   * const storage = new ResilientStorageClient(new MemoryClient());
   * assert.equal(await storage.stat("a"), undefined);
   * ```
   */
  stat(key: string): Promise<StorageStat | undefined> {
    return this.#run((client) => client.stat(key));
  }

  /**
   * Closes the wrapped client (not under the policies).
   *
   * @returns When it is closed.
   *
   * @example Close
   * ```ts
   * import { MemoryClient } from "@atomiton/storage";
   * import { ResilientStorageClient } from "@atomiton/storage/resilient";
   *
   * const storage = new ResilientStorageClient(new MemoryClient());
   * await storage.close();
   * ```
   */
  close(): Promise<void> {
    return this.#inner.close();
  }

  /**
   * Closes the wrapped client, for `await using`.
   *
   * @returns When it is closed.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
