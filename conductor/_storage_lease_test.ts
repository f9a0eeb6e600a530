import { FileSystemClient } from "@atomiton/storage/fs";
import { MemoryClient } from "@atomiton/storage";
import assert from "node:assert/strict";
import { leaseKey, storageLease } from "./_storage_lease.ts";
import { leaseCases } from "./testdata/executors/lease_cases.ts";

leaseCases({
  name: "storageLease() on memory",
  make: () => {
    const storage = new MemoryClient();
    return Promise.resolve({
      a: storageLease(storage),
      b: storageLease(storage),
      stop: () => storage.close(),
    });
  },
});

leaseCases({
  name: "storageLease() on files (two clients, as two processes)",
  make: async () => {
    const dir = await Deno.makeTempDir({ prefix: "atomiton-lease-" });
    const one = new FileSystemClient({ directory: dir });
    const two = new FileSystemClient({ directory: dir });
    return {
      a: storageLease(one),
      b: storageLease(two),
      stop: async () => {
        await one.close();
        await two.close();
        await Deno.remove(dir, { recursive: true });
      },
    };
  },
});

Deno.test("storageLease() keeps a record with the holder, an expiry and a storage ttl", async () => {
  await using storage = new MemoryClient();
  const before = Date.now();
  assert.equal(await storageLease(storage).acquire("__proto__", "alice", 60_000), true);
  const record = await storage.get<{ holder: string; expires: number }>(leaseKey("__proto__"));
  assert.equal(record?.holder, "alice");
  assert.ok(record!.expires >= before + 60_000);
  assert.ok((await storage.stat(leaseKey("__proto__")))?.expires !== undefined);
});

Deno.test("storageLease() treats a record that is not a lease as free", async () => {
  await using storage = new MemoryClient();
  await storage.set(leaseKey("run-1"), "garbage");
  assert.equal(await storageLease(storage).acquire("run-1", "alice", 60_000), true);
});
