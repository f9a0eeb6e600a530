import assert from "node:assert/strict";
import { Container } from "@atomiton/di";
import { EventClient } from "@atomiton/events";
import { CachedStorageClient } from "./cached_storage_client.ts";
import { provideStorage, storageBackendToken, storageToken } from "./di.ts";
import { MemoryClient } from "./memory_client.ts";
import { MonitoredStorageClient, type StorageEvents } from "./monitored_storage_client.ts";

Deno.test("provideStorage() registers a memory backend used as it is by default", async () => {
  await using container = provideStorage(new Container());
  const storage = container.resolve(storageToken);
  assert.ok(storage instanceof MemoryClient);
  assert.equal(storage, container.resolve(storageBackendToken));
  assert.equal(container.resolve(storageToken), storage, "one per container");
});

Deno.test("provideStorage() puts the cache, then monitoring, in front of the backend", async () => {
  const backend = new MemoryClient();
  const events = new EventClient<StorageEvents>();
  const seen: string[] = [];
  events.on("storage:*", (_, type) => seen.push(type));
  await using container = provideStorage(new Container(), {
    backend: () => backend,
    cache: { maxEntries: 10 },
    monitor: { events },
  });
  const storage = container.resolve(storageToken);
  assert.ok(storage instanceof MonitoredStorageClient);
  await storage.set("a", 1);
  assert.equal(await storage.get("a"), 1);
  assert.equal(await backend.get("a"), 1);
  assert.deepEqual(seen, ["storage:set", "storage:get"]);
  await using cachedOnly = provideStorage(new Container(), { cache: {} });
  assert.ok(cachedOnly.resolve(storageToken) instanceof CachedStorageClient);
});

Deno.test("provideStorage() backend can be replaced in a child, and disposal closes it", async () => {
  const app = provideStorage(new Container(), { cache: {} });
  const memory = new MemoryClient();
  const test = app.createChild().registerValue(storageBackendToken, memory, { override: true });
  await test.resolve(storageToken).set("b", 2);
  assert.equal(await memory.get("b"), 2);
  const own = app.resolve(storageBackendToken);
  await app[Symbol.asyncDispose]();
  await assert.rejects(own.get("a"), { code: "CLOSED" });
  await test[Symbol.asyncDispose]();
  await assert.rejects(memory.get("b"), { code: "CLOSED" }, "the wrapper closed the backend");
});
