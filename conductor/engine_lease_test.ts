import assert from "node:assert/strict";
import { MemoryClient } from "@atomiton/storage";
import { getRun } from "./get_run.ts";
import { inThreadExecutor } from "./in_thread_executor.ts";
import { resumeRun } from "./resume_run.ts";
import { runBlueprint } from "./run_blueprint.ts";
import type { RunLease } from "./run_lease.ts";
import { blueprint, task } from "./testdata/engine/blueprints.ts";

const waiting = blueprint([task("wait", "waitForAbort")]);

Deno.test("resumeRun() of a run another live orchestrator holds is refused with RUN_ACTIVE naming it", async () => {
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  const run = runBlueprint(waiting, { executor, storage, runId: "held", holder: "first" });
  for await (const event of run) {
    if ((event.data as { status?: string }).status !== "running") continue;
    await assert.rejects(
      resumeRun("held", { executor, storage, holder: "second" }).result,
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "RUN_ACTIVE");
        assert.match(
          error.message,
          /Run "held" is running in another orchestrator \(held by "first"\)/,
        );
        return true;
      },
    );
    run.cancel();
  }
  assert.equal((await run.result).status, "cancelled");
  // Once the first orchestrator released it, the run can be resumed.
  const again = resumeRun("held", { executor, storage, holder: "second" });
  for await (const event of again) {
    if ((event.data as { status?: string }).status === "running") again.cancel();
  }
  assert.equal((await again.result).status, "cancelled");
});

Deno.test("runBlueprint() stops, writing nothing more, when a renewal finds its lease taken over", async () => {
  const storage = new MemoryClient();
  let renewals = 0;
  const lease: RunLease = {
    acquire: () => Promise.resolve(true),
    renew: () => Promise.resolve(++renewals < 2),
    release: () => Promise.resolve(),
  };
  const run = runBlueprint(waiting, {
    executor: inThreadExecutor(),
    storage,
    lease,
    leaseTtl: 30,
    runId: "lost",
  });
  const result = await run.result;
  assert.equal(result.status, "cancelled");
  assert.equal(result.error?.code, "RUN_ACTIVE");
  assert.match(result.error!.message, /lease was taken over/);
  // The run record stays as the other orchestrator would find it: running.
  assert.equal((await getRun(storage, "lost"))?.status, "running");
  assert.equal((await getRun(storage, "lost"))?.nodes[0]?.status, "running");
});

Deno.test("runBlueprint() refuses bad options and blueprints through its result", async () => {
  await assert.rejects(runBlueprint(waiting, { runId: "a/b" }).result, { code: "INVALID_OPTION" });
  await assert.rejects(runBlueprint(waiting, { concurrency: 0 }).result, {
    code: "INVALID_OPTION",
  });
  await assert.rejects(runBlueprint({ nodes: 1 }).result, { code: "INVALID_BLUEPRINT" });
  const failing = runBlueprint({ nodes: 1 });
  await assert.rejects(async () => {
    for await (const _ of failing) { /* the iteration throws the same error */ }
  }, { code: "INVALID_BLUEPRINT" });
});
