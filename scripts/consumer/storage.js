// The npm copy of @atomiton/storage as a user meets it, on Node, Deno, a page and a worker.
import {
  CachedStorageClient,
  InvalidKeyError,
  InvalidValueError,
  MemoryClient,
  migrate,
  MonitoredStorageClient,
  StorageError,
} from "@atomiton/storage";
import { createStorageClient } from "@atomiton/storage/auto";
import { provideStorage, storageToken } from "@atomiton/storage/di";
import { IndexedDBClient } from "@atomiton/storage/indexeddb";
import { ResilientStorageClient } from "@atomiton/storage/resilient";
import { Container } from "@atomiton/di";
import { EventClient } from "@atomiton/events";

/**
 * Writes, reads and lists through `storage`; returns a failure message or "".
 * @param {import("@atomiton/storage").StorageClient} storage
 */
async function roundTrip(storage) {
  const bytes = new Uint8Array([0, 10, 13, 255]);
  await storage.setMany([["user:1", { name: "Ada", tags: ["x"] }], ["blob", bytes]]);
  const [user, blob] = await storage.getMany(["user:1", "blob"]);
  if (JSON.stringify(user) !== '{"name":"Ada","tags":["x"]}') return `user ${JSON.stringify(user)}`;
  if (!(blob instanceof Uint8Array) || blob.join() !== bytes.join()) return `blob ${blob}`;
  const keys = (await storage.keys()).sort().join();
  if (keys !== "blob,user:1") return `keys ${keys}`;
  if ((await storage.stat("blob"))?.size !== 4) return "stat size";
  return "";
}

/**
 * @param {(ok: boolean, message: string) => void} check
 * @param {{ runtime: string }} where
 */
export default async function smoke(check, where) {
  const server = where.runtime === "node" || where.runtime === "deno";

  const memory = new MemoryClient();
  check((await roundTrip(memory)) === "", "MemoryClient round trip");
  try {
    await memory.set("a\0b", 1);
    check(false, "a NUL key was accepted");
  } catch (error) {
    check(
      error instanceof InvalidKeyError && error instanceof StorageError &&
        error.code === "INVALID_KEY",
      `InvalidKeyError: ${error}`,
    );
  }
  try {
    await memory.set("date", /** @type {never} */ (new Date()));
    check(false, "a Date was accepted");
  } catch (error) {
    check(error instanceof InvalidValueError && error.path === "$", `InvalidValueError: ${error}`);
  }

  const events = new EventClient();
  let emitted = 0;
  events.on("storage:*", () => emitted++);
  const monitored = new MonitoredStorageClient(
    new CachedStorageClient(new MemoryClient(), { maxEntries: 10 }),
    { events },
  );
  check((await roundTrip(monitored)) === "", "monitored, cached round trip");
  check(emitted === 4 && monitored.histograms.getMany.count === 1, `events ${emitted}`);

  const copy = new MemoryClient();
  const result = await migrate(memory, copy, { batchSize: 1 });
  check(result.copied === 2 && result.lastKey === "user:1", `migrate ${JSON.stringify(result)}`);

  const resilient = new ResilientStorageClient(new MemoryClient(), { retry: { maxAttempts: 2 } });
  check((await roundTrip(resilient)) === "", "ResilientStorageClient round trip");

  const container = provideStorage(new Container(), { cache: {} });
  await container.resolve(storageToken).set("di", 1);
  check((await container.resolve(storageToken).get("di")) === 1, "provideStorage");
  await container[Symbol.asyncDispose]();

  if (server) {
    // Server-only entries, loaded so that a browser bundle never follows them.
    const fsSpec = "@atomiton/storage/fs";
    const nodeFs = "node:fs/promises";
    const nodeOs = "node:os";
    const { FileSystemClient } = await import(fsSpec);
    const { mkdtemp, readdir, rm } = await import(nodeFs);
    const { tmpdir } = await import(nodeOs);
    const directory = await mkdtemp(`${tmpdir()}/atomiton-smoke-`);
    const files = new FileSystemClient({ directory: `${directory}/fs` });
    check((await roundTrip(files)) === "", "FileSystemClient round trip");
    // One file per key, named from it; the store's own bookkeeping files start with a dot.
    const names = (await readdir(`${directory}/fs`)).filter((name) => !name.startsWith("."));
    check(names.sort().join() === "+blob,+user_3a1", `file names ${names}`);
    await files.close();
    const auto = createStorageClient({ directory: `${directory}/auto` });
    check(auto.constructor.name === "FileSystemClient", `auto is ${auto.constructor.name}`);
    check((await roundTrip(auto)) === "", "auto round trip");
    await auto.close();
    await rm(directory, { recursive: true });
  } else {
    const idb = new IndexedDBClient({ database: `smoke-${where.runtime}` });
    await idb.clear();
    check((await roundTrip(idb)) === "", "IndexedDBClient round trip");
    await idb.close();
    const auto = createStorageClient({ name: `smoke-auto-${where.runtime}` });
    check(auto instanceof IndexedDBClient, `auto is ${auto.constructor.name}`);
    await auto.clear();
    check((await roundTrip(auto)) === "", "auto round trip");
    await auto.close();
  }
}
