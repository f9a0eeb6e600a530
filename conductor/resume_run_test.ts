import assert from "node:assert/strict";
import { MemoryClient } from "@atomiton/storage";
import { ConductorError } from "./conductor_error.ts";
import { getRun } from "./get_run.ts";
import { inThreadExecutor } from "./in_thread_executor.ts";
import { listRuns } from "./list_runs.ts";
import { resumeRun } from "./resume_run.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { workerPoolExecutor } from "./worker_pool_executor.ts";
import { blueprint, edge, task, tempLog } from "./testdata/engine/blueprints.ts";

const count = (lines: string[], id: string): number => lines.filter((l) => l === id).length;

/** a -> b (fails while `broken` exists) -> c, and a -> d. */
function chain(dir: string, log: string): ReturnType<typeof blueprint> {
  return blueprint([
    task("a", "echo", { input: { log, x: 1 } }),
    task("b", "failWhileBroken", { input: { log, broken: `${dir}/broken`, value: 2 } }),
    task("c", "sum", { input: { log } }),
    task("d", "echo", { input: { log } }),
  ], [
    edge("a", "b", { sourceHandle: "x", targetHandle: "x" }),
    edge("b", "c", { targetHandle: "b" }),
    edge("a", "d", { sourceHandle: "x", targetHandle: "x" }),
  ]);
}

Deno.test("resumeRun() finishes a failed run once the cause is fixed, without running upstream again", async () => {
  const { dir, log, lines } = await tempLog();
  await Deno.writeTextFile(`${dir}/broken`, "");
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  const first = await runBlueprint(chain(dir, log), { executor, storage, runId: "fix-1" }).result;
  assert.equal(first.status, "failed");
  assert.deepEqual(first.error, { nodeId: "b", message: "still broken", code: "BROKEN" });
  assert.equal(first.nodes.get("c")?.status, "skipped");
  assert.equal((await getRun(storage, "fix-1"))?.status, "failed");
  await Deno.remove(`${dir}/broken`);
  const second = await resumeRun("fix-1", { executor, storage }).result;
  assert.equal(second.status, "completed");
  assert.equal(second.outputs.get("c"), 2);
  const ran = lines();
  assert.equal(count(ran, "a"), 1, ran.join());
  assert.equal(count(ran, "b"), 2);
  assert.equal(count(ran, "c"), 1);
  // d completed in the first try, whatever the order: it never runs again.
  assert.equal(count(ran, "d"), 1);
  assert.equal(second.nodes.get("b")?.attempts, 2);
  // A completed run resumed without `from` runs nothing.
  const third = await resumeRun("fix-1", { executor, storage }).result;
  assert.equal(third.status, "completed");
  assert.equal(third.outputs.get("c"), 2);
  assert.equal(lines().length, ran.length);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resumeRun() with from runs that node and its downstream only", async () => {
  const { dir, log, lines } = await tempLog();
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  await runBlueprint(chain(dir, log), { executor, storage, runId: "from-1" }).result;
  const before = lines();
  const again = await resumeRun("from-1", { executor, storage, from: "b" }).result;
  assert.equal(again.status, "completed");
  const after = lines().slice(before.length);
  assert.deepEqual(after.sort(), ["b", "c"]);
  await assert.rejects(resumeRun("from-1", { executor, storage, from: "bb" }).result, (error) => {
    assert.ok(error instanceof ConductorError);
    assert.equal(error.code, "NODE_NOT_FOUND");
    assert.match(error.message, /No node "bb".*did you mean "b"\?/);
    return true;
  });
  await assert.rejects(resumeRun("nope", { executor, storage }).result, { code: "RUN_NOT_FOUND" });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resumeRun() continues a cancelled run", async () => {
  const { dir, log, lines } = await tempLog();
  const hold = `${dir}/hold`;
  await Deno.writeTextFile(hold, "");
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  const run = runBlueprint(
    blueprint([
      task("a", "echo", { input: { log } }),
      task("wait", "holdWhile", { input: { log, hold, value: 5 } }),
      task("c", "echo", { input: { log } }),
    ], [edge("a", "wait", { targetHandle: "a" }), edge("wait", "c", { targetHandle: "w" })]),
    { executor, storage, runId: "cancel-1" },
  );
  for await (const event of run) {
    const data = event.data as { nodeId?: string; status?: string };
    if (data.nodeId === "wait" && data.status === "running") run.cancel(new Error("user stop"));
  }
  const first = await run.result;
  assert.equal(first.status, "cancelled");
  assert.equal(first.error?.message, "user stop");
  assert.equal((await getRun(storage, "cancel-1"))?.status, "cancelled");
  await Deno.remove(hold);
  const second = await resumeRun("cancel-1", { executor, storage }).result;
  assert.equal(second.status, "completed");
  assert.deepEqual(second.outputs.get("c"), { log, w: 5 });
  assert.equal(count(lines(), "a"), 1);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resumeRun() of a mapped node does not redo finished elements (1,000 items, 2 workers)", async () => {
  const { dir, log, lines } = await tempLog();
  const broken = `${dir}/broken`;
  await Deno.writeTextFile(broken, "");
  const storage = new MemoryClient();
  const executor = workerPoolExecutor({ maxWorkers: 2 });
  try {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    const bp = blueprint([
      task("src", "echo", { input: { items } }),
      task("m", "item", { map: "item", input: { log, broken, failOn: 600 } }),
    ], [edge("src", "m", { sourceHandle: "items", targetHandle: "item" })]);
    const first = await runBlueprint(bp, { executor, storage, runId: "map-1", concurrency: 2 })
      .result;
    assert.equal(first.status, "failed");
    const record = await getRun(storage, "map-1");
    const done = record!.nodes[1]!.items!;
    assert.equal(done.total, 1000);
    const finished = (await storage.keys("run-items/map-1/m/")).map((k) =>
      Number(k.split("/").at(-1))
    );
    assert.equal(finished.length, done.done);
    // With 2 slots served in order, item 600 starts after most of 0..599 finished.
    assert.ok(finished.length > 0 && !finished.includes(600), String(finished.length));
    await Deno.remove(broken);
    const second = await resumeRun("map-1", { executor, storage }).result;
    assert.equal(second.status, "completed");
    assert.deepEqual(second.outputs.get("m"), items.map((i) => i * 2));
    const ran = lines();
    for (const index of finished) assert.equal(count(ran, String(index)), 1, `item ${index}`);
    assert.deepEqual(
      await storage.keys("run-items/map-1/"),
      [],
      "element records cleared once done",
    );
  } finally {
    await executor.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("getRun() and listRuns() give each run's status, blueprint, times and nodes", async () => {
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  const { dir, log } = await tempLog();
  await runBlueprint(chain(dir, log), { executor, storage, runId: "a", metadata: { file: "x" } })
    .result;
  await runBlueprint(chain(dir, log), { executor, storage, runId: "ab" }).result;
  const runs = await listRuns(storage);
  assert.deepEqual(runs.map((r) => r.runId).sort(), ["a", "ab"]);
  const a = await getRun(storage, "a");
  assert.equal(a?.status, "completed");
  assert.deepEqual(a?.metadata, { file: "x" });
  assert.equal(a?.blueprint.nodes.length, 4);
  assert.ok(a!.finished! >= a!.started);
  assert.deepEqual(a?.nodes.map((n) => [n.nodeId, n.status, n.attempts]), [
    ["a", "completed", 1],
    ["b", "completed", 1],
    ["c", "completed", 1],
    ["d", "completed", 1],
  ]);
  assert.ok(a!.nodes.every((n) => n.finished! >= n.started!));
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resumeRun() records its own metadata over the run's, field by field", async () => {
  const { dir, log } = await tempLog();
  await Deno.writeTextFile(`${dir}/broken`, "");
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  const metadata = { file: "bp.json", pid: 1, host: "first" };
  await runBlueprint(chain(dir, log), { executor, storage, runId: "meta-1", metadata }).result;
  await Deno.remove(`${dir}/broken`);
  const hostile = JSON.parse(`{"__proto__": "data", "pid": 2}`);
  const run = resumeRun("meta-1", { executor, storage, metadata: { ...hostile, host: "second" } });
  let whileRunning: unknown;
  for await (const event of run) {
    if (event.type === "execution:started") {
      whileRunning = (await getRun(storage, run.id))?.metadata;
    }
  }
  assert.equal((await run.result).status, "completed");
  const expected = JSON.parse(
    `{"file": "bp.json", "pid": 2, "host": "second", "__proto__": "data"}`,
  );
  assert.deepEqual(whileRunning, expected, "the running record names the resuming process");
  const stored = (await getRun(storage, "meta-1"))?.metadata;
  assert.deepEqual(stored, expected);
  assert.ok(Object.hasOwn(stored!, "__proto__"));
  // A resume without metadata keeps the recorded one.
  await resumeRun("meta-1", { executor, storage, from: "c" }).result;
  assert.deepEqual((await getRun(storage, "meta-1"))?.metadata, expected);
  await Deno.remove(dir, { recursive: true });
});
