/**
 * Growth of `FileSystemClient.keys()`: listing N and 4N keys on disk (issue 14.16),
 * then keys() against unstorage's fs-lite `getKeys` over the same 10,000 keys. Listing
 * opens only the files of values that can expire (those with a `~` marker), so keys
 * without a ttl cost a directory entry each, as in fs-lite.
 *
 * Run: `deno run -A bench/run.ts bench/storage_growth.ts`
 *
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createStorage } from "unstorage";
import fsLiteDriver from "unstorage/drivers/fs-lite";
import { FileSystemClient } from "@atomiton/storage/fs";
import { growth } from "./_growth.ts";
import { compare } from "./_harness.ts";

const N = 2500;
const dir = mkdtempSync(join(tmpdir(), "atomiton-growth-"));
const value = { id: 42, name: "Ada Lovelace", tags: ["admin", "ops"] };

// One store per size, written once: the benchmark times listing, not writing.
async function store(n: number, ttlEvery: number): Promise<FileSystemClient> {
  const client = new FileSystemClient({ directory: join(dir, `${n}-${ttlEvery}`) });
  for (let i = 0; i < n; i += 500) {
    const batch = Array.from({ length: Math.min(500, n - i) }, (_, j) => i + j);
    await Promise.all(
      batch.map((k) =>
        client.set(`user:${k}`, value, k % ttlEvery === 0 ? { ttl: 3_600_000 } : undefined)
      ),
    );
  }
  return client;
}

const stores = new Map<string, FileSystemClient>();
for (const n of [N / 10, N, 4 * N]) {
  for (const ttlEvery of [Infinity, 10]) stores.set(`${n}-${ttlEvery}`, await store(n, ttlEvery));
}

await growth([
  {
    name: "FileSystemClient keys(), no ttls",
    n: N,
    run: (n) => stores.get(`${n}-Infinity`)!.keys(),
  },
  {
    name: "FileSystemClient keys(), 1 in 10 with a ttl",
    n: N,
    run: (n) => stores.get(`${n}-10`)!.keys(),
  },
]);

const lite = createStorage({ driver: fsLiteDriver({ base: join(dir, "fs-lite") }) });
for (let i = 0; i < 4 * N; i += 500) {
  await Promise.all(
    Array.from({ length: 500 }, (_, j) => lite.setItem(`user:${i + j}`, value)),
  );
}
const ours = stores.get(`${4 * N}-Infinity`)!;
await compare(
  `fs keys() over ${4 * N} keys`,
  { name: "@atomiton/storage FileSystemClient keys()", fn: () => ours.keys(), ops: 4 * N },
  [{ name: "unstorage fs-lite getKeys()", fn: () => lite.getKeys(), ops: 4 * N }],
  { roundMs: 300, rounds: 7 },
);

for (const client of stores.values()) await client.close();
await lite.dispose();
rmSync(dir, { recursive: true, force: true });
