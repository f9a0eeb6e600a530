import assert from "node:assert/strict";
import { join } from "node:path";
import { inThreadExecutor } from "./in_thread_executor.ts";
import type { NodeType } from "./node_type.ts";
import { runBlueprint } from "./run_blueprint.ts";
import type { RunResult } from "./blueprint_run.ts";
import { validateBlueprint } from "./validate_blueprint.ts";
import { workerPoolExecutor } from "./worker_pool_executor.ts";

const task = (source: string) => `data:text/javascript,${encodeURIComponent(source)}`;
const type = (name: string, source: string, parameters: NodeType["parameters"] = {}): NodeType => ({
  type: name,
  description: name,
  module: task(source),
  parameters,
});
const TYPES: NodeType[] = [
  type("value", "export default ({ parameters }) => parameters.value;", {
    value: { type: "array", description: "The output", json: true, default: [] },
  }),
  type("add", "export default ({ parameters, input }) => input + parameters.n;", {
    n: { type: "number", description: "Added", default: 1 },
  }),
  type(
    "split",
    "export default ({ input }) => ({ small: input.filter((n) => n < 10), big: input.filter((n) => n >= 10) });",
  ),
  type("boom", "export default () => { throw Object.assign(new Error('no'), { code: 'NO' }); };"),
  type(
    "sum",
    "export default ({ input, extra }) => input.reduce((a, b) => a + b, 0) + (extra ?? 0);",
  ),
];

async function run(flow: unknown): Promise<RunResult> {
  const blueprint = await validateBlueprint(flow, { nodeTypes: TYPES, runtime: "deno" });
  return await runBlueprint(blueprint, { executor: inThreadExecutor() }).result;
}

Deno.test("flows run: default ports carry the whole output, named ones a field", async () => {
  const result = await run({
    type: "group",
    nodes: [
      { id: "v", type: "value", parameters: { value: "[1, 20, 3]" } },
      { id: "s", type: "split", outputPorts: [{ id: "output" }, { id: "small" }, { id: "big" }] },
      { id: "t", type: "sum", inputPorts: [{ id: "input" }, { id: "extra" }] },
      { id: "one", type: "value", parameters: { value: [100] } },
      { id: "u", type: "sum" },
    ],
    edges: [
      { source: "v", target: "s" },
      { source: "s", sourceHandle: "small", target: "t" },
      { source: "one", target: "u" },
      { source: "u", target: "t", targetHandle: "extra" },
    ],
  });
  assert.equal(result.status, "completed", JSON.stringify(result.error));
  assert.equal(result.outputs.get("t"), 104);
});

Deno.test("flows run: a group's children get its input; a forEach loop runs them per item, in order", async () => {
  const result = await run({
    type: "group",
    nodes: [
      { id: "v", type: "value", parameters: { value: [1, 2, 3] } },
      {
        id: "each",
        type: "loop",
        parameters: { concurrency: 2 },
        nodes: [
          { id: "plus", type: "add", parameters: { n: 10 } },
          { id: "twice", type: "add", parameters: { n: 100 } },
        ],
        edges: [{ source: "plus", target: "twice" }],
      },
      {
        id: "grp",
        type: "group",
        nodes: [{ id: "total", type: "sum" }],
      },
      {
        id: "times",
        type: "loop",
        parameters: { loopType: "times", count: 3 },
        nodes: [{ id: "i", type: "add" }],
      },
      { id: "off", type: "add", parameters: { enabled: false } },
    ],
    edges: [
      { source: "v", target: "each" },
      { source: "each", target: "grp" },
      { source: "grp", target: "off" },
    ],
  });
  assert.equal(result.status, "completed", JSON.stringify(result.error));
  assert.deepEqual(result.outputs.get("each"), [111, 112, 113]);
  assert.equal(result.outputs.get("grp"), 336);
  assert.equal(result.outputs.get("off"), 336);
  assert.deepEqual(result.outputs.get("times"), [1, 2, 3]);
});

Deno.test("flows run: a parallel node joins its children's outputs; allSettled keeps a failure as its output", async () => {
  const result = await run({
    type: "group",
    nodes: [
      { id: "v", type: "value", parameters: { value: [5] } },
      {
        id: "par",
        type: "parallel",
        nodes: [
          { id: "a", type: "sum" },
          { id: "b", type: "boom" },
        ],
      },
    ],
    edges: [{ source: "v", target: "par" }],
  });
  assert.equal(result.status, "completed", JSON.stringify(result.error));
  const [a, b] = result.outputs.get("par") as [
    number,
    { error: { message: string; code: string } },
  ];
  assert.equal(a, 5);
  assert.equal(b.error.message, "no");
  assert.equal(b.error.code, "NO");
  const strict = await run({
    type: "group",
    nodes: [{
      id: "par",
      type: "parallel",
      parameters: { strategy: "all" },
      nodes: [{ id: "b", type: "boom" }],
    }],
  });
  assert.equal(strict.status, "failed");
});

Deno.test("flows run: the platform's hello-world template runs unchanged and writes its file beside the flow", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-hello-" });
  const executor = workerPoolExecutor({ maxWorkers: 2 });
  try {
    const path = join(dir, "hello-world.flow.yaml");
    await Deno.copyFile(
      new URL("./testdata/platform/hello-world.flow.yaml", import.meta.url),
      path,
    );
    const blueprint = await validateBlueprint(await Deno.readTextFile(path), {
      baseUrl: path,
    });
    const result = await runBlueprint(blueprint, { executor }).result;
    assert.equal(result.status, "completed", JSON.stringify(result.error));
    const text = await Deno.readTextFile(join(dir, ".tmp", "hello-world-output.txt"));
    // {{$input}} renders the transform's list of one string as that string: the file is the message.
    assert.match(
      text,
      /^Hello World from Atomiton!\n\nThis is a simple example showing how Flow nodes work together\.\n\nCreated by: Atomiton Flow System\nGenerated at: \d{4}-\d\d-\d\dT[\d:.]+Z$/,
    );
  } finally {
    await executor.close?.();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("flows run: a while loop repeats its children while its sandboxed condition holds", async () => {
  const executor = workerPoolExecutor({ maxWorkers: 2 });
  try {
    const blueprint = await validateBlueprint({
      type: "group",
      nodes: [{
        id: "again",
        type: "loop",
        parameters: { loopType: "while", condition: "index < 3" },
        nodes: [{ id: "n", type: "edit-fields", parameters: { values: { x: 1 } } }],
      }],
    }, { runtime: "deno" });
    assert.deepEqual(blueprint.nodes[0]?.data.sandbox, {});
    const result = await runBlueprint(blueprint, { executor }).result;
    assert.equal(result.status, "completed", JSON.stringify(result.error));
    assert.deepEqual(result.outputs.get("again"), [{ x: 1 }, { x: 1 }, { x: 1 }]);
  } finally {
    await executor.close?.();
  }
});
