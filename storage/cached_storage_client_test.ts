import assert from "node:assert/strict";
import { CachedStorageClient } from "./cached_storage_client.ts";
import { FileSystemClient } from "./fs_deno.ts";
import { MemoryClient } from "./memory_client.ts";
import { StorageError } from "./storage_error.ts";
import { conformance } from "./testdata/conformance.ts";
import { withClock } from "./testdata/clock.ts";
import { gate, GatedClient } from "./testdata/gated_client.ts";

conformance("CachedStorageClient", () => new CachedStorageClient(new MemoryClient()));
let directory = "";
conformance("CachedStorageClient over FileSystemClient", async () => {
  directory = await Deno.makeTempDir({ prefix: "atomiton-cache-" });
  return new CachedStorageClient(new FileSystemClient({ directory }), {
    maxEntries: 50,
    maxBytes: 512 * 1024,
  });
}, { cleanup: () => Deno.remove(directory, { recursive: true }) });

Deno.test("CachedStorageClient answers repeated reads from memory and counts hits and misses", async () => {
  const backing = new MemoryClient();
  await backing.set("a", { n: 1 });
  await using storage = new CachedStorageClient(backing);
  assert.deepEqual(await storage.get("a"), { n: 1 });
  await backing.set("a", { n: 2 }); // behind the cache's back
  assert.deepEqual(await storage.get("a"), { n: 1 }, "served from the cache");
  assert.equal(await storage.has("a"), true);
  assert.deepEqual(await storage.getMany(["a", "b", "a"]), [{ n: 1 }, undefined, { n: 1 }]);
  assert.deepEqual(storage.stats(), { hits: 3, misses: 2, entries: 1, bytes: 7 });
});

Deno.test("CachedStorageClient writes through before caching, and a failed write caches nothing", async () => {
  const backing = new GatedClient();
  await using storage = new CachedStorageClient(backing);
  await storage.set("a", "one");
  assert.equal(await backing.get("a"), "one");
  backing.failWrites = true;
  await assert.rejects(storage.set("a", "two"), /disk full/);
  backing.failWrites = false;
  assert.equal(await storage.get("a"), "one", "the old value, from the backing client");
  assert.equal(storage.stats().hits, 0);
});

Deno.test("CachedStorageClient evicts the least recently used entries beyond maxEntries", async () => {
  await using storage = new CachedStorageClient(new MemoryClient(), { maxEntries: 2 });
  await storage.set("a", 1);
  await storage.set("b", 2);
  await storage.get("a"); // b is now the least recently used
  await storage.set("c", 3);
  assert.equal(storage.stats().entries, 2);
  const before = storage.stats().hits;
  await storage.getMany(["a", "c"]);
  assert.equal(storage.stats().hits, before + 2);
  await storage.get("b");
  assert.equal(storage.stats().misses, 1, "b was evicted");
});

Deno.test("CachedStorageClient keeps its bytes under maxBytes and never caches a value larger", async () => {
  await using storage = new CachedStorageClient(new MemoryClient(), { maxBytes: 10 });
  await storage.set("big", "x".repeat(20));
  assert.deepEqual(storage.stats(), { hits: 0, misses: 0, entries: 0, bytes: 0 });
  await storage.set("a", new Uint8Array(4));
  await storage.set("b", new Uint8Array(4));
  await storage.set("c", new Uint8Array(4)); // 12 bytes: a goes
  assert.equal(storage.stats().bytes, 8);
  assert.equal(storage.stats().entries, 2);
  assert.equal((await storage.get("big"))?.toString().length, 20, "still stored behind the cache");
});

Deno.test("CachedStorageClient ttl bounds how long an entry stays cached", async () => {
  await withClock(async (clock) => {
    const backing = new MemoryClient();
    await using storage = new CachedStorageClient(backing, { ttl: 30 });
    await storage.set("a", 1);
    await backing.set("a", 2);
    clock.now += 29;
    assert.equal(await storage.get("a"), 1);
    clock.now += 1;
    assert.equal(await storage.get("a"), 2, "reloaded after the cache ttl");
  });
});

Deno.test("CachedStorageClient never returns a value past the expiry the backing client has", async () => {
  await withClock(async (clock) => {
    const backing = new MemoryClient();
    await backing.set("a", 1, { ttl: 40 });
    await using storage = new CachedStorageClient(backing);
    assert.equal(await storage.get("a"), 1);
    clock.now += 39;
    assert.equal(await storage.get("a"), 1);
    assert.equal(storage.stats().hits, 1);
    clock.now += 1;
    assert.equal(await storage.get("a"), undefined);
    assert.equal(await storage.has("a"), false);
  });
});

Deno.test("CachedStorageClient delete(), deleteMany() and clear() invalidate", async () => {
  await using storage = new CachedStorageClient(new MemoryClient());
  await storage.setMany([["a", 1], ["b", 2], ["tmp:1", 3], ["tmp:2", 4], ["keep", 5]]);
  assert.equal(storage.stats().entries, 5);
  assert.equal(await storage.delete("a"), true);
  assert.equal(await storage.deleteMany(["b", "zz"]), 1);
  await storage.clear("tmp:");
  assert.equal(storage.stats().entries, 1);
  assert.deepEqual(await storage.getMany(["a", "b", "tmp:1", "keep"]), [
    undefined,
    undefined,
    undefined,
    5,
  ]);
  await storage.clear();
  assert.equal(await storage.get("keep"), undefined);
});

Deno.test("CachedStorageClient a read that overlaps a write never caches the older value", async () => {
  const backing = new GatedClient();
  await backing.set("a", "old");
  await using storage = new CachedStorageClient(backing);
  const [held, release] = gate();
  backing.readGate = held;
  const read = storage.get("a"); // reads "old", then waits
  await storage.set("a", "new");
  release();
  backing.readGate = undefined;
  assert.equal(await read, "old");
  assert.equal(await storage.get("a"), "new");
  assert.equal(await backing.get("a"), "new");
});

Deno.test("CachedStorageClient a read that starts during a write and ends after it does not cache", async () => {
  const backing = new GatedClient();
  await backing.set("a", "old");
  await using storage = new CachedStorageClient(backing);
  const [writeHeld, releaseWrite] = gate();
  const [readHeld, releaseRead] = gate();
  backing.writeGate = writeHeld;
  const write = storage.set("a", "new");
  backing.readGate = readHeld;
  const read = storage.get("a"); // reads "old": the write has not landed
  backing.writeGate = backing.readGate = undefined;
  releaseWrite();
  await write; // caches "new"
  releaseRead();
  assert.equal(await read, "old");
  assert.equal(await storage.get("a"), "new", "the late read did not put back the old value");
  assert.equal(storage.stats().hits, 1);
});

Deno.test("CachedStorageClient a read that overlaps a clear does not cache", async () => {
  const backing = new GatedClient();
  await backing.set("a", "old");
  await using storage = new CachedStorageClient(backing);
  const [held, release] = gate();
  backing.readGate = held;
  const read = storage.getMany(["a"]);
  await storage.clear();
  release();
  backing.readGate = undefined;
  assert.deepEqual(await read, ["old"]);
  assert.equal(await storage.get("a"), undefined);
});

Deno.test("CachedStorageClient of two overlapping writes to a key caches neither", async () => {
  const backing = new GatedClient();
  await using storage = new CachedStorageClient(backing);
  const [held, release] = gate();
  backing.writeGate = held;
  const first = storage.set("a", 1);
  const second = storage.setMany([["a", 2], ["b", 3]]);
  release();
  await Promise.all([first, second]);
  backing.writeGate = undefined;
  assert.equal(storage.stats().entries, 1, "only b, which one write touched");
  assert.equal(await storage.get("a"), await backing.get("a"));
});

Deno.test("CachedStorageClient with maxEntries 0 caches nothing", async () => {
  await using storage = new CachedStorageClient(new MemoryClient(), { maxEntries: 0 });
  await storage.set("a", 1);
  assert.equal(await storage.get("a"), 1);
  assert.deepEqual(storage.stats(), { hits: 0, misses: 1, entries: 0, bytes: 0 });
});

Deno.test("CachedStorageClient rejects bad options with INVALID_OPTION", () => {
  for (const options of [{ maxEntries: -1 }, { maxBytes: NaN }, { ttl: 0 }, { ttl: -5 }]) {
    assert.throws(
      () => new CachedStorageClient(new MemoryClient(), options),
      (e) => e instanceof StorageError && e.code === "INVALID_OPTION",
      JSON.stringify(options),
    );
  }
});

Deno.test("CachedStorageClient close() empties the cache and closes the client it wraps", async () => {
  const backing = new MemoryClient();
  const storage = new CachedStorageClient(backing);
  await storage.set("a", 1);
  await storage.close();
  assert.equal(storage.stats().entries, 0);
  await assert.rejects(backing.get("a"), { code: "CLOSED" });
  await assert.rejects(storage.get("a"), { code: "CLOSED" });
  await assert.rejects(storage.set("a", 1), { code: "CLOSED" });
});
