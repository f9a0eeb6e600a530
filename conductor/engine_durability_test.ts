import assert from "node:assert/strict";
import { MemoryClient, type SetOptions, type StorageValue } from "@atomiton/storage";
import { EventClient } from "@atomiton/events";
import type { ExecutionEvents } from "@atomiton/store/events";
import type { RunResult } from "./blueprint_run.ts";
import { INTERRUPTED_REPEATS } from "./_engine_attempt.ts";
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

/**
 * Leaves a completed run of one flaky node as a SIGKILL mid-attempt would: the run and
 * the node recorded running at `attempts`, `interrupted` earlier interruptions, no lease.
 */
async function interruptedRun(
  failures: number,
  attempts: number,
  interrupted?: number,
): Promise<{ storage: MemoryClient; dir: string; lines: () => string[] }> {
  const { dir, log, lines } = await tempLog();
  const storage = new MemoryClient();
  const bp = blueprint([
    task("flaky", "flaky", {
      input: { counter: log, failures },
      retry: { maxAttempts: 3, minDelay: 0 },
    }),
  ]);
  // A first run to get real records; its own execution is then forgotten (the log truncated).
  await runBlueprint(bp, { executor: inThreadExecutor(), storage, runId: "died" }).result;
  await Deno.writeTextFile(log, "");
  const key = "run-nodes/died/flaky";
  const record = (await storage.get(key)) as Record<string, unknown>;
  const { output: _, ...running } = record;
  const count = interrupted === undefined ? {} : { interrupted };
  await storage.set(key, { ...running, status: "running", attempts, ...count });
  await storage.set("runs/died", {
    ...(await storage.get("runs/died")) as object,
    status: "running",
  });
  await storage.delete("run-leases/died");
  return { storage, dir, lines };
}

async function resumeDied(
  storage: MemoryClient,
): Promise<{ result: RunResult; messages: string[] }> {
  const messages: string[] = [];
  const run = resumeRun("died", { executor: inThreadExecutor(), storage });
  for await (const event of run) {
    const message = (event.data as { message?: string }).message;
    if (message?.startsWith("attempt ")) messages.push(message);
  }
  return { result: await run.result, messages };
}

Deno.test("resumeRun() repeats an attempt its orchestrator's end interrupted: it is not charged", async () => {
  // Attempt 1 was recorded running, then the orchestrator died (its task maybe never ran).
  const { storage, dir, lines } = await interruptedRun(2, 1);
  const { result, messages } = await resumeDied(storage);
  // All three attempts are left: two fail, the third succeeds.
  assert.equal(result.status, "completed", JSON.stringify(result.nodes.get("flaky")));
  assert.deepEqual(lines(), ["flaky", "flaky", "flaky"]);
  assert.deepEqual(messages, ["attempt 1 of 3", "attempt 2 of 3", "attempt 3 of 3"]);
  assert.equal(result.nodes.get("flaky")?.attempts, 3);
  const record = (await getRun(storage, "died"))?.nodes[0];
  assert.deepEqual([record?.status, record?.interrupted], ["completed", 1]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resumeRun() repeats the last attempt when it was interrupted, and counts the interruptions", async () => {
  const { storage, dir, lines } = await interruptedRun(0, 3, 2);
  const { result, messages } = await resumeDied(storage);
  assert.equal(result.status, "completed");
  assert.deepEqual([lines(), messages], [["flaky"], ["attempt 3 of 3"]]);
  assert.equal((await getRun(storage, "died"))?.nodes[0]?.interrupted, 3);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resumeRun() charges interruptions past 10 (a task that kills its orchestrator): none left fails the node", async () => {
  // The eleventh interruption, of attempt 3 of 3: charged, so nothing is left to run.
  const { storage, dir, lines } = await interruptedRun(0, 3, INTERRUPTED_REPEATS);
  const { result } = await resumeDied(storage);
  assert.equal(result.status, "failed");
  assert.deepEqual(lines(), [], "the task did not run");
  const flaky = result.nodes.get("flaky");
  assert.deepEqual([flaky?.status, flaky?.attempts, flaky?.error?.code], [
    "failed",
    3,
    "INTERRUPTED",
  ]);
  assert.match(flaky?.error?.message ?? "", /Node "flaky" had 11 attempts interrupted/);
  assert.equal((await getRun(storage, "died"))?.nodes[0]?.interrupted, INTERRUPTED_REPEATS + 1);
  // A resume of the failed run gives it its attempts again.
  const { result: again } = await resumeDied(storage);
  assert.equal(again.status, "completed");
  assert.deepEqual(lines(), ["flaky"]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resumeRun() charges interruptions past 10 with attempts left: the next attempt runs", async () => {
  const { storage, dir, lines } = await interruptedRun(0, 1, INTERRUPTED_REPEATS);
  const { result, messages } = await resumeDied(storage);
  assert.equal(result.status, "completed");
  assert.deepEqual([lines(), messages], [["flaky"], ["attempt 2 of 3"]]);
  await Deno.remove(dir, { recursive: true });
});
