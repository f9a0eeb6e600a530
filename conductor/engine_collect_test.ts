import assert from "node:assert/strict";
import { inThreadExecutor } from "./in_thread_executor.ts";
import type { NodeExecutor, NodeRequest } from "./node_executor.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { blueprint, edge, type NodeSpec, sub, task } from "./testdata/engine/blueprints.ts";

const LOOP = new URL("./testdata/engine/loop_tasks.mjs", import.meta.url).href;

/** A child with two sinks (`b` fed by `a`, and `c`), each echoing its own `input.name`. */
const twoSinks = () =>
  blueprint(
    [
      task("a", "echo", { input: { name: "a" } }),
      task("b", "echo", { input: { name: "b" } }),
      task("c", "echo", { input: { name: "c" } }),
    ],
    [edge("a", "b", { targetHandle: "from" })],
    "child",
  );

Deno.test("runBlueprint() outputs a sub-blueprint's sinks by id, in node order, or its one sink", async () => {
  const executor = inThreadExecutor();
  const one = blueprint([task("only", "echo", { input: { name: "only" } })], [], "one");
  const bp = blueprint([
    sub("sinks", twoSinks()),
    sub("array", twoSinks(), { collect: "array" }),
    sub("single", one, { collect: "single" }),
    task("after", "echo"),
  ], [edge("single", "after", { sourceHandle: "name", targetHandle: "got" })]);
  const result = await runBlueprint(bp, { executor }).result;
  assert.equal(result.status, "completed", JSON.stringify(result.error));
  const sinks = result.outputs.get("sinks") as Record<string, { name: string }>;
  assert.deepEqual(Object.keys(sinks), ["b", "c"]);
  assert.equal(sinks.b?.name, "b");
  const array = result.outputs.get("array") as { name: string }[];
  assert.deepEqual(array.map((output) => output.name), ["b", "c"]);
  assert.deepEqual(result.outputs.get("single"), { name: "only" });
  // A branch on the single sink's field.
  assert.deepEqual(result.outputs.get("after"), { got: "only" });
});

Deno.test("runBlueprint() leaves a skipped sink out of a sub-blueprint's array, and single is undefined", async () => {
  const child = blueprint(
    [
      task("route", "route", { input: { route: "yes", value: 1 } }),
      task("no", "echo"),
    ],
    [edge("route", "no", { sourceHandle: "no", targetHandle: "v" })],
    "child",
  );
  const bp = blueprint([
    sub("array", child, { collect: "array" }),
    sub("single", child, { collect: "single" }),
  ]);
  const result = await runBlueprint(bp, { executor: inThreadExecutor() }).result;
  assert.equal(result.status, "completed", JSON.stringify(result.error));
  assert.deepEqual(result.outputs.get("array"), []);
  assert.equal(result.outputs.get("single"), undefined);
});

/** Runs nodes in this thread, keeping each request's `sandbox` (inThreadExecutor itself refuses it). */
function recording(): NodeExecutor & { requests: NodeRequest[] } {
  const inner = inThreadExecutor();
  const requests: NodeRequest[] = [];
  return {
    requests,
    description: "recording",
    run: (request, options) => {
      requests.push(request);
      const { sandbox: _, ...plain } = request;
      return inner.run(plain, options);
    },
    close: () => inner.close(),
  };
}

Deno.test("runBlueprint() copies a node's sandbox into every request it makes: attempts, elements, while conditions", async () => {
  const sandbox = { read: ["/tmp/in"], net: ["localhost:8080"] };
  const body = blueprint([task("inner", "echo")], [], "body");
  const counter = await Deno.makeTempFile();
  const nodes: NodeSpec[] = [
    task("plain", "flaky", {
      input: { counter, failures: 1 },
      retry: { maxAttempts: 2 },
      sandbox,
    }),
    task("mapped", "double", { map: "item", input: { item: [1, 2] }, sandbox }),
    sub("loop", body, {
      while: { module: LOOP, export: "below", input: { below: 2 }, max: 5 },
      sandbox,
    }),
    task("open", "echo", { input: { x: 1 } }),
  ];
  const executor = recording();
  const result = await runBlueprint(blueprint(nodes), { executor }).result;
  assert.equal(result.status, "completed", JSON.stringify(result.error));
  const by = (id: string) => executor.requests.filter((r) => r.nodeId === id);
  assert.equal(by("plain").length, 2);
  assert.equal(by("mapped").length, 2);
  assert.equal(by("loop").length, 3); // conditions at index 0, 1 and 2 (false)
  for (const request of [...by("plain"), ...by("mapped"), ...by("loop")]) {
    assert.deepEqual(request.sandbox, sandbox, request.nodeId);
  }
  // A sub-blueprint's own nodes, and nodes without one, get none.
  for (const id of ["loop/0/inner", "loop/1/inner", "open"]) {
    assert.equal(by(id).length, 1, id);
    assert.equal(by(id)[0]?.sandbox, undefined, id);
  }
  await Deno.remove(counter);
});
