import assert from "node:assert/strict";
import { createStore, type StoreApi } from "zustand/vanilla";
import { EventClient } from "@atomiton/events";
import {
  type JsonValue,
  MemoryClient,
  MonitoredStorageClient,
  type StorageClient,
  type StorageEvents,
  type StorageValue,
} from "@atomiton/storage";
import { FileSystemClient } from "@atomiton/storage/fs";
import { createBlueprintStore } from "./blueprint_store.ts";
import { createUIStore } from "./ui_store.ts";
import { persist, type Persistence } from "./persist.ts";
import { StoreError, type StoreErrorCode } from "./store_error.ts";
import { FaultyClient } from "./testdata/faulty_client.ts";
import { RedisStorageClient } from "@atomiton/storage/redis";
import { ignoreUnless } from "../scripts/testing/needs.ts";
import { assertPrototypeClean, PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";
import { startRedis } from "../scripts/testing/redis.ts";

const code = (expected: StoreErrorCode) => (error: unknown): boolean =>
  error instanceof StoreError && error.code === expected;

/** Counts the writes that reach a storage client; `written()` waits for the next one. */
function counted(inner: MemoryClient): {
  storage: MonitoredStorageClient;
  writes: () => number;
  written: () => Promise<unknown>;
} {
  const events = new EventClient<StorageEvents>();
  let writes = 0;
  events.on("storage:set", (event) => event.success && writes++);
  return {
    storage: new MonitoredStorageClient(inner, { events }),
    writes: () => writes,
    written: () => events.once("storage:set"),
  };
}

/** Persists a store's state once, as an app of that version would. */
async function save<S>(
  store: StoreApi<S>,
  storage: StorageClient,
  key: string,
  version = 0,
): Promise<void> {
  const p = persist(store, storage, { key, version });
  await p.hydrated;
  store.setState({});
  await p.close();
}

/** A `{ count }` store persisted under "k" with no timed writes; what goes to onError is kept. */
function persistCount(storage: StorageClient): {
  store: StoreApi<{ count: number }>;
  p: Persistence;
  reported: StoreError[];
} {
  const store = createStore(() => ({ count: 0 }));
  const reported: StoreError[] = [];
  const p = persist(store, storage, {
    key: "k",
    debounce: 60_000,
    onError: (e) => reported.push(e),
  });
  return { store, p, reported };
}

const graph = {
  nodes: [
    { id: "a", type: "http-request", position: { x: 0, y: 0 }, data: { url: "https://x.test" } },
    { id: "b", type: "file-write", position: { x: 200, y: 0 } },
  ],
  edges: [{ id: "a-b", source: "a", target: "b" }],
};

Deno.test("persist() round-trips a blueprint store: the Map, its Dates and the graph", async () => {
  await using storage = new MemoryClient();
  const first = createBlueprintStore({ now: () => 1_700_000_000_000 });
  const saving = persist(first, storage, { key: "blueprints" });
  await saving.hydrated;
  first.getState().add({ id: "bp-1", name: "Fetch", tags: ["http"], ...graph });
  first.getState().add({ id: "bp-2", name: "Other", metadata: { owner: "ada" } });
  first.getState().select("bp-2");
  first.getState().setSearch("fe");
  await saving.close();

  // What the original lost: a Map written as `{}`.
  const raw = await storage.get<{ v: number; s: { blueprints: unknown } }>("blueprints");
  assert.equal(raw!.v, 0);
  assert.notDeepEqual(raw!.s.blueprints, {});

  const second = createBlueprintStore();
  await using loading = persist(second, storage, { key: "blueprints" });
  await loading.hydrated;
  const { blueprints, selectedId, search } = second.getState();
  assert.ok(blueprints instanceof Map);
  assert.deepEqual(blueprints, first.getState().blueprints);
  assert.ok(blueprints.get("bp-1")!.created instanceof Date);
  assert.deepEqual(blueprints.get("bp-1")!.created, new Date(1_700_000_000_000));
  assert.deepEqual([selectedId, search], ["bp-2", "fe"]);
  assert.equal(typeof second.getState().add, "function", "actions are kept, not stored");
});

interface Everything {
  map: Map<unknown, unknown>;
  set: Set<unknown>;
  date: Date;
  bytes: Uint8Array;
  nothing: undefined;
  numbers: number[];
  big: bigint;
  tagged: Record<string, unknown>;
  nested: { deep: Map<string, Set<Date>> }[];
  bare: Record<string, unknown>;
  touch(): void;
}

function everything(): StoreApi<Everything> {
  return createStore<Everything>()((set) => ({
    map: new Map<unknown, unknown>([[1, "one"], ["k", { v: [1, 2] }], [{ id: 1 }, null]]),
    set: new Set([1, "a", new Date(5)]),
    date: new Date(Date.UTC(2024, 1, 29, 12)),
    bytes: new Uint8Array([0, 1, 127, 128, 255]),
    nothing: undefined,
    numbers: [NaN, Infinity, -Infinity, -0.5, 0],
    big: 12345678901234567890n,
    tagged: { $t: "M", v: "not a Map" },
    nested: [{ deep: new Map([["d", new Set([new Date(0)])]]) }],
    bare: Object.assign(Object.create(null), { a: 1 }),
    touch: () => set({}),
  }));
}

function defaults(): StoreApi<Everything> {
  return createStore<Everything>()(() => ({
    map: new Map(),
    set: new Set(),
    date: new Date(0),
    bytes: new Uint8Array(),
    nothing: "default" as unknown as undefined,
    numbers: [],
    big: 0n,
    tagged: {},
    nested: [],
    bare: {},
    touch: () => {},
  }));
}

for (
  const [name, open] of [
    ["MemoryClient", () => Promise.resolve(new MemoryClient())],
    ["FileSystemClient", async () => {
      const directory = await Deno.makeTempDir();
      const client = new FileSystemClient({ directory });
      // Closing also removes the test's folder.
      return Object.assign(client, {
        async [Symbol.asyncDispose](): Promise<void> {
          await client.close();
          await Deno.remove(directory, { recursive: true });
        },
      });
    }],
  ] as const
) {
  Deno.test(`persist() round-trips Maps, Sets, Dates, bytes, undefined and odd numbers on ${name}`, async () => {
    await using storage = await open();
    const source = everything();
    await save(source, storage, "all");
    const target = defaults();
    await using loading = persist(target, storage, { key: "all" });
    await loading.hydrated;
    const { touch: _a, ...want } = source.getState();
    const { touch: _b, ...got } = target.getState();
    assert.deepEqual({ ...got, bare: { ...got.bare } }, { ...want, bare: { ...want.bare } });
    assert.ok("nothing" in got && got.nothing === undefined);
    assert.ok(got.bytes instanceof Uint8Array);
    assert.equal(typeof got.big, "bigint");
  });
}

Deno.test("persist() refuses bad options at once", () => {
  const store = createBlueprintStore();
  const storage = new MemoryClient();
  for (
    const options of [
      { key: "" },
      { key: "k", version: -1 },
      { key: "k", version: 1.5 },
      { key: "k", debounce: -1 },
      { key: "k", debounce: NaN },
    ]
  ) assert.throws(() => persist(store, storage, options), code("INVALID_OPTION"));
});

Deno.test("persist() migrates stored state across two versions", async () => {
  await using storage = new MemoryClient();
  // Version 0 kept a list of names; version 1 a Map of { title }; version 2 a Map of { name, tags }.
  type V2 = { items: Map<string, { name: string; tags: string[] }> };
  const v2 = (): StoreApi<V2> => createStore<V2>()(() => ({ items: new Map() }));
  const migrate = (state: unknown, version: number): V2 => {
    let s = state as Record<string, unknown>;
    if (version === 0) {
      const names = s.names as string[];
      s = { items: new Map(names.map((title, i) => [`i${i}`, { title }])) };
    }
    const items = s.items as Map<string, { title: string }>;
    return {
      items: new Map([...items].map(([id, { title }]) => [id, { name: title, tags: [] }])),
    };
  };

  await save(createStore(() => ({ names: ["a", "b"] })), storage, "v0", 0);
  await save(createStore(() => ({ items: new Map([["x", { title: "X" }]]) })), storage, "v1", 1);

  const seen: number[] = [];
  for (const [key, want] of [["v0", [["i0", "a"], ["i1", "b"]]], ["v1", [["x", "X"]]]] as const) {
    const store = v2();
    await using p = persist(store, storage, {
      key,
      version: 2,
      migrate: (state, version) => (seen.push(version), migrate(state, version)),
    });
    await p.hydrated;
    assert.deepEqual(
      [...store.getState().items].map(([id, item]) => [id, item.name]),
      want,
    );
    assert.deepEqual(store.getState().items.get(want[0]![0])!.tags, []);
  }
  assert.deepEqual(seen, [0, 1]);
});

Deno.test("persist() writes migrated state back with the new version on the next change", async () => {
  await using storage = new MemoryClient();
  await storage.set("k", { v: 1, s: { count: 1 } });
  const store = createStore(() => ({ count: 0 }));
  const p = persist(store, storage, {
    key: "k",
    version: 2,
    migrate: (s) => ({ count: (s as { count: number }).count * 10 }),
  });
  await p.hydrated;
  assert.equal(store.getState().count, 10);
  store.setState({ count: 11 });
  await p.close();
  assert.deepEqual(await storage.get("k"), { v: 2, s: { count: 11 } });
});

const CORRUPT: [string, unknown][] = [
  ["a string", "garbage"],
  ["bytes", new Uint8Array([1, 2])],
  ["null", null],
  ["no version", { s: {} }],
  ["a fractional version", { v: 0.5, s: {} }],
  ["no state", { v: 0 }],
  ["state that is not an object", { v: 0, s: [1, 2] }],
  ["an unknown tag", { v: 0, s: { blueprints: { $t: "Zzz" } } }],
  ["a Map that is not a list", { v: 0, s: { blueprints: { $t: "M", v: 5 } } }],
];

for (const [what, stored] of CORRUPT) {
  Deno.test(`persist() reports stored ${what} as HYDRATION_FAILED and keeps the defaults`, async () => {
    await using storage = new MemoryClient();
    await storage.set("bp", stored as never);
    const store = createBlueprintStore();
    const defaults = store.getState();
    const reported: StoreError[] = [];
    const p = persist(store, storage, { key: "bp", onError: (e) => reported.push(e) });
    const error = await p.hydrated.catch((e) => e);
    assert.ok(code("HYDRATION_FAILED")(error), String(error));
    assert.match(error.message, /^cannot restore bp: /);
    assert.deepEqual(reported, [error]);
    assert.equal(store.getState(), defaults);
    // The unreadable value is kept aside before the first change overwrites it.
    assert.deepEqual(await storage.get("bp:backup"), stored);
    store.getState().add({ id: "new", name: "New" });
    await p.close();
    assert.equal((await storage.get<{ v: number }>("bp"))!.v, 0);
  });
}

const MISFIT: [string, unknown][] = [
  ["an action and a Map as an array", { add: "x", blueprints: [1, 2, 3] }],
  ["an action", { add: "x" }],
  ["a Map field as an array", { blueprints: [1, 2, 3] }],
  ["a Map field as a plain object", { blueprints: {} }],
  ["a Map field as null", { blueprints: null }],
  ["a string field as a number", { search: 5 }],
  ["a field the store does not have", { extra: 1 }],
  ...PROTOTYPE_KEYS.map((k): [string, unknown] => [
    `the field name ${k}`,
    JSON.parse(`{${JSON.stringify(k)}:{"polluted":true,"count":1}}`),
  ]),
];

for (const [what, s] of MISFIT) {
  Deno.test(`persist() refuses stored state with ${what} as HYDRATION_FAILED, actions and Maps intact`, async () => {
    await using storage = new MemoryClient();
    await storage.set("bp", { v: 0, s: s as JsonValue });
    const store = createBlueprintStore();
    const defaults = store.getState();
    const p = persist(store, storage, { key: "bp", onError: () => {} });
    await assert.rejects(p.hydrated, code("HYDRATION_FAILED"));
    assert.equal(store.getState(), defaults);
    assert.equal(typeof store.getState().add, "function");
    assert.ok(store.getState().blueprints instanceof Map);
    assert.equal(Object.getPrototypeOf(store.getState()), Object.prototype);
    assertPrototypeClean();
    assert.deepEqual(await storage.get("bp:backup"), { v: 0, s });
    await p.close();
  });
}

Deno.test("persist() names the field that does not fit, nested ones too", async () => {
  await using storage = new MemoryClient();
  await storage.set("ui", { v: 0, s: { preferences: { theme: "dark", font: { size: "big" } } } });
  using ui = createUIStore();
  const p = persist(ui, storage, { key: "ui", onError: () => {} });
  await assert.rejects(p.hydrated, {
    message:
      "cannot restore ui: StoreError: state.preferences.font.size must be Number, got String",
  });
  assert.equal(ui.getState().preferences.theme, "system");
  await p.close();
});

Deno.test("persist() refuses a migration that returns an action or an unknown field", async () => {
  await using storage = new MemoryClient();
  await storage.set("k", { v: 0, s: { count: 1 } });
  for (const migrated of [{ bump: () => {} }, { count: () => 1 }, { total: 1 }]) {
    const store = createStore(() => ({ count: 0, bump: () => {} }));
    const p = persist(store, storage, {
      key: "k",
      version: 1,
      migrate: () => migrated as never,
      onError: () => {},
    });
    await assert.rejects(p.hydrated, code("HYDRATION_FAILED"));
    assert.equal(store.getState().count, 0);
    assert.equal(typeof store.getState().bump, "function");
  }
});

Deno.test("persist() keeps stored keys named like Object.prototype's as plain data inside a field", async () => {
  await using storage = new MemoryClient();
  const panels = Object.fromEntries(PROTOTYPE_KEYS.map((k) => [k, { open: true, size: 3 }]));
  await storage.set("ui", { v: 0, s: { panels } });
  using ui = createUIStore();
  await using p = persist(ui, storage, { key: "ui" });
  await p.hydrated;
  const restored = ui.getState().panels;
  for (const k of PROTOTYPE_KEYS) {
    assert.ok(Object.hasOwn(restored, k), k);
    assert.deepEqual(restored[k], { open: true, size: 3 });
  }
  assertPrototypeClean();
});

Deno.test("persist() accepts any stored value for a field that is empty, and empty for an optional string", async () => {
  await using storage = new MemoryClient();
  await storage.set("k", { v: 0, s: { user: { name: "ada" }, title: null } });
  const store = createStore(() => ({
    user: undefined as { name: string } | undefined,
    title: "untitled" as string | null,
  }));
  await using p = persist(store, storage, { key: "k" });
  await p.hydrated;
  assert.deepEqual(store.getState(), { user: { name: "ada" }, title: null });
});

Deno.test("persist() reports a newer stored version as UNKNOWN_VERSION and never crashes", async () => {
  await using storage = new MemoryClient();
  await storage.set("k", { v: 3, s: { count: 7 } });
  const store = createStore(() => ({ count: 0 }));
  const reported: StoreError[] = [];
  const p = persist(store, storage, { key: "k", version: 2, onError: (e) => reported.push(e) });
  await assert.rejects(p.hydrated, {
    name: "StoreError",
    code: "UNKNOWN_VERSION",
    message: "stored version is 3, this one is 2",
  });
  assert.equal(reported.length, 1);
  assert.equal(store.getState().count, 0);
  assert.deepEqual(await storage.get("k:backup"), { v: 3, s: { count: 7 } });
  await p.close();
});

Deno.test("persist() needs migrate for an older stored version", async () => {
  await using storage = new MemoryClient();
  await storage.set("k", { v: 1, s: { count: 7 } });
  const store = createStore(() => ({ count: 0 }));
  await using p = persist(store, storage, { key: "k", version: 2, onError: () => {} });
  await assert.rejects(p.hydrated, code("UNKNOWN_VERSION"));
  assert.equal(store.getState().count, 0);
});

Deno.test("persist() reports a migration that throws as HYDRATION_FAILED with its cause", async () => {
  await using storage = new MemoryClient();
  await storage.set("k", { v: 0, s: { count: 7 } });
  const store = createStore(() => ({ count: 0 }));
  const boom = new Error("boom");
  await using p = persist(store, storage, {
    key: "k",
    version: 1,
    migrate: () => Promise.reject(boom),
    onError: () => {},
  });
  const error = await p.hydrated.catch((e) => e);
  assert.ok(code("HYDRATION_FAILED")(error));
  assert.equal(error.cause, boom);
  assert.equal(store.getState().count, 0);
});

/** A FileSystemClient in a fresh folder whose only file (the one record written) is then garbled. */
async function corruptFile(key: string, record: StorageValue): Promise<FileSystemClient> {
  const directory = await Deno.makeTempDir();
  const storage = new FileSystemClient({ directory });
  await storage.set(key, record);
  for await (const entry of Deno.readDir(directory)) {
    await Deno.writeTextFile(`${directory}/${entry.name}`, "not a record this package wrote");
  }
  await assert.rejects(storage.get(key), { name: "StorageError", code: "CORRUPT" });
  return Object.assign(storage, {
    async [Symbol.asyncDispose](): Promise<void> {
      await storage.close();
      await Deno.remove(directory, { recursive: true });
    },
  });
}

Deno.test("persist() refuses to write over a corrupt file it cannot back up: flush() and close() reject, the file stays", async () => {
  await using storage = await corruptFile("k", { v: 0, s: { count: 7 } });
  const [before] = await Array.fromAsync(Deno.readDir(storage.directory));
  const store = createStore(() => ({ count: 0 }));
  const reported: StoreError[] = [];
  const p = persist(store, storage, { key: "k", debounce: 0, onError: (e) => reported.push(e) });
  await assert.rejects(p.hydrated, { code: "HYDRATION_FAILED", message: "cannot read k" });
  store.setState({ count: 1 });
  const refused = await p.flush().catch((e) => e);
  assert.ok(code("PERSIST_FAILED")(refused), String(refused));
  assert.match(
    refused.message,
    /^cannot write k: it cannot be read to back it up first: StorageError: /,
  );
  assert.equal(refused.cause.code, "CORRUPT");
  await assert.rejects(p.close(), code("PERSIST_FAILED"));
  assert.equal(
    await Deno.readTextFile(`${storage.directory}/${before!.name}`),
    "not a record this package wrote",
  );
  assert.equal(await storage.has("k:backup"), false);
  assert.deepEqual(reported.map((e) => e.code), [
    "HYDRATION_FAILED",
    "PERSIST_FAILED",
    "PERSIST_FAILED",
  ]);
});

/** A store persisted over a corrupt file, with one change that flush() refused to write over it. */
async function refusedOverCorrupt(): Promise<
  { storage: FileSystemClient; store: StoreApi<{ count: number }>; p: Persistence }
> {
  const storage = await corruptFile("k", { v: 0, s: { count: 7 } });
  const store = createStore(() => ({ count: 0 }));
  const p = persist(store, storage, { key: "k", debounce: 60_000, onError: () => {} });
  await p.hydrated.catch(() => {});
  store.setState({ count: 1 });
  await assert.rejects(p.flush(), code("PERSIST_FAILED"));
  return { storage, store, p };
}

Deno.test("persist() saves again once the corrupt record is removed, the change kept meanwhile", async () => {
  const { storage, p } = await refusedOverCorrupt();
  await using _ = storage;
  await storage.delete("k");
  await p.close();
  assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 1 } });
  assert.equal(await storage.has("k:backup"), false, "nothing was there to back up");
});

Deno.test("persist() backs up a record that was unreadable at start-up before its first write over it", async () => {
  const { storage, store, p } = await refusedOverCorrupt();
  await using _ = storage;
  // Another process puts a good record back: it is kept aside, not overwritten unseen.
  await storage.set("k", { v: 0, s: { count: 9 } });
  await p.flush();
  assert.deepEqual(await storage.get("k:backup"), { v: 0, s: { count: 9 } });
  assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 1 } });
  store.setState({ count: 2 });
  await storage.set("k:backup", "kept");
  await p.close();
  assert.equal(await storage.get("k:backup"), "kept", "backed up once, before the first write");
  assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 2 } });
});

Deno.test({
  name:
    "persist() on a Redis that starts after the store: writes wait, fail loudly, then back up and save",
  ...ignoreUnless("redis-server"),
  async fn(): Promise<void> {
    await using server = await startRedis({ durable: true });
    const url = server.url;
    const before = new RedisStorageClient({ url });
    await before.set("k", { v: 0, s: { count: 7 } });
    await before.close();
    await server.kill();

    await using storage = new RedisStorageClient({
      url,
      retry: { maxAttempts: 1 },
      circuitBreaker: { consecutiveFailures: 1_000 },
    });
    const { store, p, reported } = persistCount(storage);
    const failed = await p.hydrated.catch((e) => e);
    assert.equal(failed.code, "HYDRATION_FAILED");
    assert.equal(failed.cause.code, "UNAVAILABLE");
    store.setState({ count: 1 });
    const refused = await p.flush().catch((e) => e);
    assert.ok(code("PERSIST_FAILED")(refused), String(refused));
    assert.equal(refused.cause.code, "UNAVAILABLE");

    await server.start();
    await p.close();
    assert.deepEqual(await storage.get("k:backup"), { v: 0, s: { count: 7 } });
    assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 1 } });
    assert.deepEqual(reported.map((e) => e.code), ["HYDRATION_FAILED", "PERSIST_FAILED"]);
  },
});

Deno.test("persist() flush() called while a write is under way rejects when that write fails", async () => {
  await using storage = new FaultyClient();
  const store = createStore(() => ({ count: 0 }));
  const p = persist(store, storage, { key: "k", debounce: 60_000, onError: () => {} });
  await p.hydrated;
  store.setState({ count: 1 });
  storage.failWrites = 1;
  const first = p.flush();
  const second = p.flush(); // nothing new to write: it waits for the first
  await assert.rejects(first, code("PERSIST_FAILED"));
  await assert.rejects(second, code("PERSIST_FAILED"));
  await p.close();
  assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 1 } });
});

Deno.test("persist() flush() before hydration ends waits for it and then writes", async () => {
  await using storage = new MemoryClient();
  const store = createStore(() => ({ count: 0 }));
  const p = persist(store, storage, { key: "k", debounce: 60_000 });
  store.setState({ count: 1 });
  await p.flush();
  assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 1 } });
  await p.close();
});

Deno.test("persist() gathers a burst of changes into one write", async () => {
  const { storage, writes } = counted(new MemoryClient());
  const store = createStore(() => ({ count: 0 }));
  const p = persist(store, storage, { key: "k", debounce: 10 });
  await p.hydrated;
  for (let i = 1; i <= 50; i++) store.setState({ count: i });
  await p.flush();
  assert.equal(writes(), 1);
  assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 50 } });
  await p.close();
  assert.equal(writes(), 1, "close() has nothing left to write");
  await storage.close();
});

Deno.test("persist() writes on its own after the debounce", async () => {
  const { storage, writes, written } = counted(new MemoryClient());
  const store = createStore(() => ({ count: 0 }));
  const p = persist(store, storage, { key: "k", debounce: 1 });
  await p.hydrated;
  const write = written();
  store.setState({ count: 1 });
  await write;
  assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 1 } });
  await p.close();
  assert.equal(writes(), 1);
  await storage.close();
});

Deno.test("persist() close() writes the change still waiting, so none is lost at shutdown", async () => {
  await using storage = new MemoryClient();
  const store = createStore(() => ({ count: 0 }));
  const p = persist(store, storage, { key: "k", debounce: 60_000 });
  await p.hydrated;
  store.setState({ count: 42 });
  await p.close();
  assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 42 } });
  store.setState({ count: 43 });
  await p.close();
  assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 42 } }, "closed: no more writes");
});

Deno.test("persist() close() waits for hydration before its last write", async () => {
  await using storage = new MemoryClient();
  await storage.set("k", { v: 0, s: { count: 5, other: "kept" } });
  const store = createStore(() => ({ count: 0, other: "" }));
  const p = persist(store, storage, { key: "k", debounce: 60_000 });
  store.setState({ count: 1 }); // before the stored state arrived
  await p.close();
  assert.deepEqual(store.getState(), { count: 5, other: "kept" });
  assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 5, other: "kept" } });
});

Deno.test("persist() reports a failed write, keeps the change, and writes it on the next flush", async () => {
  await using storage = new FaultyClient();
  const { store, p, reported } = persistCount(storage);
  await p.hydrated;
  store.setState({ count: 1 });
  storage.failWrites = 1;
  const error = await p.flush().catch((e) => e);
  assert.ok(code("PERSIST_FAILED")(error));
  assert.equal((error.cause as Error).message, "disk full");
  assert.deepEqual(reported, [error]);
  assert.equal(await storage.get("k"), undefined);
  await p.close();
  assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 1 } });
});

Deno.test("persist() reports a value it cannot write as INVALID_VALUE with its path", async () => {
  await using storage = new MemoryClient();
  class Point {
    constructor(readonly x: number) {}
  }
  const store = createStore(() => ({ points: [{ at: new Point(1) }] as unknown[] }));
  const reported: StoreError[] = [];
  const p = persist(store, storage, {
    key: "k",
    debounce: 60_000,
    onError: (e) => reported.push(e),
  });
  await p.hydrated;
  store.setState({ points: [{ at: new Point(2) }] });
  const error = await p.flush().catch((e) => e);
  assert.ok(code("INVALID_VALUE")(error));
  assert.equal(
    error.message,
    "cannot persist Point at $.points.0.at: use JSON, Map, Set, Date or Uint8Array",
  );
  assert.deepEqual(reported, [error]);
  store.setState({ points: [] });
  await p.close();
  assert.deepEqual(await storage.get("k"), { v: 0, s: { points: [] } });
});

Deno.test("persist() stores only what partialize picks, and merges nested objects on the way in", async () => {
  await using storage = new MemoryClient();
  // Stored by an older release whose preferences had no `animations` field.
  await storage.set("ui", { v: 0, s: { preferences: { theme: "dark" } } });
  using ui = createUIStore();
  await using p = persist(ui, storage, {
    key: "ui",
    debounce: 60_000,
    partialize: (s) => ({ preferences: s.preferences }),
  });
  await p.hydrated;
  assert.equal(ui.getState().preferences.theme, "dark");
  assert.equal(ui.getState().preferences.animations, true);
  ui.getState().notify({ message: "not stored", timeout: 0 });
  ui.getState().setPreferences({ snap: false });
  await p.flush();
  const raw = await storage.get<{ s: Record<string, unknown> }>("ui");
  assert.deepEqual(Object.keys(raw!.s), ["preferences"]);
});

Deno.test("persist() writes the changes made before its lazy part loaded, the last one last", async () => {
  await using storage = new MemoryClient();
  await storage.set("k", { v: 0, s: { count: 7, label: "stored" } });
  const store = createStore(() => ({ count: 0, label: "default" }));
  const p = persist(store, storage, { key: "k", debounce: 0 });
  // Synchronously after persist(): its body (an import() away) cannot be loaded yet.
  store.setState({ count: 1 });
  store.setState({ count: 2 });
  await p.hydrated;
  // Hydration put the stored fields in place over the early changes, as it always has; the
  // early changes still mark the state unsaved, so it is written, not dropped.
  assert.deepEqual(store.getState(), { count: 7, label: "stored" });
  store.setState({ label: "after" });
  await p.close();
  assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 7, label: "after" } });

  const fresh = createStore(() => ({ count: 0 }));
  await using empty = new MemoryClient();
  const q = persist(fresh, empty, { key: "k", debounce: 60_000 });
  fresh.setState({ count: 1 });
  fresh.setState({ count: 2 });
  await q.close(); // never flushed by hand: the early changes alone made it dirty
  assert.deepEqual(await empty.get("k"), { v: 0, s: { count: 2 } });
});
