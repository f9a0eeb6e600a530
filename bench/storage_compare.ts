/**
 * `@atomiton/storage` against the peers a user would pick instead, on Deno and
 * Node: `unstorage` (memory and fs drivers) and `keyv` (its in-memory store),
 * reading and writing a small JSON object. Ours checks every key and value,
 * isolates values (a read is a copy) and, on disk, writes atomically (temporary
 * file and rename); the ratios say what that costs. A file write is also measured
 * against its physical limit: a plain loop, in the same process, that writes a
 * temporary file and renames it over the target (what any atomic write must do),
 * with the runtime's own calls (Deno's APIs on Deno, `node:fs` on Node).
 *
 * Run: `deno run -A bench/run.ts bench/storage_compare.ts`
 *
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Keyv from "keyv";
import { createStorage } from "unstorage";
import fsDriver from "unstorage/drivers/fs";
import memoryDriver from "unstorage/drivers/memory";
import { MemoryClient } from "@atomiton/storage";
import { FileSystemClient } from "@atomiton/storage/fs";
import { compare } from "./_harness.ts";

const value = { id: 42, name: "Ada Lovelace", tags: ["admin", "ops"], active: true, score: 9.5 };
const KEYS = 100;
const key = (i: number): string => `user:${i % KEYS}`;

const ours = new MemoryClient();
const unstorageMemory = createStorage({ driver: memoryDriver() });
const keyv = new Keyv();
for (let i = 0; i < KEYS; i++) {
  await ours.set(key(i), value);
  await unstorageMemory.setItem(key(i), value);
  await keyv.set(key(i), value);
}

let n = 0;
await compare("memory get, small object", {
  name: "@atomiton/storage MemoryClient",
  fn: () => ours.get(key(n++)),
}, [
  { name: "unstorage memory driver", fn: () => unstorageMemory.getItem(key(n++)) },
  { name: "keyv (in-memory Map)", fn: () => keyv.get(key(n++)) },
]);

await compare("memory set, small object", {
  name: "@atomiton/storage MemoryClient",
  fn: () => ours.set(key(n++), value),
}, [
  { name: "unstorage memory driver", fn: () => unstorageMemory.setItem(key(n++), value) },
  { name: "keyv (in-memory Map)", fn: () => keyv.set(key(n++), value) },
]);

const dir = mkdtempSync(join(tmpdir(), "atomiton-bench-"));
const files = new FileSystemClient({ directory: join(dir, "ours") });
const unstorageFs = createStorage({ driver: fsDriver({ base: join(dir, "unstorage") }) });
for (let i = 0; i < KEYS; i++) {
  await files.set(key(i), value);
  await unstorageFs.setItem(key(i), value);
}

await compare(
  "fs get, small object",
  {
    name: "@atomiton/storage FileSystemClient",
    fn: () => files.get(key(n++)),
  },
  [{ name: "unstorage fs driver", fn: () => unstorageFs.getItem(key(n++)) }],
  {
    roundMs: 100,
    rounds: 11,
  },
);

// The physical limit of an atomic write: serialize, write a new file, rename it over the target.
const limitDir = join(dir, "limit");
mkdirSync(limitDir);
const encoder = new TextEncoder();
let temporary = 0;
const writeThenRename: (data: string, tmp: string, target: string) => Promise<void> =
  "Deno" in globalThis
    ? async (data, tmp, target) => {
      await Deno.writeFile(tmp, encoder.encode(data), { createNew: true });
      await Deno.rename(tmp, target);
    }
    : async (data, tmp, target) => {
      await writeFile(tmp, data, { flag: "wx" });
      await rename(tmp, target);
    };
const limitSet = (k: string): Promise<void> =>
  writeThenRename(
    "J\n" + JSON.stringify(value),
    join(limitDir, `.${(temporary++).toString(36)}.tmp`),
    join(limitDir, `+${encodeURIComponent(k)}`),
  );

await compare(
  "fs set, small object",
  {
    name: "@atomiton/storage FileSystemClient",
    fn: () => files.set(key(n++), value),
  },
  [
    { name: "limit: write tmp + rename", fn: () => limitSet(key(n++)) },
    { name: "unstorage fs driver", fn: () => unstorageFs.setItem(key(n++), value) },
  ],
  {
    roundMs: 100,
    rounds: 11,
  },
);

await files.close();
await unstorageFs.dispose();
rmSync(dir, { recursive: true, force: true });
