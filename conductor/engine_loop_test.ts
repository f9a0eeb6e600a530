import assert from "node:assert/strict";
import { MemoryClient } from "@atomiton/storage";
import type { SystemEvent } from "@atomiton/events";
import { PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";
import { getRun } from "./get_run.ts";
import { inThreadExecutor } from "./in_thread_executor.ts";
import { resumeRun } from "./resume_run.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { workerPoolExecutor } from "./worker_pool_executor.ts";
import { blueprint, edge, type NodeSpec, sub, tempLog } from "./testdata/engine/blueprints.ts";

const LOOP = new URL("./testdata/engine/loop_tasks.mjs", import.meta.url).href;
const { peakOf } = await import(LOOP) as { peakOf: (key: string) => number };

/** A node calling export `name` of loop_tasks.mjs. */
const loop = (id: string, name: string, data: Record<string, unknown> = {}): NodeSpec => ({
  id,
  type: "task",
  position: { x: 0, y: 0 },
  data: { module: LOOP, export: name, ...data },
});

/** The child of a mapped node: `c1` (times10 of the element) -> `c2` (failOn, + 1). */
function twoStep(
  log: string,
  broken = "/nonexistent",
  failOn = -1,
): ReturnType<typeof blueprint> {
  return blueprint(
    [
      loop("c1", "times10", { input: { log } }),
      loop("c2", "failOn", { input: { log, broken, failOn } }),
    ],
    [edge("c1", "c2", { targetHandle: "value" })],
    "child",
  );
}

const lines = (log: string): string[] => {
  try {
    return Deno.readTextFileSync(log).split("\n").filter(Boolean);
  } catch {
    return [];
  }
};

Deno.test("runBlueprint() maps a sub-blueprint over 3 elements: outputs in order, paths node/<i>/child", async () => {
  const { dir, log } = await tempLog();
  const bp = blueprint([
    sub("m", twoStep(log), { map: "value", input: { value: [1, 2, 3] }, collect: "single" }),
  ]);
  const storage = new MemoryClient();
  const run = runBlueprint(bp, { executor: inThreadExecutor(), storage, runId: "map3" });
  const seen: SystemEvent[] = [];
  for await (const event of run) seen.push(event);
  const result = await run.result;
  assert.equal(result.status, "completed", JSON.stringify(result.error));
  assert.deepEqual(result.outputs.get("m"), [11, 21, 31]);
  const paths = seen.filter((e) => e.type === "execution:node-progress")
    .map((e) => (e.data as { nodeId: string; status: string }))
    .filter((d) => d.status === "completed").map((d) => d.nodeId);
  for (const i of [0, 1, 2]) {
    assert.ok(paths.includes(`m/${i}/c1`) && paths.includes(`m/${i}/c2`), paths.join());
  }
  assert.deepEqual(lines(log).sort(), ["m/0/c1", "m/0/c2", "m/1/c1", "m/1/c2", "m/2/c1", "m/2/c2"]);
  // One node of the run: its elements are items, its elements' nodes are not run results.
  assert.deepEqual([...result.nodes.keys()], ["m"]);
  assert.deepEqual([...result.outputs.keys()], ["m"]);
  const last = seen.filter((e) => e.type === "execution:progress").at(-1)?.data;
  assert.deepEqual(last, { ...last as object, current: 1, total: 1 });
  const record = await getRun(storage, "map3");
  assert.deepEqual(record?.nodes.map((n) => [n.nodeId, n.status, n.items]), [
    ["m", "completed", { done: 3, total: 3 }],
  ]);
  // The elements' records and items are cleared once the node's record holds the array.
  assert.deepEqual(await storage.keys("run-items/"), []);
  assert.deepEqual((await storage.keys("run-nodes/map3/")).sort(), ["run-nodes/map3/m"]);
  await Deno.remove(dir, { recursive: true });
});

/** A mapped sub-blueprint whose one node is `gate` under `key`, waiting for `wait` live calls. */
function gated(key: string, data: Record<string, unknown>, wait?: number): NodeSpec {
  const input = { key, ...(wait === undefined ? {} : { wait }) };
  const child = blueprint([loop("g", "gate", { input })], [], "gated");
  return sub("m", child, { map: "item", input: { item: [1, 2, 3, 4, 5, 6] }, ...data });
}

Deno.test("runBlueprint() runs at most `concurrency` elements of a mapped sub-blueprint at once", async () => {
  const executor = inThreadExecutor();
  const one = await runBlueprint(blueprint([gated("c1", { concurrency: 1 })]), {
    executor,
    concurrency: 8,
  }).result;
  assert.equal(one.status, "completed", JSON.stringify(one.error));
  assert.equal(peakOf("c1"), 1);
  // Three at once: each call waits until three are live, which only happens if they run together.
  const three = await runBlueprint(blueprint([gated("c3", { concurrency: 3 }, 3)]), {
    executor,
    concurrency: 8,
  }).result;
  assert.equal(three.status, "completed", JSON.stringify(three.error));
  assert.equal(peakOf("c3"), 3);
  assert.equal((three.outputs.get("m") as unknown[]).length, 6);
  // Always within the run's own limit.
  const run = await runBlueprint(blueprint([gated("r1", { concurrency: 3 })]), {
    executor,
    concurrency: 1,
  }).result;
  assert.equal(run.status, "completed", JSON.stringify(run.error));
  assert.equal(peakOf("r1"), 1);
});

Deno.test("runBlueprint() runs at most `concurrency` nodes of a sub-blueprint (a parallel node) at once", async () => {
  const children = (key: string, wait?: number) =>
    blueprint(
      ["a", "b", "c", "d"].map((id) =>
        loop(id, "gate", { input: { key, id, ...(wait === undefined ? {} : { wait }) } })
      ),
      [],
      "parallel",
    );
  const executor = inThreadExecutor();
  const one = await runBlueprint(
    blueprint([sub("p", children("p1"), { concurrency: 1, collect: "array" })]),
    { executor, concurrency: 8 },
  ).result;
  assert.equal(one.status, "completed", JSON.stringify(one.error));
  assert.equal(peakOf("p1"), 1);
  assert.deepEqual((one.outputs.get("p") as { id: string }[]).map((o) => o.id), [
    "a",
    "b",
    "c",
    "d",
  ]);
  const two = await runBlueprint(
    blueprint([sub("p", children("p2", 2), { concurrency: 2 })]),
    { executor, concurrency: 8 },
  ).result;
  assert.equal(two.status, "completed", JSON.stringify(two.error));
  assert.equal(peakOf("p2"), 2);
});

/** A while node: `step` iterations under the condition `below` (or `always`). */
function whileNode(log: string, data: Record<string, unknown>, condition = "below"): NodeSpec {
  const child = blueprint([loop("s", "step", { input: { log } })], [], "body");
  return sub("w", child, {
    input: { base: 100 },
    collect: "single",
    while: { module: LOOP, export: condition, input: { below: 3, log }, max: 10 },
    ...data,
  });
}

Deno.test("runBlueprint() repeats a sub-blueprint while its condition holds, and stops at max", async () => {
  const { dir, log } = await tempLog();
  const executor = inThreadExecutor();
  const stops = await runBlueprint(blueprint([whileNode(log, {})]), { executor }).result;
  assert.equal(stops.status, "completed", JSON.stringify(stops.error));
  // previous + index + base: 0+0+100, 100+1+100, 201+2+100.
  assert.deepEqual(stops.outputs.get("w"), [100, 201, 303]);
  // The condition ran before each iteration and once more to stop (index 3).
  assert.deepEqual(lines(log), ["w", "w/0/s", "w", "w/1/s", "w", "w/2/s", "w"]);
  const capped = await runBlueprint(
    blueprint([whileNode(log, { while: { module: LOOP, export: "always", max: 4 } })]),
    { executor },
  ).result;
  assert.equal(capped.status, "completed", JSON.stringify(capped.error));
  assert.equal((capped.outputs.get("w") as number[]).length, 4);
  const counted = await runBlueprint(blueprint([whileNode(log, { discard: true })]), { executor })
    .result;
  assert.deepEqual(counted.outputs.get("w"), { count: 3 });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runBlueprint() with discard outputs { count } for a mapped sub-blueprint and a mapped task", async () => {
  const { dir, log } = await tempLog();
  const storage = new MemoryClient();
  const bp = blueprint([
    sub("m", twoStep(log), { map: "value", input: { value: [1, 2, 3] }, discard: true }),
    loop("t", "times10", { map: "value", input: { value: [4, 5] }, discard: true }),
    loop("after", "failOn", { input: { failOn: -1, broken: "/nonexistent" } }),
  ], [edge("m", "after", { sourceHandle: "count", targetHandle: "value" })]);
  const result = await runBlueprint(bp, { executor: inThreadExecutor(), storage }).result;
  assert.equal(result.status, "completed", JSON.stringify(result.error));
  assert.deepEqual(result.outputs.get("m"), { count: 3 });
  assert.deepEqual(result.outputs.get("t"), { count: 2 });
  assert.equal(result.outputs.get("after"), 4);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resumeRun() of a mapped sub-blueprint that failed in element 2 runs only what did not finish", async () => {
  const { dir, log } = await tempLog();
  const broken = `${dir}/broken`;
  await Deno.writeTextFile(broken, "");
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  const bp = blueprint([
    sub("m", twoStep(log, broken, 30), {
      map: "value",
      input: { value: [1, 2, 3, 4] },
      concurrency: 1,
      collect: "single",
    }),
  ]);
  const first = await runBlueprint(bp, { executor, storage, runId: "resume-map" }).result;
  assert.equal(first.status, "failed");
  assert.equal(first.error?.nodeId, "m/2/c2");
  assert.deepEqual(lines(log), ["m/0/c1", "m/0/c2", "m/1/c1", "m/1/c2", "m/2/c1", "m/2/c2"]);
  assert.deepEqual((await getRun(storage, "resume-map"))?.nodes[0]?.items, { done: 2, total: 4 });
  await Deno.remove(broken);
  const again = await resumeRun("resume-map", { executor, storage }).result;
  assert.equal(again.status, "completed", JSON.stringify(again.error));
  assert.deepEqual(again.outputs.get("m"), [11, 21, 31, 41]);
  // Elements 0 and 1 did not run again, nor element 2's c1: only its c2, and element 3.
  assert.deepEqual(lines(log).slice(6), ["m/2/c2", "m/3/c1", "m/3/c2"]);
  // `from` the mapped node runs every element again.
  const forced = await resumeRun("resume-map", { executor, storage, from: "m" }).result;
  assert.deepEqual(forced.outputs.get("m"), [11, 21, 31, 41]);
  assert.equal(lines(log).length, 9 + 8);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resumeRun() of a while node takes its recorded iterations without asking the condition again", async () => {
  const { dir, log } = await tempLog();
  const broken = `${dir}/broken`;
  await Deno.writeTextFile(broken, "");
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  const child = blueprint(
    [
      loop("s", "failAt", { input: { log, broken, failOn: -1 } }),
      loop("f", "failAt", { input: { log, broken, failOn: 2 } }),
    ],
    [],
    "body",
  );
  const bp = blueprint([sub("w", child, {
    input: { base: 0 },
    collect: "array",
    while: { module: LOOP, export: "always", input: { log }, max: 3 },
  })]);
  const first = await runBlueprint(bp, { executor, storage, runId: "resume-while" }).result;
  assert.equal(first.status, "failed");
  assert.equal(first.error?.nodeId, "w/2/f");
  assert.deepEqual(
    lines(log).sort(),
    [
      ..."www",
      ..."012".split("").flatMap((i) => [`w/${i}/f`, `w/${i}/s`]),
    ].sort(),
  );
  await Deno.remove(broken);
  const again = await resumeRun("resume-while", { executor, storage }).result;
  assert.equal(again.status, "completed", JSON.stringify(again.error));
  // [s, f] per iteration, each its index; iteration 2's s kept from the first try.
  assert.deepEqual(again.outputs.get("w"), [[0, 0], [1, 1], [2, 2]]);
  // Iterations 0 and 1 were taken as recorded; iteration 2 asked its condition again and ran f only.
  assert.deepEqual(lines(log).slice(9).sort(), ["w", "w/2/f"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runBlueprint() maps a sub-blueprint over a field named __proto__ and other prototype keys", async () => {
  const { dir, log } = await tempLog();
  const executor = inThreadExecutor();
  for (const field of PROTOTYPE_KEYS) {
    const child = blueprint([loop(field, "times10", { input: { log } })], [], "child");
    // JSON.parse makes "__proto__" an own field, as a blueprint file would.
    const node = JSON.parse(JSON.stringify(sub("m", child, { map: field, collect: "sinks" })));
    node.data.input = JSON.parse(`{ ${JSON.stringify(field)}: [1, 2], "value": 7 }`);
    const result = await runBlueprint(blueprint([node]), { executor }).result;
    assert.equal(result.status, "completed", `${field}: ${JSON.stringify(result.error)}`);
    const outputs = result.outputs.get("m") as Record<string, unknown>[];
    assert.equal(outputs.length, 2, field);
    for (const output of outputs) {
      assert.ok(Object.hasOwn(output, field), field);
      assert.equal(output[field], 70, field);
    }
  }
  assert.equal(({} as Record<string, unknown>).value, undefined);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runBlueprint() maps a sub-blueprint on the real worker pool", async () => {
  const { dir, log } = await tempLog();
  const executor = workerPoolExecutor({ maxWorkers: 2 });
  try {
    const bp = blueprint([
      sub("m", twoStep(log), { map: "value", input: { value: [1, 2, 3] }, concurrency: 2 }),
    ]);
    const result = await runBlueprint(bp, { executor }).result;
    assert.equal(result.status, "completed", JSON.stringify(result.error));
    assert.deepEqual(result.outputs.get("m"), [{ c2: 11 }, { c2: 21 }, { c2: 31 }]);
    assert.equal(lines(log).length, 6);
  } finally {
    await executor.close();
    await Deno.remove(dir, { recursive: true });
  }
});
