import assert from "node:assert/strict";
import { FileSystemClient } from "./fs_deno.ts";
import { MemoryClient } from "./memory_client.ts";
import { migrate, type MigrationProgress } from "./migrate.ts";
import { StorageError } from "./storage_error.ts";
import { GatedClient } from "./testdata/gated_client.ts";
import { withClock } from "./testdata/clock.ts";

async function source(n: number): Promise<MemoryClient> {
  const from = new MemoryClient();
  await from.setMany(
    Array.from({ length: n }, (_, i) => [`k${String(i).padStart(3, "0")}`, { i }] as const),
  );
  return from;
}

Deno.test("migrate() copies every entry between two kinds of client, in batches", async () => {
  const from = await source(250);
  await from.set("bytes", new Uint8Array([1, 2, 3]));
  const directory = await Deno.makeTempDir({ prefix: "atomiton-migrate-" });
  await using to = new FileSystemClient({ directory });
  const reports: MigrationProgress[] = [];
  const result = await migrate(from, to, { batchSize: 100, onProgress: (p) => reports.push(p) });
  assert.deepEqual(result, { copied: 251, skipped: 0, total: 251, lastKey: "k249" });
  assert.deepEqual(reports.map((r) => r.copied), [100, 200, 251]);
  assert.deepEqual(reports.map((r) => r.lastKey), ["k098", "k198", "k249"]);
  assert.deepEqual(await to.get("bytes"), new Uint8Array([1, 2, 3]));
  assert.deepEqual(await to.get("k123"), { i: 123 });
  assert.equal((await to.keys()).length, 251);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("migrate() copies only keys with the prefix", async () => {
  const from = new MemoryClient();
  await from.setMany([["user:1", 1], ["user:2", 2], ["job:1", 3]]);
  const to = new MemoryClient();
  const result = await migrate(from, to, { prefix: "user:" });
  assert.deepEqual(result, { copied: 2, skipped: 0, total: 2, lastKey: "user:2" });
  assert.deepEqual((await to.keys()).sort(), ["user:1", "user:2"]);
});

Deno.test("migrate() keeps each entry's remaining time to live and skips expired ones", async () => {
  await withClock(async (clock) => {
    const from = new MemoryClient();
    await from.set("long", 1, { ttl: 60_000 });
    await from.set("short", 2, { ttl: 15 });
    await from.set("forever", 3);
    const expires = (await from.stat("long"))!.expires!;
    const to = new MemoryClient();
    const list = from.keys.bind(from);
    from.keys = async (prefix) => {
      const keys = await list(prefix);
      clock.now += 40; // "short" expires meanwhile
      return keys;
    };
    const result = await migrate(from, to);
    assert.equal(result.copied, 2);
    assert.equal(result.skipped, 1);
    assert.equal((await to.stat("long"))!.expires, expires, "the same expiry time");
    assert.equal((await to.stat("forever"))!.expires, undefined);
    assert.equal(await to.has("short"), false);
  });
});

Deno.test("migrate() resumes after an abort from the last key it reported", async () => {
  const from = await source(10);
  const to = new MemoryClient();
  const controller = new AbortController();
  let last: MigrationProgress | undefined;
  const error = await migrate(from, to, {
    batchSize: 3,
    signal: controller.signal,
    onProgress: (progress) => {
      last = progress;
      if (progress.copied === 6) controller.abort(new Error("stop"));
    },
  }).catch((e) => e);
  assert.equal(error.message, "stop");
  assert.equal(last!.lastKey, "k005");
  assert.equal((await to.keys()).length, 6);
  const rest = await migrate(from, to, { batchSize: 3, after: last!.lastKey });
  assert.deepEqual(rest, { copied: 4, skipped: 0, total: 4, lastKey: "k009" });
  assert.deepEqual(await to.getMany(await from.keys()), await from.getMany(await from.keys()));
});

Deno.test("migrate() resumes after the target failed mid-way", async () => {
  const from = await source(7);
  const to = new GatedClient();
  let writes = 0;
  const setMany = to.setMany.bind(to);
  to.setMany = (entries, options) => {
    if (++writes === 2) return Promise.reject(new Error("target down"));
    return setMany(entries, options);
  };
  let last: string | undefined;
  await assert.rejects(
    migrate(from, to, { batchSize: 3, onProgress: (p) => last = p.lastKey }),
    /target down/,
  );
  assert.equal(last, "k002");
  const rest = await migrate(from, to, { batchSize: 3, after: last });
  assert.equal(rest.copied, 4);
  assert.equal((await to.keys()).length, 7);
});

Deno.test("migrate() with overwrite false skips keys the target has", async () => {
  const from = await source(3);
  const to = new MemoryClient();
  await to.set("k001", "mine");
  const result = await migrate(from, to, { overwrite: false });
  assert.deepEqual(result, { copied: 2, skipped: 1, total: 3, lastKey: "k002" });
  assert.equal(await to.get("k001"), "mine");
});

Deno.test("migrate() of an empty store copies nothing and reports no progress", async () => {
  let reports = 0;
  const result = await migrate(new MemoryClient(), new MemoryClient(), {
    onProgress: () => reports++,
  });
  assert.deepEqual(result, { copied: 0, skipped: 0, total: 0, lastKey: undefined });
  assert.equal(reports, 0);
});

Deno.test("migrate() rejects a bad batch size and an aborted signal before copying", async () => {
  const from = await source(2);
  const to = new MemoryClient();
  for (const batchSize of [0, 1.5, -1, NaN]) {
    await assert.rejects(
      migrate(from, to, { batchSize }),
      (e) => e instanceof StorageError && e.code === "INVALID_OPTION",
    );
  }
  await assert.rejects(migrate(from, to, { signal: AbortSignal.abort("no") }), (e) => e === "no");
  assert.deepEqual(await to.keys(), []);
});

Deno.test("migrate() carries fractional ttls into a file store that reads them back", async () => {
  const from = new MemoryClient();
  await from.set("frac", { a: 1 }, { ttl: 3_600_000.5 });
  await from.setMany([["many", 2]], { ttl: 1500.25 * 1000 });
  const directory = await Deno.makeTempDir({ prefix: "atomiton-migrate-" });
  await using to = new FileSystemClient({ directory });
  assert.equal((await migrate(from, to)).copied, 2);
  assert.deepEqual(await to.getMany(["frac", "many"]), [{ a: 1 }, 2]);
  assert.equal(await to.has("frac"), true);
  assert.deepEqual((await to.keys()).sort(), ["frac", "many"]);
  assert.ok(Number.isInteger((await to.stat("frac"))?.expires));
  await to.close();
  await Deno.remove(directory, { recursive: true });
});
