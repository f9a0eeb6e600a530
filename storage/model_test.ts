// Property-based tests: every backend and wrapper against a model (a Map with expiry,
// on a clock the test moves, so expiry never races the wall clock), and the stored-file
// codec against random and hostile bytes.
import assert from "node:assert/strict";
import fc from "fast-check";
import { assertPrototypeClean, hostileString, INVALID_UTF8 } from "../scripts/testing/hostile.ts";
import { CachedStorageClient } from "./cached_storage_client.ts";
import { FileSystemClient as DenoFileSystemClient } from "./fs_deno.ts";
import { FileSystemClient as NodeFileSystemClient } from "./fs_node.ts";
import { MemoryClient } from "./memory_client.ts";
import { MonitoredStorageClient } from "./monitored_storage_client.ts";
import { ResilientStorageClient } from "./resilient_storage_client.ts";
import { StorageError } from "./storage_error.ts";
import type { StorageClient, StorageValue } from "./storage_client.ts";
import { HEAD, parseHeader, record } from "./_fs_record.ts";
import { type Clock, withClock } from "./testdata/clock.ts";

type Op =
  | { op: "set"; key: string; value: StorageValue; ttl: number | undefined }
  | { op: "get" | "has" | "delete"; key: string }
  | { op: "keys" | "clear"; prefix: string }
  | { op: "advance"; ms: number };

const KEYS = ["a", "ab", "a/b", "é", "x".repeat(250), "x".repeat(450), "__proto__", "constructor"];
const key = fc.oneof(fc.constantFrom(...KEYS), hostileString());
const value: fc.Arbitrary<StorageValue> = fc.oneof(
  fc.jsonValue() as fc.Arbitrary<StorageValue>,
  fc.uint8Array({ maxLength: 40 }),
);
const ttl = fc.oneof(
  fc.constant(undefined),
  fc.integer({ min: 1, max: 5000 }),
  fc.double({ min: 0.001, max: 5000, noNaN: true }),
  fc.constantFrom(0, -1, NaN, Infinity, 1e21, 8.64e15, 1500.5),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("set" as const), key, value, ttl }),
  fc.record({ op: fc.constantFrom("get" as const, "has" as const, "delete" as const), key }),
  fc.record({
    op: fc.constantFrom("keys" as const, "clear" as const),
    prefix: fc.constantFrom("", "a", "x".repeat(220), "_"),
  }),
  fc.record({ op: fc.constant("advance" as const), ms: fc.integer({ min: 0, max: 3000 }) }),
);

// The model: obviously right, written apart from the code under test.
const validKey = (k: string): boolean =>
  !k.includes("\0") && k.isWellFormed() && k.length > 0 &&
  new TextEncoder().encode(k).length <= 1024;

class Model {
  readonly map = new Map<string, { value: StorageValue; expires: number }>();
  constructor(readonly now: () => number) {}
  live(k: string): StorageValue | undefined {
    const entry = this.map.get(k);
    return entry && (entry.expires === 0 || entry.expires > this.now()) ? entry.value : undefined;
  }
  keys(prefix: string): string[] {
    return [...this.map.keys()].filter((k) => k.startsWith(prefix) && this.live(k) !== undefined)
      .sort();
  }
}

const plain = (v: StorageValue): unknown =>
  v instanceof Uint8Array ? v : JSON.parse(JSON.stringify(v));

// Runs one op on the client and the model; the outcomes must match.
async function step(
  client: StorageClient,
  model: Model,
  o: Op,
  clock: Clock,
): Promise<void> {
  if (o.op === "advance") return void (clock.now += o.ms);
  const invalid = "key" in o && !validKey(o.key);
  const outcome = async (): Promise<unknown> => {
    switch (o.op) {
      case "set":
        return await client.set(o.key, o.value, o.ttl === undefined ? undefined : { ttl: o.ttl });
      case "get":
        return await client.get(o.key);
      case "has":
        return await client.has(o.key);
      case "delete":
        return await client.delete(o.key);
      case "keys":
        return (await client.keys(o.prefix)).sort();
      case "clear":
        return await client.clear(o.prefix);
    }
  };
  const result = await outcome().catch((error) => error) as { code?: string } | undefined;
  if (invalid) {
    return assert.equal(result?.code, "INVALID_KEY", `${o.op} ${JSON.stringify(o.key)}`);
  }
  if (o.op === "set") {
    const t = o.ttl;
    const expires = t === undefined || t === Infinity ? 0 : clock.now + Math.ceil(t);
    if (t !== undefined && !(t > 0 && expires <= 8.64e15)) {
      return assert.equal(result?.code, "INVALID_OPTION", `ttl ${t}`);
    }
    assert.equal(result, undefined, String(result));
    model.map.set(o.key, { value: o.value, expires });
  } else if (o.op === "get") {
    const expected = model.live(o.key);
    assert.deepEqual(result, expected === undefined ? undefined : plain(expected), `get ${o.key}`);
  } else if (o.op === "has") assert.equal(result, model.live(o.key) !== undefined);
  else if (o.op === "delete") {
    assert.equal(result, model.live(o.key) !== undefined, `delete ${o.key}`);
    model.map.delete(o.key);
  } else if (o.op === "keys") assert.deepEqual(result, model.keys(o.prefix));
  else if (o.op === "clear") {
    assert.equal(result, undefined, String(result));
    for (const k of [...model.map.keys()]) if (k.startsWith(o.prefix)) model.map.delete(k);
  }
}

// Date.now is the clock of every client here: the test owns it for the run.
async function againstModel(make: () => Promise<StorageClient>, numRuns = 25): Promise<void> {
  await withClock((clock) =>
    fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
        const client = await make();
        const model = new Model(() => clock.now);
        try {
          for (const o of ops) await step(client, model, o, clock);
        } finally {
          await client.close();
        }
      }),
      { numRuns },
    )
  );
  assertPrototypeClean();
}

const roots: string[] = [];

async function inFolder<T extends StorageClient>(
  make: (directory: string) => T,
): Promise<() => Promise<StorageClient>> {
  const root = await Deno.makeTempDir({ prefix: "atomiton-model-" });
  roots.push(root);
  let n = 0;
  return () => Promise.resolve(make(`${root}/${n++}`));
}

const CLIENTS: [string, () => Promise<() => Promise<StorageClient>>][] = [
  ["MemoryClient", () => Promise.resolve(() => Promise.resolve(new MemoryClient()))],
  [
    "FileSystemClient (Deno)",
    () => inFolder((directory) => new DenoFileSystemClient({ directory })),
  ],
  [
    "FileSystemClient (node:fs)",
    () => inFolder((directory) => new NodeFileSystemClient({ directory })),
  ],
  [
    "CachedStorageClient over a FileSystemClient",
    () => inFolder((directory) => new CachedStorageClient(new DenoFileSystemClient({ directory }))),
  ],
  [
    "MonitoredStorageClient",
    () => Promise.resolve(() => Promise.resolve(new MonitoredStorageClient(new MemoryClient()))),
  ],
  [
    "ResilientStorageClient",
    () => Promise.resolve(() => Promise.resolve(new ResilientStorageClient(new MemoryClient()))),
  ],
];

for (const [name, factory] of CLIENTS) {
  Deno.test(`${name} behaves as the model over random operations, keys, values and ttls`, async () => {
    await againstModel(await factory());
    for (const root of roots.splice(0)) await Deno.remove(root, { recursive: true });
  });
}

Deno.test("parseHeader() reads back every header record() writes, and never throws on random bytes", () => {
  fc.assert(fc.property(
    fc.oneof(fc.string(), fc.uint8Array()),
    fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 8.64e15 })),
    (encoded, expires) => {
      const data = record(encoded, expires);
      const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
      const [tag, back, start] = parseHeader(bytes.subarray(0, Math.max(HEAD, 1) + 1e6))!;
      assert.equal(tag, typeof encoded === "string" ? 0x4a : 0x42);
      assert.equal(back, expires);
      assert.equal(
        bytes.length - start,
        typeof encoded === "string" ? new TextEncoder().encode(encoded).length : encoded.length,
      );
    },
  ));
  fc.assert(fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
    const head = parseHeader(bytes);
    if (head === undefined) return;
    assert.ok(Number.isSafeInteger(head[1]) && head[1] >= 0 && head[2] <= bytes.length);
  }));
});

Deno.test("FileSystemClient reads random and hostile file contents as a value or CORRUPT, never another error", async () => {
  const directory = await Deno.makeTempDir({ prefix: "atomiton-model-" });
  await using storage = new DenoFileSystemClient({ directory });
  await storage.set("k", 1);
  const prefixes = ["J\n", "B\n", "J1\n", `J${8.64e15}\n`, "J99999999999999999999999\n", ""];
  const contents = fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc.tuple(fc.constantFrom(...prefixes), fc.constantFrom(...INVALID_UTF8)).map(
      ([head, tail]) => new Uint8Array([...new TextEncoder().encode(head), ...tail]),
    ),
  );
  await fc.assert(
    fc.asyncProperty(contents, async (bytes) => {
      await Deno.writeFile(`${directory}/+k`, bytes);
      for (
        const call of [() => storage.get("k"), () => storage.has("k"), () => storage.stat("k")]
      ) {
        const error = await call().then(() => undefined, (e) => e);
        if (error) {
          assert.ok(error instanceof StorageError && error.code === "CORRUPT", String(error));
        }
      }
      await storage.keys(); // lists or skips, never throws
    }),
    { numRuns: 200 },
  );
  await storage.close();
  await Deno.remove(directory, { recursive: true });
});
