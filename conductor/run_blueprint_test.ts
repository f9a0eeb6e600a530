import assert from "node:assert/strict";
import { MemoryClient } from "@atomiton/storage";
import { inThreadExecutor } from "./in_thread_executor.ts";
import type { NodeExecutor } from "./node_executor.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { blueprint, edge, task } from "./testdata/engine/blueprints.ts";

Deno.test("runBlueprint() runs a chain, carrying outputs along edges, and records it", async () => {
  const storage = new MemoryClient();
  const run = runBlueprint(
    blueprint([
      task("a", "echo", { input: { x: 1 } }),
      task("b", "sum", { input: { y: 2 } }),
      task("c", "sum"),
    ], [edge("a", "b", { sourceHandle: "x", targetHandle: "x" }), edge("b", "c")]),
    { executor: inThreadExecutor(), storage },
  );
  const types: string[] = [];
  for await (const event of run) {
    const data = event.data as { nodeId?: string; status?: string };
    types.push(data.nodeId ? `${data.nodeId}:${data.status}` : event.type);
  }
  const result = await run.result;
  assert.equal(result.status, "completed");
  assert.deepEqual([...result.outputs], [["a", { x: 1 }], ["b", 3], ["c", 3]]);
  assert.deepEqual(types.filter((t) => t.includes(":") && !t.startsWith("execution")), [
    "a:running",
    "a:completed",
    "b:running",
    "b:completed",
    "c:running",
    "c:completed",
  ]);
  assert.equal(types[0], "execution:started");
  assert.equal(types.at(-1), "execution:completed");
  await storage.close();
});

Deno.test("runBlueprint() runs an http: module only with allowRemoteModules", async () => {
  // The executor reports the module it was handed: importing it here would write the URL into
  // deno.lock. The Chromium test imports real http modules.
  const module = "http://127.0.0.1:9/plus_one.js";
  const bp = {
    id: "remote",
    name: "Remote",
    nodes: [{ id: "a", type: "task", position: { x: 0, y: 0 }, data: { module } }],
    edges: [],
  };
  const executor: NodeExecutor = {
    description: "echo",
    run: (request) => Promise.resolve(request.module),
    close: () => Promise.resolve(),
  };
  await assert.rejects(runBlueprint(bp, { executor }).result, {
    code: "INVALID_BLUEPRINT",
    message: /allowRemoteModules/,
  });
  const result = await runBlueprint(bp, { executor, allowRemoteModules: true }).result;
  assert.equal(result.status, "completed", JSON.stringify(result.error));
  assert.equal(result.outputs.get("a"), module);
});

Deno.test("runBlueprint() in a fresh process: cancel() before the engine has loaded still cancels", async () => {
  // A fresh process has not loaded the engine: it loads on the first run, after cancel() here.
  const code = `
    const { inThreadExecutor, runBlueprint } = await import(${
    JSON.stringify(new URL("./mod.ts", import.meta.url).href)
  });
    const one = "data:text/javascript,export default () => 1;";
    const run = runBlueprint({ nodes: [{ id: "a", data: { module: one } }] }, { executor: inThreadExecutor() });
    run.cancel(new Error("stopped early"));
    const types = [];
    for await (const event of run) types.push(event.type);
    const result = await run.result;
    console.log(JSON.stringify({ id: run.id.length > 0, status: result.status, last: types.at(-1) }));
  `;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    cwd: new URL("..", import.meta.url),
    stderr: "inherit",
  }).output();
  assert.equal(output.code, 0);
  assert.deepEqual(JSON.parse(new TextDecoder().decode(output.stdout)), {
    id: true,
    status: "cancelled",
    last: "execution:cancelled",
  });
});
