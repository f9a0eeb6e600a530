import assert from "node:assert/strict";
import { EventClient } from "@atomiton/events";
import { PlatformError } from "@atomiton/platform";
import { MemoryClient } from "./memory_client.ts";
import {
  MonitoredStorageClient,
  type StorageEvents,
  type StorageOperationEvent,
} from "./monitored_storage_client.ts";
import { conformance } from "./testdata/conformance.ts";
import { InvalidKeyError } from "./invalid_key_error.ts";

conformance(
  "MonitoredStorageClient",
  () => new MonitoredStorageClient(new MemoryClient(), { events: new EventClient() }),
);

function monitored(): [MonitoredStorageClient, [string, StorageOperationEvent][]] {
  const events = new EventClient<StorageEvents>();
  const seen: [string, StorageOperationEvent][] = [];
  events.on("storage:*", (event, type) => seen.push([type, event]));
  return [new MonitoredStorageClient(new MemoryClient(), { events }), seen];
}

function strip(event: StorageOperationEvent): Omit<StorageOperationEvent, "duration"> {
  assert.ok(event.duration >= 0 && Number.isFinite(event.duration));
  const { duration: _, ...rest } = event;
  return rest;
}

Deno.test("MonitoredStorageClient emits one event per operation, batches and listing included", async () => {
  const [storage, seen] = monitored();
  await storage.set("a", { x: "é" });
  await storage.get("a");
  await storage.get("missing");
  await storage.has("a");
  await storage.stat("a");
  await storage.setMany([["b", new Uint8Array(3)], ["c", 1]]);
  await storage.getMany(["a", "b", "zz"]);
  await storage.keys("");
  await storage.keys("b");
  await storage.deleteMany(["b", "zz"]);
  await storage.delete("c");
  await storage.clear("a");
  const x = JSON.stringify({ x: "é" }).length + 1; // é is 2 bytes
  assert.deepEqual(seen.map(([type, event]) => [type, strip(event)]), [
    ["storage:set", { operation: "set", key: "a", size: x, success: true }],
    ["storage:get", { operation: "get", key: "a", size: x, success: true }],
    ["storage:get", { operation: "get", key: "missing", size: 0, success: true }],
    ["storage:has", { operation: "has", key: "a", size: 0, success: true }],
    ["storage:stat", { operation: "stat", key: "a", size: 0, success: true }],
    ["storage:setMany", { operation: "setMany", keys: ["b", "c"], size: 4, success: true }],
    ["storage:getMany", {
      operation: "getMany",
      keys: ["a", "b", "zz"],
      size: x + 3,
      success: true,
    }],
    ["storage:keys", { operation: "keys", prefix: "", count: 3, size: 0, success: true }],
    ["storage:keys", { operation: "keys", prefix: "b", count: 1, size: 0, success: true }],
    ["storage:deleteMany", {
      operation: "deleteMany",
      keys: ["b", "zz"],
      count: 1,
      size: 0,
      success: true,
    }],
    ["storage:delete", { operation: "delete", key: "c", count: 1, size: 0, success: true }],
    ["storage:clear", { operation: "clear", prefix: "a", size: 0, success: true }],
  ]);
  assert.equal(storage.histograms.get.count, 2);
  assert.equal(storage.histograms.keys.count, 2);
  assert.equal(storage.histograms.entries.count, 0);
});

Deno.test("MonitoredStorageClient reports a failure with its error and rethrows it", async () => {
  const [storage, seen] = monitored();
  const error = await storage.set("", 1).catch((e) => e);
  assert.ok(error instanceof InvalidKeyError);
  const [type, event] = seen[0]!;
  assert.equal(type, "storage:set");
  assert.deepEqual(strip(event), { operation: "set", key: "", size: 0, success: false, error });
  assert.equal(storage.histograms.set.count, 1, "failures are timed too");
  await assert.rejects(storage.getMany(["ok", "\0"]), InvalidKeyError);
  assert.equal(seen[1]![1].success, false);
});

Deno.test("MonitoredStorageClient entries() emits once, when the iteration ends or is left", async () => {
  const [storage, seen] = monitored();
  await storage.setMany([["a", "xy"], ["b", new Uint8Array(5)], ["c", 1]]);
  seen.length = 0;
  for await (const _ of storage.entries()); // all three
  for await (const _ of storage.entries()) break; // left after one
  await assert.rejects(storage.entries("\0").next(), InvalidKeyError);
  assert.deepEqual(seen.map(([, event]) => strip(event)), [
    { operation: "entries", prefix: "", count: 3, size: 4 + 5 + 1, success: true },
    { operation: "entries", prefix: "", count: 1, size: 4, success: true },
    {
      operation: "entries",
      prefix: "\0",
      count: 0,
      size: 0,
      success: false,
      error: (seen[2]![1] as { error: unknown }).error,
    },
  ]);
  assert.ok((seen[2]![1].error) instanceof InvalidKeyError);
  assert.equal(storage.histograms.entries.count, 3);
});

Deno.test("MonitoredStorageClient without events still feeds its histograms", async () => {
  await using storage = new MonitoredStorageClient(new MemoryClient());
  for (let i = 0; i < 10; i++) await storage.set(`k${i}`, i);
  assert.equal(storage.histograms.set.count, 10);
  assert.ok(storage.histograms.set.p99 >= storage.histograms.set.min);
  assert.equal(storage.histograms.get.count, 0);
});

Deno.test("MonitoredStorageClient passes histogram options on and closes the client it wraps", async () => {
  assert.throws(
    () => new MonitoredStorageClient(new MemoryClient(), { histogram: { relativeAccuracy: 2 } }),
    PlatformError,
  );
  const inner = new MemoryClient();
  const storage = new MonitoredStorageClient(inner, { histogram: { relativeAccuracy: 0.05 } });
  await storage[Symbol.asyncDispose]();
  await assert.rejects(inner.get("a"), { code: "CLOSED" });
});
