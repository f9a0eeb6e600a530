import assert from "node:assert/strict";
import { ConductorError } from "./conductor_error.ts";
import { validateBlueprint } from "./validate_blueprint.ts";
import { blueprint, edge, sub, task } from "./testdata/engine/blueprints.ts";

const child = () => blueprint([task("c", "echo")], [], "child");
const twoSinks = () => blueprint([task("x", "echo"), task("y", "echo")], [], "two");
const LOOP = "./loop_tasks.mjs";
const BASE = new URL("./testdata/engine/main.json", import.meta.url);

/** Asserts that validating `nodes` (and `edges`) is refused with each of `messages`. */
async function refuses(
  nodes: ReturnType<typeof task>[],
  messages: RegExp[],
  edges: ReturnType<typeof edge>[] = [],
): Promise<void> {
  await assert.rejects(validateBlueprint(blueprint(nodes, edges), { baseUrl: BASE }), (error) => {
    assert.ok(error instanceof ConductorError);
    assert.equal(error.code, "INVALID_BLUEPRINT");
    for (const message of messages) assert.match(error.message, message);
    return true;
  });
}

Deno.test("validateBlueprint() keeps the flow fields, resolves while.module, and lets a sub-blueprint node map", async () => {
  const valid = await validateBlueprint(
    blueprint([
      sub("m", child(), { map: "items", input: { items: [1] }, concurrency: 2, discard: true }),
      sub("w", child(), {
        while: { module: LOOP, export: "below", input: { below: 3 }, max: 10 },
        sandbox: { read: ["/data"], env: ["HOME"] },
        collect: "single",
      }),
      sub("p", twoSinks(), { collect: "array", concurrency: 1 }),
      task("t", "echo", { sandbox: {}, map: "items", input: { items: [] }, concurrency: 3 }),
    ]),
    { baseUrl: BASE },
  );
  const data = new Map(valid.nodes.map((node) => [node.id, node.data]));
  assert.equal(data.get("m")?.map, "items");
  assert.equal(data.get("m")?.concurrency, 2);
  assert.equal(data.get("m")?.discard, true);
  assert.deepEqual(data.get("w")?.while, {
    module: new URL("./testdata/engine/loop_tasks.mjs", import.meta.url).href,
    export: "below",
    input: { below: 3 },
    max: 10,
  });
  assert.deepEqual(data.get("w")?.sandbox, { read: ["/data"], env: ["HOME"] });
  assert.equal(data.get("p")?.collect, "array");
  // It checks to itself.
  assert.deepEqual(await validateBlueprint(valid), valid);
});

Deno.test("validateBlueprint() refuses bad concurrency, collect and discard, and each where it means nothing", async () => {
  await refuses([
    sub("zero", child(), { concurrency: 0 }),
    sub("half", child(), { concurrency: 1.5 }),
    sub("text", child(), { concurrency: "2" }),
    task("task", "echo", { concurrency: 2 }),
    sub("list", child(), { collect: "list" }),
    task("tc", "echo", { collect: "array" }),
    sub("many", twoSinks(), { collect: "single" }),
    sub("yes", child(), { discard: "yes", map: "items", input: { items: [] } }),
    sub("plain", child(), { discard: true }),
  ], [
    /node "zero": "data\.concurrency" must be a whole number, 1 or more .*got 0/,
    /node "half": "data\.concurrency" must be a whole number, 1 or more .*got 1\.5/,
    /node "text": "data\.concurrency" must be .*got "2"/,
    /node "task": "data\.concurrency" limits the elements of a mapped node .*this node runs one task/,
    /node "list": "data\.collect" must be one of "sinks" \(.*\), "array" \(.*\), "single" \(.*\), got "list"/,
    /node "tc": "data\.collect" says what a sub-blueprint node outputs; this node runs a task module/,
    /node "many": "data\.collect" is "single", but its sub-blueprint has 2 sink nodes \("x", "y"\)/,
    /node "yes": "data\.discard" must be true or false, got "yes"/,
    /node "plain": "data\.discard" applies with "map" or "while"/,
  ]);
});

Deno.test("validateBlueprint() refuses a bad while, a while on a task or with map", async () => {
  const loop = (fields: Record<string, unknown>) => ({ module: LOOP, max: 3, ...fields });
  await refuses([
    task("task", "echo", { while: loop({}) }),
    sub("both", child(), { while: loop({}), map: "items", input: { items: [] } }),
    sub("shape", child(), { while: "forever" }),
    sub("zero", child(), { while: loop({ max: 0 }) }),
    sub("big", child(), { while: loop({ max: 10_001 }) }),
    sub("none", child(), { while: { module: LOOP } }),
    sub("typo", child(), { while: loop({ maxx: 3 }) }),
    sub("export", child(), { while: loop({ export: "" }) }),
    sub("input", child(), { while: loop({ input: 5 }) }),
    sub("module", child(), { while: loop({ module: 42 }) }),
    sub("missing", child(), { while: loop({ module: "./nowhere.mjs" }) }),
  ], [
    /node "task": "data\.while" repeats a sub-blueprint \("blueprint"\); this node runs a task module/,
    /node "both": "data\.while" and "data\.map" cannot both be set/,
    /node "shape": "data\.while" must be \{ "module", "export"\?, "input"\?, "max" \}.*got "forever"/,
    /node "zero": "data\.while\.max" must be a whole number from 1 to 10000 .*got 0/,
    /node "big": "data\.while\.max" must be a whole number from 1 to 10000 .*got 10001/,
    /node "none": "data\.while\.max" must be .*got nothing/,
    /node "typo": "data\.while" has no field "maxx" \(did you mean "max"\?\)/,
    /node "export": "data\.while\.export" must be the name of a function export, got ""/,
    /node "input": "data\.while\.input" must be an object .*got 5/,
    /node "module": "data\.while\.module" must be a path relative to the blueprint file .*got 42/,
    /node "missing": while\.module "\.\/nowhere\.mjs" does not exist/,
  ]);
});

Deno.test("validateBlueprint() refuses a bad sandbox, and one on a sub-blueprint without while", async () => {
  await refuses([
    task("shape", "echo", { sandbox: ["/tmp"] }),
    task("typo", "echo", { sandbox: { reed: ["/tmp"] } }),
    task("text", "echo", { sandbox: { read: "/tmp" } }),
    task("empty", "echo", { sandbox: { net: ["localhost", ""] } }),
    task("number", "echo", { sandbox: { env: [1] } }),
    sub("group", child(), { sandbox: { read: [] } }),
  ], [
    /node "shape": "data\.sandbox" must be an object \{ "read", "write", "net", "env" \}.*got an array/,
    /node "typo": "data\.sandbox" has no field "reed" \(did you mean "read"\?\)/,
    /node "text": "data\.sandbox\.read" must be an array of non-empty strings \(paths it may read\), got "\/tmp"/,
    /node "empty": "data\.sandbox\.net" must be an array of non-empty strings .*got an array holding ""/,
    /node "number": "data\.sandbox\.env" must be .*got an array holding 1/,
    /node "group": "data\.sandbox" applies to a task module or a "while" condition/,
  ]);
});

Deno.test("validateBlueprint() checks the sourceHandle of edges from a sub-blueprint node by what it outputs", async () => {
  const after = task("after", "echo");
  await refuses([
    sub("m", child(), { map: "items", input: { items: [] }, discard: true }),
    sub("s", child()),
    after,
  ], [
    /edge "m->after:total": "sourceHandle" "total" is not a field of node "m"'s output, which is \{ "count" \}/,
    /edge "s->after:nope": "sourceHandle" "nope" is not a sink node of node "s"'s sub-blueprint/,
  ], [
    edge("m", "after", { sourceHandle: "total", targetHandle: "a" }),
    edge("s", "after", { sourceHandle: "nope", targetHandle: "b" }),
  ]);
  // A single sink's output, an array or a mapped node's array: any field may be branched on.
  await validateBlueprint(
    blueprint([
      sub("one", child(), { collect: "single" }),
      sub("all", twoSinks(), { collect: "array" }),
      sub("m", child(), { map: "items", input: { items: [] } }),
      sub("d", child(), { map: "items", input: { items: [] }, discard: true }),
      after,
    ], [
      edge("one", "after", { sourceHandle: "anything", targetHandle: "a" }),
      edge("all", "after", { sourceHandle: "0", targetHandle: "b" }),
      edge("m", "after", { sourceHandle: "length", targetHandle: "c" }),
      edge("d", "after", { sourceHandle: "count", targetHandle: "d" }),
    ]),
    { baseUrl: BASE },
  );
});
