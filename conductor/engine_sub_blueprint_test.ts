import assert from "node:assert/strict";
import { MemoryClient } from "@atomiton/storage";
import type { SystemEvent } from "@atomiton/events";
import { getRun } from "./get_run.ts";
import { defaultExecutor } from "./_engine_options.ts";
import { inThreadExecutor } from "./in_thread_executor.ts";
import { resumeRun } from "./resume_run.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { workerPoolExecutor } from "./worker_pool_executor.ts";
import {
  blueprint,
  edge,
  type NodeSpec,
  sub,
  task,
  tempLog,
} from "./testdata/engine/blueprints.ts";

/** A sub-blueprint node `s`: c1 -> c2, and a nested sub-blueprint `deep` holding `x`. */
function twoLevels(log: string, data: Record<string, unknown> = {}): NodeSpec {
  const deep = blueprint([task("x", "echo", { input: { log } })], [], "deep");
  const child = blueprint(
    [task("c1", "echo", { input: { log } }), task("c2", "echo"), sub("deep", deep)],
    [edge("c1", "c2", { targetHandle: "c1" })],
    "child",
  );
  return sub("s", child, data);
}

const INSIDE = ["s", "s/c1", "s/c2", "s/deep", "s/deep/x"];

async function progress(
  run: AsyncIterable<SystemEvent>,
): Promise<{ current: number; total: number }> {
  let last = { current: -1, total: -1 };
  for await (const event of run) {
    if (event.type === "execution:progress") last = event.data as typeof last;
  }
  return last;
}

Deno.test("runBlueprint() records a sub-blueprint's nodes skipped, not pending, when the run fails before it starts", async () => {
  const { dir, log } = await tempLog();
  await Deno.writeTextFile(`${dir}/broken`, "");
  const storage = new MemoryClient();
  const bp = blueprint([
    task("a", "failWhileBroken", { input: { broken: `${dir}/broken` } }),
    twoLevels(log),
  ], [edge("a", "s", { targetHandle: "a" })]);
  const result = await runBlueprint(bp, { executor: inThreadExecutor(), storage, runId: "f" })
    .result;
  assert.equal(result.status, "failed");
  for (const path of INSIDE) assert.equal(result.nodes.get(path)?.status, "skipped", path);
  const record = await getRun(storage, "f");
  assert.deepEqual(
    record?.nodes.map((n) => [n.nodeId, n.status]),
    [["a", "failed"], ...INSIDE.map((path) => [path, "skipped"])],
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runBlueprint() skips a sub-blueprint's nodes on a branch not taken, and progress reaches its total", async () => {
  const { dir, log } = await tempLog();
  const bp = blueprint([
    task("choose", "route", { input: { route: "yes", value: 1 } }),
    twoLevels(log),
    task("yes", "echo"),
  ], [
    edge("choose", "s", { sourceHandle: "no", targetHandle: "v" }),
    edge("choose", "yes", { sourceHandle: "yes", targetHandle: "v" }),
  ]);
  const run = runBlueprint(bp, { executor: inThreadExecutor() });
  const last = await progress(run);
  const result = await run.result;
  assert.equal(result.status, "completed");
  for (const path of INSIDE) assert.equal(result.nodes.get(path)?.status, "skipped", path);
  assert.deepEqual(last, { ...last, current: 7, total: 7 });
  await Deno.remove(dir, { recursive: true });
});

/** s (a sub-blueprint) -> b, which fails while `broken` exists: s completes, the run fails. */
async function failAfterSub(
  storage: MemoryClient,
  runId: string,
): Promise<{ dir: string; lines: () => string[]; fix: () => Promise<void> }> {
  const { dir, log, lines } = await tempLog();
  await Deno.writeTextFile(`${dir}/broken`, "");
  const bp = blueprint([
    twoLevels(log),
    task("b", "failWhileBroken", { input: { log, broken: `${dir}/broken`, value: 2 } }),
  ], [edge("s", "b", { targetHandle: "s" })]);
  const first = await runBlueprint(bp, { executor: inThreadExecutor(), storage, runId }).result;
  assert.equal(first.status, "failed");
  assert.equal(first.nodes.get("s/deep/x")?.status, "completed");
  return { dir, lines, fix: () => Deno.remove(`${dir}/broken`) };
}

Deno.test("resumeRun() counts a restored sub-blueprint's nodes in progress, so current reaches total", async () => {
  const storage = new MemoryClient();
  const { dir, fix } = await failAfterSub(storage, "p");
  await fix();
  const run = resumeRun("p", { executor: inThreadExecutor(), storage });
  const last = await progress(run);
  assert.equal((await run.result).status, "completed");
  assert.deepEqual(last, { ...last, current: 6, total: 6 });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resumeRun() cancelled before anything runs keeps the completed nodes' records", async () => {
  const storage = new MemoryClient();
  const { dir, lines, fix } = await failAfterSub(storage, "c");
  const before = await getRun(storage, "c");
  const cancelled = await resumeRun("c", {
    executor: inThreadExecutor(),
    storage,
    signal: AbortSignal.abort(new Error("stop")),
  }).result;
  assert.equal(cancelled.status, "cancelled");
  const after = await getRun(storage, "c");
  assert.deepEqual(after?.nodes.slice(0, 5), before?.nodes.slice(0, 5));
  assert.equal(after?.nodes[5]?.status, "skipped");
  await fix();
  const ran = lines().length;
  const done = await resumeRun("c", { executor: inThreadExecutor(), storage }).result;
  assert.equal(done.status, "completed");
  assert.deepEqual(lines().slice(ran), ["b"], "only b runs again");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runBlueprint() runs sub-blueprint files two levels deep on a WorkerPool, outputs keyed by sink ids", async () => {
  const parent = new URL("./testdata/engine/files/parent.json", import.meta.url);
  const executor = workerPoolExecutor({ maxWorkers: 2 });
  try {
    const run = runBlueprint(await Deno.readTextFile(parent), { executor, baseUrl: parent });
    const result = await run.result;
    assert.equal(result.status, "completed", JSON.stringify(result.error));
    assert.deepEqual([...result.nodes.keys()], [
      "start",
      "outer",
      "outer/pass",
      "outer/deep",
      "outer/deep/add",
      "outer/deep/copy",
      "outer/side",
      "end",
    ]);
    const deep = { add: 15, copy: { n: 5 } };
    assert.deepEqual(result.outputs.get("outer/deep"), deep);
    assert.deepEqual(result.outputs.get("outer"), { deep, side: 6 });
    assert.deepEqual(result.outputs.get("end"), { got: { deep, side: 6 } });
  } finally {
    await executor.close();
  }
});

Deno.test("runBlueprint() without an executor runs on its own WorkerPool and closes it", async () => {
  const parent = new URL("./testdata/engine/files/parent.json", import.meta.url);
  const create = defaultExecutor.create;
  let created = 0;
  let closed = 0;
  // The real pool, watched: Deno's sanitizers do not see an idle worker left open (it is unref'd).
  defaultExecutor.create = () => {
    const pool = create();
    created++;
    return { ...pool, close: () => (closed++, pool.close()) };
  };
  try {
    const run = runBlueprint(await Deno.readTextFile(parent), { baseUrl: parent, concurrency: 2 });
    const result = await run.result;
    assert.equal(result.status, "completed", JSON.stringify(result.error));
    assert.deepEqual(result.outputs.get("end"), {
      got: { deep: { add: 15, copy: { n: 5 } }, side: 6 },
    });
    assert.deepEqual({ created, closed }, { created: 1, closed: 1 });
    await runBlueprint(await Deno.readTextFile(parent), {
      baseUrl: parent,
      executor: inThreadExecutor(),
    }).result;
    assert.equal(created, 1, "a run given an executor makes none");
  } finally {
    defaultExecutor.create = create;
  }
});
