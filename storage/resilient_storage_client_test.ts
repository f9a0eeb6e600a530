import assert from "node:assert/strict";
import { CircuitBreaker, RetryError, retryPolicy } from "@atomiton/resilience";
import { InvalidKeyError } from "./invalid_key_error.ts";
import { MemoryClient } from "./memory_client.ts";
import { ResilientStorageClient } from "./resilient_storage_client.ts";
import { StorageError } from "./storage_error.ts";
import { conformance } from "./testdata/conformance.ts";
import { FlakyClient } from "./testdata/flaky_client.ts";

conformance("ResilientStorageClient", () => new ResilientStorageClient(new MemoryClient()));

const fast = { maxAttempts: 3, minDelay: 1, maxDelay: 1 };

Deno.test("ResilientStorageClient retries a call that failed until it works", async () => {
  const backend = new FlakyClient();
  await using storage = new ResilientStorageClient(backend, { retry: fast });
  backend.failures = 2;
  await storage.set("a", 1);
  assert.equal(backend.calls.set, 3);
  backend.failures = 2;
  assert.equal(await storage.get("a"), 1);
  assert.equal(storage.circuitBreaker.counts.failures, 4);
  assert.equal(storage.circuitBreaker.state, "closed");
});

Deno.test("ResilientStorageClient rejects with UNAVAILABLE when the retries are spent", async () => {
  const backend = new FlakyClient();
  await using storage = new ResilientStorageClient(backend, { retry: fast });
  backend.failures = 10;
  const error = await storage.keys().catch((e) => e);
  assert.ok(error instanceof StorageError);
  assert.equal(error.code, "UNAVAILABLE");
  assert.match(error.message, /connection reset/);
  assert.ok(error.cause instanceof RetryError);
  assert.equal(backend.calls.keys, 3);
});

Deno.test("ResilientStorageClient opens the circuit and then fails fast without calling", async () => {
  const backend = new FlakyClient();
  await using storage = new ResilientStorageClient(backend, {
    retry: { maxAttempts: 1 },
    circuitBreaker: { consecutiveFailures: 2, halfOpenAfter: 60_000 },
  });
  backend.failures = 100;
  await assert.rejects(storage.get("a"), { code: "UNAVAILABLE" });
  await assert.rejects(storage.get("a"), { code: "UNAVAILABLE" });
  assert.equal(storage.circuitBreaker.state, "open");
  const calls = backend.calls.get;
  await assert.rejects(storage.get("a"), { code: "UNAVAILABLE", message: /circuit is open/ });
  assert.equal(backend.calls.get, calls, "not called while open");
});

Deno.test("ResilientStorageClient never retries a bad key or value and does not count it", async () => {
  const backend = new FlakyClient();
  await using storage = new ResilientStorageClient(backend, { retry: fast });
  await assert.rejects(storage.get("\0"), InvalidKeyError);
  await assert.rejects(storage.set("a", undefined as never), { code: "INVALID_VALUE" });
  assert.equal(backend.calls.get, 1);
  assert.equal(backend.calls.set, 1);
  assert.equal(storage.circuitBreaker.counts.failures, 0);
  await storage.close();
  await assert.rejects(storage.get("a"), { code: "CLOSED" });
  assert.equal(backend.calls.get, 2);
});

Deno.test("ResilientStorageClient takes a custom isRetriable, breaker or whole policy", async () => {
  const backend = new FlakyClient(() => new Error("permanent"));
  const picky = new ResilientStorageClient(backend, {
    retry: fast,
    isRetriable: (error) => (error as Error).message !== "permanent",
  });
  backend.failures = 1;
  await assert.rejects(picky.has("a"), { message: "permanent" });
  assert.equal(backend.calls.has, 1);

  const breaker = new CircuitBreaker();
  assert.equal(
    new ResilientStorageClient(backend, { circuitBreaker: breaker }).circuitBreaker,
    breaker,
  );

  let executed = 0;
  const counting = retryPolicy({ maxAttempts: 2, minDelay: 0 });
  const custom = new ResilientStorageClient(backend, {
    policy: { execute: (fn, options) => (executed++, counting.execute(fn, options)) },
  });
  backend.failures = 1;
  await custom.set("b", 2);
  assert.equal(executed, 1);
  assert.equal(await custom.get("b"), 2);
});

Deno.test("ResilientStorageClient entries() lists, then reads 100 values per call", async () => {
  const backend = new FlakyClient();
  await using storage = new ResilientStorageClient(backend, { retry: fast });
  await backend.setMany(Array.from({ length: 250 }, (_, i) => [`k${i}`, i]));
  backend.failures = 1; // the listing fails once and is retried
  let count = 0;
  for await (const [key, value] of storage.entries("k")) {
    assert.equal(key, `k${value}`);
    count++;
  }
  assert.equal(count, 250);
  assert.equal(backend.calls.keys, 2);
  assert.equal(backend.calls.getMany, 3);
});
