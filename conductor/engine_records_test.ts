import assert from "node:assert/strict";
import fc from "fast-check";
import { MemoryClient, type StorageValue } from "@atomiton/storage";
import { assertPrototypeClean, PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";
import { getRun } from "./get_run.ts";
import { inThreadExecutor } from "./in_thread_executor.ts";
import { listRuns } from "./list_runs.ts";
import { resumeRun } from "./resume_run.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { blueprint, edge, sub, task, tempLog } from "./testdata/engine/blueprints.ts";

const nested = (depth: number): object =>
  depth === 0 ? { nodes: [], edges: [] } : {
    nodes: [{ id: "n", data: { blueprint: nested(depth - 1) } }],
    edges: [],
  };

/** What other programs (and an older CLI) leave under `runs/`. */
const JUNK: [string, unknown][] = [
  ["runs/old", {
    runId: "old",
    status: "completed",
    blueprint: { id: "bp", name: "bp", file: "bp.json" },
    executor: "local",
    started: "2099-01-01T00:00:00.000Z",
    nodes: { a: { status: "completed" } },
    log: "/tmp/old.events.jsonl",
  }],
  ["runs/old/a", { out: 1 }],
  ["runs/x.events.jsonl", "line one\nline two"],
  ["runs/number", 42],
  ["runs/null", null],
  ["runs/array", [1, 2]],
  ["runs/string-nodes", {
    runId: "string-nodes",
    status: "running",
    blueprint: { nodes: "a,b", edges: [] },
    options: {},
    started: "2099",
  }],
  ["runs/child-path", {
    runId: "child-path",
    status: "failed",
    blueprint: { nodes: [{ id: "s", data: { blueprint: "./child.json" } }], edges: [] },
    options: {},
    started: "2099",
  }],
  ["runs/too-deep", {
    runId: "too-deep",
    status: "completed",
    blueprint: nested(200),
    options: {},
    started: "2099",
  }],
  ...PROTOTYPE_KEYS.map((key): [string, unknown] => [`runs/${key}`, JSON.parse(`{"${key}": 1}`)]),
];

Deno.test("listRuns() and getRun() leave out what is not a conductor run record under runs/", async () => {
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  const bp = blueprint([task("a", "echo", { input: { x: 1 } }), task("b", "echo")], [
    edge("a", "b", { targetHandle: "a" }),
  ]);
  await runBlueprint(bp, { executor, storage, runId: "real" }).result;
  const real = (await storage.get("runs/real")) as Record<string, unknown>;
  for (const [key, value] of JUNK) await storage.set(key, value as StorageValue);
  // A real record under another run's key, and node records that are not a's or b's own.
  await storage.set("runs/copied", real as StorageValue);
  await storage.set("run-nodes/real/zzz", {
    nodeId: "a",
    status: "completed",
    attempts: 1,
    output: 99,
  });
  await storage.set("run-nodes/real/b", { nodeId: "b", status: "bogus", attempts: 1 });
  await storage.set("run-nodes/real/a%2F", null);

  const runs = await listRuns(storage);
  assert.deepEqual(runs.map((run) => run.runId), ["real"]);
  const record = runs[0]!;
  assert.deepEqual(record.nodes.map((n) => [n.nodeId, n.status, n.output]), [
    ["a", "completed", { x: 1 }],
    ["b", "pending", undefined],
  ]);
  for (const [key] of [...JUNK, ["runs/copied"]]) {
    assert.equal(await getRun(storage, key!.slice("runs/".length)), undefined, key);
  }
  assert.equal(await getRun(storage, "../runs/real"), undefined);
  const refused = resumeRun("old", { executor, storage }).result;
  await assert.rejects(refused, {
    code: "RUN_NOT_FOUND",
    message: /runs\/old holds something else/,
  });
  assertPrototypeClean();
});

Deno.test("resumeRun() redoes a mapped node's elements whose records are junk", async () => {
  const { dir, log } = await tempLog();
  const broken = `${dir}/broken`;
  await Deno.writeTextFile(broken, "");
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  const bp = blueprint([
    task("src", "echo", { input: { items: [0, 1, 2, 3, 4] } }),
    task("m", "item", { map: "item", input: { log, broken, failOn: 3 } }),
  ], [edge("src", "m", { sourceHandle: "items", targetHandle: "item" })]);
  const first = await runBlueprint(bp, { executor, storage, runId: "items", concurrency: 1 })
    .result;
  assert.equal(first.status, "failed");
  await storage.set("run-items/items/m/0", null);
  await storage.set("run-items/items/m/04", { output: 999 });
  await storage.set("run-items/items/m/x", { output: 999 });
  await Deno.remove(broken);
  const second = await resumeRun("items", { executor, storage }).result;
  assert.equal(second.status, "completed", JSON.stringify(second.error));
  assert.deepEqual(second.outputs.get("m"), [0, 2, 4, 6, 8]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("listRuns() and getRun() never throw on a run record with any field replaced by any JSON", async () => {
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  const child = blueprint([task("c", "echo")], [], "child");
  await runBlueprint(blueprint([task("a", "echo"), sub("s", child)]), {
    executor,
    storage,
    runId: "model",
  }).result;
  const model = (await storage.get("runs/model")) as Record<string, unknown>;
  const fields = [...Object.keys(model), "blueprint.nodes", "blueprint.edges", "child"];
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...fields), fc.jsonValue(), async (field, value) => {
      // deno-lint-ignore no-explicit-any -- a record's fields replaced at random
      const copy = structuredClone(model) as Record<string, any>;
      if (field === "child") copy.blueprint.nodes[1].data.blueprint = value;
      else if (field.startsWith("blueprint.")) copy.blueprint[field.slice(10)] = value;
      else copy[field] = value;
      const runId = field === "runId" ? value : "mutant";
      await storage.set("runs/mutant", { ...copy, runId } as StorageValue);
      const runs = await listRuns(storage);
      const mutant = await getRun(storage, "mutant");
      assert.equal(runs.some((run) => run.runId === "mutant"), mutant !== undefined);
      if (mutant) assert.ok(Array.isArray(mutant.nodes));
    }),
    { numRuns: 300 },
  );
  assertPrototypeClean();
});

Deno.test("listRuns() lists the storage's keys twice, however many runs it holds", async () => {
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  const bp = blueprint([task("a", "echo"), task("b", "echo")], [edge("a", "b")]);
  for (let i = 0; i < 5; i++) await runBlueprint(bp, { executor, storage, runId: `r${i}` }).result;
  const listed: string[] = [];
  // Methods bound to the real client (its private fields), keys() counted.
  const watched = new Proxy(storage, {
    get: (target, name) => {
      if (name === "keys") {
        return (prefix?: string) => (listed.push(prefix ?? ""), target.keys(prefix));
      }
      const value = Reflect.get(target, name, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const runs = await listRuns(watched);
  assert.deepEqual(
    runs.map((run) => run.runId),
    ["r4", "r3", "r2", "r1", "r0"].filter((id) => runs.some((run) => run.runId === id)),
  );
  assert.equal(runs.length, 5);
  assert.ok(runs.every((run) => run.nodes.every((node) => node.status === "completed")));
  assert.deepEqual(listed, ["runs/", "run-nodes/"]);
});
