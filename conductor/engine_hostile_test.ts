import assert from "node:assert/strict";
import { MemoryClient } from "@atomiton/storage";
import { assertPrototypeClean, PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";
import { getRun } from "./get_run.ts";
import { inThreadExecutor } from "./in_thread_executor.ts";
import { RunEvents } from "./_engine_events.ts";
import { resumeRun } from "./resume_run.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { blueprint, edge, sub, task } from "./testdata/engine/blueprints.ts";

Deno.test("runBlueprint() keeps __proto__ and constructor as plain node ids, handles and records", async () => {
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  const child = blueprint([task("__proto__", "echo", { input: { inner: 1 } })], [], "child");
  const bp = blueprint([
    task("__proto__", "echo", { input: JSON.parse(`{"__proto__": "data", "x": 1}`) }),
    task("constructor", "echo"),
    sub("toString", child),
    task("hasOwnProperty", "echo"),
  ], [
    edge("__proto__", "constructor", { targetHandle: "__proto__" }),
    edge("__proto__", "toString", { sourceHandle: "x", targetHandle: "constructor" }),
    edge("toString", "hasOwnProperty"),
  ]);
  const run = runBlueprint(JSON.stringify(bp), { executor, storage, runId: "hostile" });
  const result = await run.result;
  assert.equal(result.status, "completed", JSON.stringify(result.error));
  const first = result.outputs.get("__proto__") as Record<string, unknown>;
  assert.ok(Object.hasOwn(first, "__proto__"));
  const second = result.outputs.get("constructor") as Record<string, unknown>;
  assert.ok(Object.hasOwn(second, "__proto__"));
  assert.equal(Object.getPrototypeOf(second), Object.prototype);
  const last = result.outputs.get("hasOwnProperty") as Record<string, Record<string, unknown>>;
  assert.ok(Object.hasOwn(last.toString!, "__proto__"));
  assert.deepEqual([...result.nodes.keys()], [
    "__proto__",
    "constructor",
    "toString",
    "toString/__proto__",
    "hasOwnProperty",
  ]);
  const record = await getRun(storage, "hostile");
  assert.deepEqual(record?.nodes.map((n) => n.status), Array(5).fill("completed"));
  // Stored records come back as they went in, and a resume from one keeps the rest.
  const again = await resumeRun("hostile", { executor, storage, from: "toString/__proto__" })
    .result;
  assert.equal(again.status, "completed");
  assert.equal(again.nodes.get("__proto__")?.attempts, 1);
  assertPrototypeClean();
});

Deno.test("RunEvents gives a late iterator every event, and ends after the last", async () => {
  const events = new RunEvents("r");
  for (const nodeId of PROTOTYPE_KEYS) events.node(nodeId, { status: "running" });
  const early = events[Symbol.asyncIterator]();
  const first = await early.next();
  events.end();
  const seen: string[] = [];
  for await (const event of events) seen.push((event.data as { nodeId: string }).nodeId);
  assert.deepEqual(seen, [...PROTOTYPE_KEYS]);
  assert.equal((first.value!.data as { jobId: string }).jobId, "r");
  events.emit("execution:completed", { jobId: "r" });
  let rest = 0;
  for (let step = await early.next(); !step.done; step = await early.next()) rest++;
  assert.equal(rest, PROTOTYPE_KEYS.length - 1, "nothing after the end");
});
