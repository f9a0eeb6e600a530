import assert from "node:assert/strict";
import { EventClient } from "@atomiton/events";
import { BroadcastChannelTransport } from "@atomiton/events/broadcast-channel";
import { createStore } from "zustand/vanilla";
import { createBlueprintStore } from "./blueprint_store.ts";
import { createSessionStore } from "./session_store.ts";
import { syncStore } from "./sync_store.ts";
import { StoreError } from "./store_error.ts";
import { exchange } from "./testdata/sync_page.ts";
import { until } from "./testdata/until.ts";
import { ignoreUnless } from "../scripts/testing/needs.ts";
import { runInChromium } from "../scripts/testing/chromium.ts";

const EXPECTED = {
  ids: ["p-end", "p1", "w0", "w1"],
  // Changed at once on both sides: the same winner on both.
  search: "worker",
  dates: true,
};

Deno.test("syncStore() keeps a store in step with a Deno worker's, both ways", async () => {
  const url = new URL("./testdata/sync_worker.ts?channel=sync-deno-worker", import.meta.url);
  const { page, worker } = await exchange(url, "sync-deno-worker");
  assert.deepEqual(page, EXPECTED);
  assert.deepEqual(worker, EXPECTED);
});

Deno.test({
  name: "syncStore() keeps a store in step between a Chromium page and its module worker",
  ...ignoreUnless("chromium"),
  async fn(): Promise<void> {
    const result = await runInChromium({
      entries: { page: "store/testdata/sync_page.ts", worker: "store/testdata/sync_worker.ts" },
    });
    assert.deepEqual(result, { page: EXPECTED, worker: EXPECTED });
  },
});

Deno.test("syncStore() carries changes both ways, Maps and Dates intact", async () => {
  const a = createBlueprintStore({ now: () => 5 });
  const b = createBlueprintStore();
  using _a = syncStore(a, { channel: "sync-both-ways" });
  using _b = syncStore(b, { channel: "sync-both-ways" });
  a.getState().add({ id: "x", name: "X", tags: ["t"] });
  const seen = await until(b, (s) => s.blueprints.has("x"));
  assert.deepEqual(seen.blueprints.get("x"), a.getState().blueprints.get("x"));
  assert.ok(seen.blueprints.get("x")!.created instanceof Date);
  b.getState().update("x", { name: "X2" });
  await until(a, (s) => s.blueprints.get("x")!.name === "X2");
  b.getState().remove("x");
  await until(a, (s) => s.blueprints.size === 0);
});

Deno.test("syncStore() resolves one field changed at once by clock, then by source", async () => {
  const a = createSessionStore();
  const b = createSessionStore();
  using _a = syncStore(a, { channel: "sync-conflict", source: "a" });
  using _b = syncStore(b, { channel: "sync-conflict", source: "b" });
  // Each side marks the end of a round with a field of its own; messages from one side keep
  // their order, so once the other side has the mark it has seen the round.
  const round = async (): Promise<void> => {
    a.getState().setUser({ id: `a${Math.random()}`, name: "a" });
    b.getState().select([`b${Math.random()}`]);
    await until(b, (s) => s.user?.id === a.getState().user?.id);
    await until(a, (s) => s.selection[0] === b.getState().selection[0]);
  };
  // Same clock: the greater source, b, wins on both sides.
  a.getState().setZoom(2);
  b.getState().setZoom(3);
  await round();
  assert.deepEqual([a.getState().zoom, b.getState().zoom], [3, 3]);
  // A later clock wins over the greater source: a changes twice while b changes once.
  a.getState().setPan({ x: 1, y: 1 });
  a.getState().setPan({ x: 2, y: 2 });
  b.getState().setPan({ x: 9, y: 9 });
  await round();
  assert.deepEqual([a.getState().pan, b.getState().pan], [{ x: 2, y: 2 }, { x: 2, y: 2 }]);
});

Deno.test("syncStore() merges a Map field per entry: entries added at once both stay", async () => {
  const a = createBlueprintStore({ now: () => 0 });
  const b = createBlueprintStore({ now: () => 0 });
  using _a = syncStore(a, { channel: "sync-map-merge", source: "a" });
  using _b = syncStore(b, { channel: "sync-map-merge", source: "b" });
  a.getState().add({ id: "from-a", name: "A" });
  b.getState().add({ id: "from-b", name: "B" });
  await until(a, (s) => s.blueprints.has("from-b"));
  await until(b, (s) => s.blueprints.has("from-a"));
  // The same entry changed at once: one winner everywhere.
  a.getState().update("from-a", { name: "by a" });
  b.getState().update("from-a", { name: "by b" });
  a.getState().setSearch("end");
  await until(b, (s) => s.search === "end");
  await until(a, (s) => s.blueprints.get("from-a")!.name === "by b");
  assert.deepEqual([...a.getState().blueprints.keys()].sort(), ["from-a", "from-b"]);
  assert.deepEqual(a.getState().blueprints, b.getState().blueprints);
});

Deno.test("syncStore() sends a change once and never sends back what it received", async () => {
  const a = createSessionStore();
  const b = createSessionStore();
  const spy = new BroadcastChannel("sync-echo");
  let heard: string[] = [];
  spy.onmessage = (e) => heard.push(`${e.data.s}:${e.data.e.map((x: [string[]]) => x[0][0])}`);
  using _a = syncStore(a, { channel: "sync-echo", source: "a" });
  using _b = syncStore(b, { channel: "sync-echo", source: "b" });
  // A first exchange, after which each side has answered the other's request to join.
  a.getState().setZoom(2);
  await until(b, (s) => s.zoom === 2);
  b.getState().setMode("view");
  await until(a, (s) => s.mode === "view");
  while (!heard.includes("b:mode")) await new Promise((resolve) => setTimeout(resolve, 1));
  heard = [];
  a.getState().setZoom(3);
  await until(b, (s) => s.zoom === 3);
  // b's own change is sent after anything b would have echoed (one sender, in order).
  b.getState().setMode("debug");
  await until(a, (s) => s.mode === "debug");
  while (!heard.includes("b:mode")) await new Promise((resolve) => setTimeout(resolve, 1));
  spy.close();
  assert.deepEqual(heard.sort(), ["a:zoom", "b:mode"]);
});

Deno.test("syncStore() gives a store that joins late what the others changed", async () => {
  const a = createBlueprintStore({ now: () => 0 });
  using _a = syncStore(a, { channel: "sync-late" });
  a.getState().add({ id: "early", name: "E" });
  a.getState().remove("early");
  a.getState().add({ id: "kept", name: "K" });
  a.getState().setSearch("k");
  const b = createBlueprintStore();
  b.getState().add({ id: "early", name: "stale copy" });
  using _b = syncStore(b, { channel: "sync-late" });
  const state = await until(b, (s) => s.search === "k");
  assert.deepEqual([...state.blueprints.keys()], ["kept"], "the deletion arrived too");
});

Deno.test("syncStore() syncs only the chosen keys and never the actions", async () => {
  const a = createSessionStore();
  const b = createSessionStore();
  using _a = syncStore(a, { channel: "sync-keys", keys: ["mode"] });
  using _b = syncStore(b, { channel: "sync-keys", keys: ["mode"] });
  a.getState().setZoom(3);
  a.getState().setMode("view");
  await until(b, (s) => s.mode === "view");
  assert.equal(b.getState().zoom, 1);
});

Deno.test("syncStore() works through an EventClient and its transport, and through a port", async () => {
  const hereEvents = new EventClient({ source: "here" });
  const thereEvents = new EventClient({ source: "there" });
  using _t1 = new BroadcastChannelTransport(hereEvents, { channel: "sync-events" });
  using _t2 = new BroadcastChannelTransport(thereEvents, { channel: "sync-events" });
  const here = createSessionStore();
  const there = createSessionStore();
  using _a = syncStore(here, { channel: hereEvents, type: "session:sync" });
  using _b = syncStore(there, { channel: thereEvents, type: "session:sync" });
  here.getState().setZoom(2);
  await until(there, (s) => s.zoom === 2);
  there.getState().setZoom(0.5);
  await until(here, (s) => s.zoom === 0.5);

  const { port1, port2 } = new MessageChannel();
  const left = createSessionStore();
  const right = createSessionStore();
  using _l = syncStore(left, { channel: port1 });
  using _r = syncStore(right, { channel: port2 });
  left.getState().toggleBreakpoint("n1");
  const state = await until(right, (s) => s.breakpoints.size === 1);
  assert.deepEqual(state.breakpoints, new Set(["n1"]));
  port1.close();
  port2.close();
});

// A copy of the module that has not loaded the sync's body yet, whatever ran before.
let copies = 0;
const beforeLoad = async (): Promise<typeof syncStore> => {
  const url = new URL(`./sync_store.ts?copy=${++copies}`, import.meta.url).href;
  return ((await import(url)) as typeof import("./sync_store.ts")).syncStore;
};

Deno.test("syncStore() keeps, in order, what happens before its body has loaded", async () => {
  // One event client in one process: emit is synchronous, so without the wait the changes
  // would reach the other store at once.
  const syncStore = await beforeLoad();
  const events = new EventClient();
  const a = createBlueprintStore({ now: () => 0 });
  const b = createBlueprintStore();
  using _a = syncStore(a, { channel: events, source: "a" });
  using _b = syncStore(b, { channel: events, source: "b" });
  a.getState().add({ id: "x", name: "X" });
  a.getState().add({ id: "y", name: "Y" });
  a.getState().update("x", { name: "X2" });
  a.getState().remove("y");
  a.getState().setSearch("x");
  assert.equal(b.getState().blueprints.size, 0, "not applied yet: the body is loading");
  const state = await until(b, (s) => s.search === "x");
  assert.deepEqual([...state.blueprints.keys()], ["x"]);
  assert.equal(state.blueprints.get("x")!.name, "X2");
});

Deno.test("syncStore() sends each change that waited for the body as it was made", async () => {
  const syncStore = await beforeLoad();
  const events = new EventClient();
  const [a, b] = [createSessionStore(), createSessionStore()];
  using _a = syncStore(a, { channel: events, source: "a" });
  using _b = syncStore(b, { channel: events, source: "b" });
  const seen: number[] = [];
  b.subscribe((s) => seen.push(s.zoom));
  a.getState().setZoom(2);
  a.getState().setZoom(3);
  await until(b, (s) => s.zoom === 3);
  assert.deepEqual(seen, [2, 3]); // not [3, 3]: the first change carries its own value
});

Deno.test("syncStore() never sends on a change it received while its body was loading", async () => {
  const syncStore = await beforeLoad();
  const events = new EventClient<{ "store:sync": { s: string; e: unknown[] } }>();
  const sent: string[] = [];
  events.on("store:sync", ({ s, e }) => void (e.length && sent.push(s)));
  const [a, b] = [createSessionStore(), createSessionStore()];
  using _a = syncStore(a, { channel: events, source: "a" });
  using _b = syncStore(b, { channel: events, source: "b" });
  a.getState().setZoom(2);
  await until(b, (s) => s.zoom === 2);
  // a sends its change (and again, answering b's request for what it missed); b never echoes it.
  assert.ok(sent.includes("a"));
  assert.deepEqual(sent.filter((source) => source === "b"), []);
});

Deno.test("syncStore() starts at once once its body has loaded", async () => {
  const syncPair = (sync: typeof syncStore, source: string) => {
    const events = new EventClient();
    const [a, b] = [createSessionStore(), createSessionStore()];
    const syncs = [sync(a, { channel: events, source }), sync(b, { channel: events })];
    return { a, b, [Symbol.dispose]: () => syncs.forEach((s) => s.close()) };
  };
  // This module's body loads with its first sync: wait until a change has gone across.
  {
    using first = syncPair(syncStore, "first");
    first.a.getState().setZoom(2);
    await until(first.b, (s) => s.zoom === 2);
  }
  using loaded = syncPair(syncStore, "loaded");
  loaded.a.getState().setZoom(3);
  assert.equal(loaded.b.getState().zoom, 3, "applied in the same call: nothing waits for a load");
  // A fresh copy of the module proves the opposite: its first syncs wait for the body.
  using fresh = syncPair(await beforeLoad(), "fresh");
  fresh.a.getState().setZoom(4);
  assert.equal(fresh.b.getState().zoom, 1, "not applied yet: the body is loading");
  await until(fresh.b, (s) => s.zoom === 4);
});

Deno.test("syncStore() closed before its body loaded applies none of what was waiting", async () => {
  const syncStore = await beforeLoad();
  const events = new EventClient();
  const a = createSessionStore();
  const b = createSessionStore();
  using _a = syncStore(a, { channel: events, source: "a" });
  const sync = syncStore(b, { channel: events, source: "b" });
  a.getState().setZoom(2); // waits, with b's messages, for the body
  sync.close();
  // A third sync on the same client, opened after: once it has the change, so would b have.
  const c = createSessionStore();
  using _c = syncStore(c, { channel: events, source: "c" });
  await until(c, (s) => s.zoom === 2);
  assert.equal(b.getState().zoom, 1);
});

Deno.test("syncStore() reports a value that cannot be cloned and keeps the local change", async () => {
  const { promise, resolve } = Promise.withResolvers<unknown>();
  const store = createStore(() => ({ data: {} as unknown }));
  using _s = syncStore(store, { channel: "sync-clone", onError: resolve });
  store.setState({ data: { callback: () => {} } });
  // DataCloneError in browsers, TypeError on Deno; at once once the body has loaded.
  assert.match(String(await promise), /clone/);
  assert.equal(typeof (store.getState().data as { callback: unknown }).callback, "function");
});

Deno.test("syncStore() ignores foreign messages and stops on close", async () => {
  const a = createSessionStore();
  const sync = syncStore(a, { channel: "sync-foreign", source: "a" });
  const other = new BroadcastChannel("sync-foreign");
  other.postMessage("not a sync message");
  other.postMessage({ s: "x", e: "not a list" });
  other.postMessage({ s: "x", e: [[["zoom"], "not a clock", "x", 2]] });
  other.postMessage({ s: "x", e: [[["setZoom"], 9, "x", 0]] }); // an action: never replaced
  other.postMessage({ s: "x", e: [[["nope"], 9, "x", 0]] }); // not a field of the store
  other.postMessage({ s: "x", e: [[["zoom", "k"], 9, "x", 0]] }); // zoom is not a Map
  other.postMessage({ s: "a", e: [[["zoom"], 9, "a", 3]] }); // its own source
  other.postMessage({ s: "x", e: [[["mode"], 9, "x", "view"]] });
  await until(a, (s) => s.mode === "view");
  assert.equal(a.getState().zoom, 1);
  assert.equal(typeof a.getState().setZoom, "function");
  assert.equal(sync.source, "a");
  sync.close();
  sync.close(); // closes its BroadcastChannel once (the sanitizer would see one left open)
  other.close();
});

Deno.test("syncStore() applies nothing that arrives after close", async () => {
  const a = createSessionStore();
  const { port1, port2 } = new MessageChannel();
  const sync = syncStore(a, { channel: port1, source: "a" });
  port2.postMessage({ s: "x", e: [[["mode"], 9, "x", "view"]] });
  await until(a, (s) => s.mode === "view");
  sync.close();
  // A listener on the same port hears each message after any listener added before it.
  const heard = new Promise((resolve) =>
    port1.addEventListener("message", resolve, { once: true })
  );
  port2.postMessage({ s: "x", e: [[["mode"], 99, "x", "debug"]] });
  await heard;
  assert.equal(a.getState().mode, "view");
  port1.close();
  port2.close();
});

Deno.test("syncStore() refuses an empty channel name or source", () => {
  const store = createSessionStore();
  assert.throws(() => syncStore(store, { channel: "" }), StoreError);
  assert.throws(() => syncStore(store, { channel: "x", source: "" }), /source must be/);
});
