// deno-lint-ignore-file no-console
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
const limitSet = (folder: string, k: string): Promise<void> =>
  writeThenRename(
    "J\n" + JSON.stringify(value),
    join(folder, `.${(temporary++).toString(36)}.tmp`),
    join(folder, `+${encodeURIComponent(k)}`),
  );

const median = (values: number[]): number =>
  values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

// Call by call, in turns (who goes first alternates): both sides meet the same load, so
// the ratio holds on a busy machine where rates swing twofold between rounds.
async function paired(
  ours: () => Promise<unknown>,
  theirs: () => Promise<unknown>,
  rounds = 31,
  calls = 40,
): Promise<number> {
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round++) {
    let oursMs = 0;
    let theirsMs = 0;
    for (let i = 0; i < calls; i++) {
      for (const side of i % 2 ? [ours, theirs] : [theirs, ours]) {
        const start = performance.now();
        await side();
        if (side === ours) oursMs += performance.now() - start;
        else theirsMs += performance.now() - start;
      }
    }
    ratios.push(theirsMs / oursMs);
  }
  return median(ratios);
}

// Ours, the limit and unstorage writing the same keys in folders under `base`.
async function fsSet(group: string, base: string): Promise<void> {
  const store = new FileSystemClient({ directory: join(base, "ours") });
  const limitDir = join(base, "limit");
  mkdirSync(limitDir, { recursive: true });
  const peer = createStorage({ driver: fsDriver({ base: join(base, "unstorage") }) });
  const set = () => store.set(key(n++), value);
  const limit = () => limitSet(limitDir, key(n++));
  const unstorage = () => peer.setItem(key(n++), value);
  await compare(group, { name: "@atomiton/storage FileSystemClient", fn: set }, [
    { name: "limit: write tmp + rename", fn: limit },
    { name: "unstorage fs driver", fn: unstorage },
  ], { roundMs: 100, rounds: 21 });
  const [toLimit, toUnstorage] = [await paired(set, limit), await paired(set, unstorage)];
  console.log(
    `  paired, call by call: ours is ${toLimit.toFixed(2)}x the limit, ` +
      `${toUnstorage.toFixed(2)}x unstorage (median of 31 rounds)`,
  );
  await store.close();
  await peer.dispose();
}

await fsSet("fs set, small object", join(dir, "set"));
// A memory file system (Linux's /dev/shm) takes the disk away: what is left is system calls
// and our own work, the harshest test of our overhead.
let shm: string | undefined;
try {
  shm = mkdtempSync("/dev/shm/atomiton-bench-");
} catch {
  console.log("\nfs set on a memory file system: skipped, no /dev/shm");
}
if (shm) {
  await fsSet("fs set on a memory file system (/dev/shm), small object", shm);
  rmSync(shm, { recursive: true, force: true });
}

await files.close();
await unstorageFs.dispose();
rmSync(dir, { recursive: true, force: true });
