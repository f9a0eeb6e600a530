import assert from "node:assert/strict";
import {
  type Blueprint,
  createBlueprintStore,
  selectAllTags,
  selectFilteredBlueprints,
} from "./blueprint_store.ts";
import { StoreError, type StoreErrorCode } from "./store_error.ts";

const code = (expected: StoreErrorCode) => (error: unknown): boolean =>
  error instanceof StoreError && error.code === expected;

const graph = {
  nodes: [
    { id: "a", type: "http-request", position: { x: 0, y: 0 } },
    { id: "b", type: "file-write", position: { x: 200, y: 0 }, data: { path: "out.json" } },
  ],
  edges: [{ id: "a-b", source: "a", target: "b" }],
};

function clockAt(start: number): () => number {
  let time = start;
  return () => time++;
}

Deno.test("createBlueprintStore() add() fills defaults, dates from the clock, and a fresh id", () => {
  const store = createBlueprintStore({ now: clockAt(1000) });
  const bp = store.getState().add({ name: "Fetch", ...graph });
  assert.equal(typeof bp.id, "string");
  assert.ok(bp.id.length > 0);
  assert.deepEqual(bp, {
    id: bp.id,
    name: "Fetch",
    description: "",
    version: "1.0.0",
    author: "",
    tags: [],
    metadata: {},
    created: new Date(1000),
    modified: new Date(1000),
    ...graph,
  });
  assert.equal(store.getState().blueprints.get(bp.id), bp);
  const other = store.getState().add({ name: "Other" });
  assert.notEqual(other.id, bp.id);
});

Deno.test("createBlueprintStore() add() refuses a taken id, a bad name and a broken graph", () => {
  const store = createBlueprintStore();
  store.getState().add({ id: "x", name: "X" });
  const before = store.getState().blueprints;
  assert.throws(() => store.getState().add({ id: "x", name: "again" }), code("DUPLICATE"));
  assert.throws(() => store.getState().add({ id: "", name: "n" }), code("INVALID_OPTION"));
  assert.throws(() => store.getState().add({ name: "" }), /name must be a non-empty string/);
  assert.throws(
    () => store.getState().add({ name: "n", nodes: [graph.nodes[0]!, graph.nodes[0]!] }),
    /node id "a" repeats/,
  );
  assert.throws(
    () =>
      store.getState().add({
        name: "n",
        nodes: [graph.nodes[0]!],
        edges: [{ id: "e", source: "a", target: "gone" }],
      }),
    (e) =>
      code("INVALID_OPTION")(e) && /edge "e" joins "gone", which is not a node/.test(String(e)),
  );
  assert.equal(store.getState().blueprints, before);
});

Deno.test("createBlueprintStore() update() changes fields, keeps id and created, sets modified", () => {
  const store = createBlueprintStore({ now: clockAt(0) });
  const bp = store.getState().add({ id: "bp", name: "A", tags: ["x"] });
  const updated = store.getState().update("bp", { name: "B", id: "hijack" } as never);
  assert.equal(updated.id, "bp");
  assert.equal(updated.name, "B");
  assert.deepEqual(updated.tags, ["x"]);
  assert.equal(updated.created, bp.created);
  assert.deepEqual(updated.modified, new Date(1));
  assert.deepEqual([...store.getState().blueprints.keys()], ["bp"]);
  assert.equal(bp.name, "A", "the old blueprint object is not changed");
});

Deno.test("createBlueprintStore() update() refuses an unknown id, a broken graph and an empty name", () => {
  const store = createBlueprintStore();
  store.getState().add({ id: "bp", name: "A", ...graph });
  assert.throws(() => store.getState().update("nope", { name: "B" }), code("NOT_FOUND"));
  assert.throws(() => store.getState().update("bp", { nodes: [graph.nodes[0]!] }), /joins "b"/);
  assert.throws(
    () =>
      store.getState().update("bp", {
        edges: [graph.edges[0]!, { id: "x", source: "a", target: "c" }],
      }),
    /joins "c"/,
  );
  assert.throws(() => store.getState().update("bp", { name: "" }), /name must be a non-empty/);
  assert.equal(store.getState().blueprints.get("bp")!.nodes.length, 2);
});

Deno.test("createBlueprintStore() remove() deletes and clears the selection of what it deleted", () => {
  const store = createBlueprintStore();
  const { add, select, remove } = store.getState();
  add({ id: "a", name: "A" });
  add({ id: "b", name: "B" });
  select("b");
  assert.equal(remove("a"), true);
  assert.equal(store.getState().selectedId, "b");
  assert.equal(remove("b"), true);
  assert.equal(store.getState().selectedId, undefined);
  assert.equal(remove("b"), false);
  assert.equal(store.getState().blueprints.size, 0);
});

Deno.test("createBlueprintStore() select() takes a known id or undefined, and refuses others", () => {
  const store = createBlueprintStore();
  store.getState().add({ id: "a", name: "A" });
  store.getState().select("a");
  assert.equal(store.getState().selectedId, "a");
  assert.throws(() => store.getState().select("zzz"), code("NOT_FOUND"));
  assert.equal(store.getState().selectedId, "a");
  store.getState().select(undefined);
  assert.equal(store.getState().selectedId, undefined);
});

Deno.test("createBlueprintStore() starts with given blueprints", () => {
  const seed = createBlueprintStore().getState().add({ id: "s", name: "Seed" });
  const store = createBlueprintStore({ blueprints: [seed] });
  assert.equal(store.getState().blueprints.get("s"), seed);
});

function library(): ReturnType<typeof createBlueprintStore> {
  let time = 0;
  const store = createBlueprintStore({ now: () => time });
  const { add } = store.getState();
  time = 3;
  add({ id: "1", name: "Backup photos", tags: ["files", "daily"] });
  time = 1;
  add({ id: "2", name: "archive mail", description: "Moves old MAIL", tags: ["mail", "daily"] });
  time = 2;
  add({ id: "3", name: "Chat digest", tags: ["http"] });
  time = 10;
  return store;
}

const ids = (list: readonly Blueprint[]): string[] => list.map((b) => b.id);

Deno.test("selectFilteredBlueprints() searches names, descriptions and tags, ignoring case", () => {
  const store = library();
  assert.deepEqual(ids(selectFilteredBlueprints(store.getState())), ["2", "1", "3"]);
  store.getState().setSearch("mail");
  assert.deepEqual(ids(selectFilteredBlueprints(store.getState())), ["2"]);
  store.getState().setSearch("HTTP");
  assert.deepEqual(ids(selectFilteredBlueprints(store.getState())), ["3"]);
  store.getState().setSearch("nothing like it");
  assert.deepEqual(ids(selectFilteredBlueprints(store.getState())), []);
});

Deno.test("selectFilteredBlueprints() keeps blueprints that have every filter tag", () => {
  const store = library();
  store.getState().setTagFilter(["daily"]);
  assert.deepEqual(ids(selectFilteredBlueprints(store.getState())), ["2", "1"]);
  store.getState().setTagFilter(["daily", "files"]);
  assert.deepEqual(ids(selectFilteredBlueprints(store.getState())), ["1"]);
  store.getState().setSearch("chat");
  assert.deepEqual(ids(selectFilteredBlueprints(store.getState())), []);
});

Deno.test("selectFilteredBlueprints() sorts by name, created or modified, either way", () => {
  const store = library();
  const { setSort, update } = store.getState();
  setSort({ by: "name", order: "desc" });
  assert.deepEqual(ids(selectFilteredBlueprints(store.getState())), ["3", "1", "2"]);
  setSort({ by: "created", order: "asc" });
  assert.deepEqual(ids(selectFilteredBlueprints(store.getState())), ["2", "3", "1"]);
  setSort({ by: "modified", order: "desc" });
  assert.deepEqual(ids(selectFilteredBlueprints(store.getState())), ["1", "3", "2"]);
  assert.throws(() => setSort({ by: "size" as "name", order: "asc" }), /sort.by must be/);
  assert.throws(() => setSort({ by: "name", order: "up" as "asc" }), /sort.order must be/);
  assert.deepEqual(store.getState().sort, { by: "modified", order: "desc" });
  update("2", { name: "zz" });
  assert.deepEqual(ids(selectFilteredBlueprints(store.getState()))[0], "2");
});

Deno.test("selectFilteredBlueprints() returns the same array until its inputs change", () => {
  const store = library();
  const first = selectFilteredBlueprints(store.getState());
  store.getState().select("1");
  assert.equal(selectFilteredBlueprints(store.getState()), first);
  store.getState().setSearch("b");
  assert.notEqual(selectFilteredBlueprints(store.getState()), first);
});

Deno.test("selectAllTags() lists each tag once, sorted, and is stable until blueprints change", () => {
  const store = library();
  const tags = selectAllTags(store.getState());
  assert.deepEqual(tags, ["daily", "files", "http", "mail"]);
  store.getState().setSearch("x");
  assert.equal(selectAllTags(store.getState()), tags);
  store.getState().remove("3");
  assert.deepEqual(selectAllTags(store.getState()), ["daily", "files", "mail"]);
});

Deno.test("createBlueprintStore() setTagFilter() copies the tags it is given", () => {
  const store = createBlueprintStore();
  const tags = ["a"];
  store.getState().setTagFilter(tags);
  tags.push("b");
  assert.deepEqual(store.getState().tagFilter, ["a"]);
});
