import assert from "node:assert/strict";
import { MemoryClient } from "@atomiton/storage";
import type { SystemEvent } from "@atomiton/events";
import { getRun } from "./get_run.ts";
import { inThreadExecutor } from "./in_thread_executor.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { workerPoolExecutor } from "./worker_pool_executor.ts";
import { blueprint, edge, sub, task, tempLog } from "./testdata/engine/blueprints.ts";

const nodeEvents = (events: SystemEvent[], nodeId: string) =>
  events.map((e) => e.data as { nodeId?: string; status?: string; message?: string })
    .filter((d) => d.nodeId === nodeId);

async function collect(run: AsyncIterable<SystemEvent>): Promise<SystemEvent[]> {
  const events: SystemEvent[] = [];
  for await (const event of run) events.push(event);
  return events;
}

Deno.test("runBlueprint() retries a node failing twice, then succeeding, under maxAttempts 3 on workers", async () => {
  const { dir, log } = await tempLog();
  const storage = new MemoryClient();
  const executor = workerPoolExecutor({ maxWorkers: 2 });
  try {
    const run = runBlueprint(
      blueprint([task("flaky", "flaky", {
        input: { counter: log, failures: 2 },
        retry: { maxAttempts: 3, minDelay: 0 },
      })]),
      { executor, storage },
    );
    const events = await collect(run);
    const result = await run.result;
    assert.equal(result.status, "completed");
    assert.equal(result.outputs.get("flaky"), "steady");
    assert.equal(result.nodes.get("flaky")?.attempts, 3);
    const running = nodeEvents(events, "flaky").filter((d) => d.status === "running");
    assert.deepEqual(running.map((d) => d.message), [
      "attempt 1 of 3",
      "attempt 2 of 3",
      "attempt 3 of 3",
    ]);
    const record = await getRun(storage, run.id);
    assert.equal(record?.nodes[0]?.attempts, 3);
    assert.equal(record?.nodes[0]?.status, "completed");
  } finally {
    await executor.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runBlueprint() counts a crashed worker as a failed attempt", async () => {
  const { dir, log } = await tempLog();
  const executor = workerPoolExecutor({ maxWorkers: 1 });
  try {
    const bp = blueprint([task("crash", "crashThenAnswer", {
      input: { counter: log, crashes: 1 },
      retry: { maxAttempts: 2, minDelay: 0 },
    })]);
    const result = await runBlueprint(bp, { executor }).result;
    assert.equal(result.status, "completed");
    assert.equal(result.outputs.get("crash"), "survived");
    assert.equal(result.nodes.get("crash")?.attempts, 2);
    // Without retries the crash fails the node with the pool's error.
    await Deno.remove(log);
    const once = await runBlueprint(bp, { executor, retry: { maxAttempts: 1 } }).result;
    assert.equal(once.status, "completed", "node's own retry wins over the run's");
  } finally {
    await executor.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runBlueprint() with onError continue passes { error } downstream and completes", async () => {
  const { dir } = await tempLog();
  await Deno.writeTextFile(`${dir}/broken`, "");
  const storage = new MemoryClient();
  const run = runBlueprint(
    blueprint(
      [
        task("bad", "failWhileBroken", { input: { broken: `${dir}/broken` }, onError: "continue" }),
        task("after", "echo"),
      ],
      [edge("bad", "after", { targetHandle: "got" })],
    ),
    { executor: inThreadExecutor(), storage },
  );
  const result = await run.result;
  assert.equal(result.status, "completed");
  assert.equal(result.nodes.get("bad")?.status, "failed");
  assert.deepEqual(result.outputs.get("after"), {
    got: { error: { name: "Error", message: "still broken", code: "BROKEN" } },
  });
  assert.equal((await getRun(storage, run.id))?.nodes[0]?.error?.code, "BROKEN");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("runBlueprint() skips a branch not taken and its downstream; a join with one taken edge runs", async () => {
  const run = runBlueprint(
    blueprint(
      [
        task("choose", "route", { input: { route: "yes", value: 7 } }),
        task("yes", "echo"),
        task("no", "echo"),
        task("afterNo", "echo"),
        task("undefinedField", "echo"),
        task("join", "echo"),
      ],
      [
        edge("choose", "yes", { sourceHandle: "yes", targetHandle: "v" }),
        edge("choose", "no", { sourceHandle: "no", targetHandle: "v" }),
        edge("choose", "undefinedField", { sourceHandle: "other" }),
        edge("no", "afterNo"),
        edge("yes", "join", { targetHandle: "fromYes" }),
        edge("afterNo", "join", { targetHandle: "fromNo" }),
      ],
    ),
    { executor: inThreadExecutor() },
  );
  const result = await run.result;
  assert.equal(result.status, "completed");
  const status = Object.fromEntries([...result.nodes].map(([id, n]) => [id, n.status]));
  assert.deepEqual(status, {
    choose: "completed",
    yes: "completed",
    no: "skipped",
    afterNo: "skipped",
    undefinedField: "skipped",
    join: "completed",
  });
  assert.deepEqual(result.outputs.get("join"), { fromYes: { v: 7 } });
});

Deno.test("runBlueprint() runs a sub-blueprint two levels deep under parent/child paths", async () => {
  const inner = blueprint([task("add", "sum", { input: { ten: 10 } })], [], "inner");
  const middle = blueprint(
    [task("pass", "echo"), sub("deep", inner)],
    [edge("pass", "deep", { sourceHandle: "n", targetHandle: "n" })],
    "middle",
  );
  const run = runBlueprint(
    blueprint([
      task("start", "echo", { input: { n: 5 } }),
      sub("outer", middle),
      task("end", "echo"),
    ], [
      edge("start", "outer", { sourceHandle: "n", targetHandle: "n" }),
      edge("outer", "end", { targetHandle: "got" }),
    ]),
    { executor: inThreadExecutor() },
  );
  const events = await collect(run);
  const result = await run.result;
  assert.equal(result.status, "completed", JSON.stringify(result.error));
  assert.deepEqual([...result.nodes.keys()], [
    "start",
    "outer",
    "outer/pass",
    "outer/deep",
    "outer/deep/add",
    "end",
  ]);
  assert.deepEqual(result.outputs.get("outer/deep/add"), 15);
  assert.deepEqual(result.outputs.get("end"), { got: { deep: { add: 15 } } });
  assert.ok(nodeEvents(events, "outer/deep/add").some((d) => d.status === "completed"));
});

Deno.test("runBlueprint() fails a mapped node whose field is not an array, with INVALID_INPUT", async () => {
  const result = await runBlueprint(
    blueprint([task("src", "echo", { input: { item: 3 } }), task("m", "double", { map: "item" })], [
      edge("src", "m", { sourceHandle: "item", targetHandle: "item" }),
    ]),
    { executor: inThreadExecutor() },
  ).result;
  assert.equal(result.status, "failed");
  assert.equal(result.error?.code, "INVALID_INPUT");
  assert.match(result.error!.message, /maps over its input field "item", which is number/);
});
