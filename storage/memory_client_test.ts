import assert from "node:assert/strict";
import { MemoryClient } from "./memory_client.ts";
import { conformance } from "./testdata/conformance.ts";

conformance("MemoryClient", () => new MemoryClient());

Deno.test("MemoryClient keys() lists keys in the order they were first written", async () => {
  await using storage = new MemoryClient();
  await storage.setMany([["b", 1], ["a", 2], ["c", 3]]);
  await storage.set("b", 4);
  assert.deepEqual(await storage.keys(), ["b", "a", "c"]);
});

Deno.test("MemoryClient set() stores primitives and bytes without sharing them", async () => {
  await using storage = new MemoryClient();
  const buffer = new Uint8Array([1, 2, 3]);
  await storage.set("bytes", buffer);
  const first = await storage.get<Uint8Array>("bytes");
  const second = await storage.get<Uint8Array>("bytes");
  assert.notEqual(first, second);
  assert.notEqual(first!.buffer, buffer.buffer);
});
