import assert from "node:assert/strict";
import { MemoryClient, type SetOptions, type StorageValue } from "@atomiton/storage";
import { EventClient } from "@atomiton/events";
import type { ExecutionEvents } from "@atomiton/store/events";
import { getRun } from "./get_run.ts";
import { inThreadExecutor } from "./in_thread_executor.ts";
import { resumeRun } from "./resume_run.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { blueprint, edge, task, tempLog } from "./testdata/engine/blueprints.ts";

/** A MemoryClient that holds back the first write of a completed record of `nodeId` until released. */
class HeldStorage extends MemoryClient {
  held: Promise<void> | undefined;
  release!: () => void;
  asked!: () => void;
  readonly reached = new Promise<void>((resolve) => this.asked = resolve);
  constructor(readonly nodeId: string) {
    super();
  }
  override async set(key: string, value: StorageValue, options?: SetOptions): Promise<void> {
    const record = value as { nodeId?: string; status?: string };
    if (!this.held && record?.nodeId === this.nodeId && record.status === "completed") {
      this.held = new Promise((resolve) => this.release = resolve);
      this.asked();
      await this.held;
    }
    return await super.set(key, value, options);
  }
}

Deno.test("runBlueprint() records a completion before announcing it or starting what it feeds", async () => {
  const storage = new HeldStorage("a");
  const { dir, log, lines } = await tempLog();
  // Handlers run as each event is emitted: what they saw is all that was announced.
  const events = new EventClient<ExecutionEvents>();
  const seen: string[] = [];
  events.on("execution:node-progress", ({ nodeId, status }) => seen.push(`${nodeId}:${status}`));
  const run = runBlueprint(
    blueprint([task("a", "echo", { input: { log } }), task("b", "echo", { input: { log } })], [
      edge("a", "b", { targetHandle: "a" }),
    ]),
    { executor: inThreadExecutor(), storage, events },
  );
  await storage.reached;
  // a's task ran; its record is being written: nothing announced, nothing downstream started.
  assert.deepEqual(lines(), ["a"]);
  assert.deepEqual(seen, ["a:running"]);
  assert.equal((await getRun(storage, run.id))?.nodes[0]?.status, "running");
  storage.release();
  assert.equal((await run.result).status, "completed");
  assert.deepEqual(seen, ["a:running", "a:completed", "b:running", "b:completed"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resumeRun() counts a node recorded running when its orchestrator died as an attempt", async () => {
  const { dir, log } = await tempLog();
  const storage = new MemoryClient();
  const bp = blueprint([
    task("flaky", "flaky", {
      input: { counter: log, failures: 0 },
      retry: { maxAttempts: 3, minDelay: 0 },
    }),
  ]);
  const first = await runBlueprint(bp, { executor: inThreadExecutor(), storage, runId: "died" })
    .result;
  assert.equal(first.status, "completed");
  // As a SIGKILL mid-attempt leaves it: the run and the node recorded running, attempt 2.
  const key = "run-nodes/died/flaky";
  const record = (await storage.get(key)) as Record<string, unknown>;
  await storage.set(key, { ...record, status: "running", attempts: 2, output: null });
  await storage.set("runs/died", {
    ...(await storage.get("runs/died")) as object,
    status: "running",
  });
  await storage.delete("run-leases/died");
  const events: string[] = [];
  const again = resumeRun("died", { executor: inThreadExecutor(), storage });
  for await (const event of again) {
    const message = (event.data as { message?: string }).message;
    if (message) events.push(message);
  }
  const result = await again.result;
  assert.equal(result.status, "completed");
  assert.equal(result.nodes.get("flaky")?.attempts, 3);
  assert.ok(events.includes("attempt 3 of 3"), events.join());
  await Deno.remove(dir, { recursive: true });
});
