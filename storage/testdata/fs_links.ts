// Links planted inside a store (issue 14.10), checked with real symbolic links on any
// runtime: file_system_client_safety_test.ts runs it on Deno, node_conformance.ts on Node.
import assert from "node:assert/strict";
import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StorageClient } from "../storage_client.ts";

type Make = (directory: string) => StorageClient;

const SECRET = 'J\n"outside"'; // a valid record: a followed link would read it
const LONG = "a".repeat(250); // lives at =a{200}/+a{50}
const FOLDER = `=${"a".repeat(200)}`;

async function isCorrupt(call: Promise<unknown>): Promise<void> {
  await assert.rejects(call, (e: { code?: string; message?: string }) => {
    assert.equal(e.code, "CORRUPT", String(e));
    assert.match(e.message!, /symbolic link/);
    return true;
  });
}

async function fileLinks(make: Make, root: string): Promise<void> {
  const store = join(root, "store");
  const secret = join(root, "secret");
  await writeFile(secret, SECRET);
  const storage = make(store);
  await storage.set("a", 1);
  const plant = (): Promise<void> => symlink(secret, join(store, "+leak"));
  await plant();
  await isCorrupt(storage.get("leak"));
  await isCorrupt(storage.has("leak"));
  await isCorrupt(storage.stat("leak"));
  await isCorrupt(storage.getMany(["a", "leak"]));
  assert.deepEqual(await storage.keys(), ["a"], "keys() skips a link");
  const entries = [];
  for await (const [key] of storage.entries()) entries.push(key);
  assert.deepEqual(entries, ["a"], "entries() skips a link");
  await storage.set("leak", 2);
  assert.equal(await storage.get("leak"), 2, "set() replaced the link with a file");
  assert.ok((await lstat(join(store, "+leak"))).isFile());
  await storage.delete("leak");
  await plant();
  assert.equal(await storage.delete("leak"), false, "a link is no live value");
  await plant();
  await storage.clear();
  assert.deepEqual(await readdir(store).then((names) => names.filter((n) => n[0] !== ".")), []);
  await symlink(join(root, "nowhere"), join(store, "+dangling"));
  await isCorrupt(storage.get("dangling"));
  assert.equal(await readFile(secret, "utf8"), SECRET, "the target was never touched");
  await storage.close();
}

async function folderLinks(make: Make, root: string): Promise<void> {
  const store = join(root, "store2");
  const outside = join(root, "outside");
  await mkdir(outside);
  await writeFile(join(outside, `+${"a".repeat(50)}`), SECRET);
  const storage = make(store);
  await storage.set("b", 1);
  const plant = (): Promise<void> => symlink(outside, join(store, FOLDER), "dir");
  await plant();
  await isCorrupt(storage.get(LONG));
  assert.deepEqual(await storage.keys(), ["b"], "keys() never enters a linked folder");
  await storage.set(LONG, 3);
  assert.equal(await storage.get(LONG), 3);
  assert.ok((await lstat(join(store, FOLDER))).isDirectory(), "set() put a real folder there");
  await storage.clear();
  await plant();
  await storage.clear(LONG.slice(0, 210));
  await assert.rejects(lstat(join(store, FOLDER)), { code: "ENOENT" }, "clear() removed the link");
  await plant();
  assert.equal(await storage.delete(LONG), false);
  await assert.rejects(lstat(join(store, FOLDER)), { code: "ENOENT" }, "delete() removed the link");
  assert.deepEqual(await readdir(outside), [`+${"a".repeat(50)}`], "nothing written outside");
  assert.equal(await readFile(join(outside, `+${"a".repeat(50)}`), "utf8"), SECRET);
  await storage.close();
}

/** Plants file and folder links in fresh stores from `make` and checks none is followed. */
export async function linkChecks(make: Make): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), "atomiton-links-"));
  try {
    await fileLinks(make, root);
    await folderLinks(make, root);
  } finally {
    await rm(root, { recursive: true });
  }
}
