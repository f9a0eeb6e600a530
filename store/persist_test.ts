import assert from "node:assert/strict";
import { createStore, type StoreApi } from "zustand/vanilla";
import { EventClient } from "@atomiton/events";
import {
  MemoryClient,
  MonitoredStorageClient,
  type StorageClient,
  type StorageEvents,
} from "@atomiton/storage";
import { FileSystemClient } from "@atomiton/storage/fs";
import { createBlueprintStore } from "./blueprint_store.ts";
import { createUIStore } from "./ui_store.ts";
import { persist } from "./persist.ts";
import { StoreError, type StoreErrorCode } from "./store_error.ts";
import { FaultyClient } from "./testdata/faulty_client.ts";

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

Deno.test("persist() leaves storage it cannot read untouched, even after changes and close", async () => {
  await using storage = new FaultyClient();
  await storage.set("k", { v: 0, s: { count: 7 } });
  storage.failReads = true;
  const store = createStore(() => ({ count: 0 }));
  const reported: StoreError[] = [];
  const p = persist(store, storage, { key: "k", debounce: 0, onError: (e) => reported.push(e) });
  await assert.rejects(p.hydrated, { code: "HYDRATION_FAILED", message: "cannot read k" });
  store.setState({ count: 1 });
  await p.flush();
  await p.close();
  storage.failReads = false;
  assert.deepEqual(await storage.get("k"), { v: 0, s: { count: 7 } });
  assert.equal(await storage.has("k:backup"), false);
  assert.equal(reported.length, 1);
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
  const store = createStore(() => ({ count: 0 }));
  const reported: StoreError[] = [];
  const p = persist(store, storage, {
    key: "k",
    debounce: 60_000,
    onError: (e) => reported.push(e),
  });
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
