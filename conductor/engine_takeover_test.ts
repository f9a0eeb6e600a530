/**
 * A resume right after a crash on the same host takes over the dead
 * orchestrator's lease at once: the default holder id names the host and the
 * process (`<host>:<pid>:<uuid>`), and a holder whose process no longer exists
 * is freed. The leases last 10 minutes here, so only the takeover can let a
 * resume in; a live holder, or one of another host, is still refused.
 *
 * @module
 */
import assert from "node:assert/strict";
import { hostname } from "node:os";
import { MemoryClient } from "@atomiton/storage";
import { FileSystemClient } from "@atomiton/storage/fs";
import { ignoreUnless } from "../scripts/testing/needs.ts";
import { startRedis } from "../scripts/testing/redis.ts";
import { ConductorError } from "./conductor_error.ts";
import { getRun } from "./get_run.ts";
import { inThreadExecutor } from "./in_thread_executor.ts";
import { redisLease } from "./redis_lease.ts";
import { resumeRun } from "./resume_run.ts";
import type { RunLease } from "./run_lease.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { storageLease } from "./_storage_lease.ts";
import { takeoverBlueprint } from "./testdata/lease/blueprint.ts";
import type { HolderJob } from "./testdata/lease/holder.ts";

const HOLDER_SCRIPT = new URL("./testdata/lease/holder.ts", import.meta.url).pathname;
const TEN_MINUTES = 600_000;
const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

const isRunActive = (error: unknown): boolean =>
  error instanceof ConductorError && error.code === "RUN_ACTIVE";

/** Starts holder.ts; resolves once its run's node is running, with its pid and lease holder. */
async function holderProcess(
  job: HolderJob,
): Promise<{ pid: number; holder: string; kill(): Promise<void> }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", HOLDER_SCRIPT, JSON.stringify(job)],
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`holder.ts ended before its run started: ${text}`);
    text += value;
  }
  const { holder } = JSON.parse(text.slice(0, text.indexOf("\n"))) as { holder: string };
  return {
    pid: child.pid,
    holder,
    /** SIGKILL, as a crash; resolves once it is gone. */
    async kill(): Promise<void> {
      child.kill("SIGKILL");
      await child.status;
      await reader.cancel();
    },
  };
}

/** A dead process's pid: one that ran `true` and exited. */
async function deadPid(): Promise<number> {
  const child = new Deno.Command("true").spawn();
  await child.status;
  return child.pid;
}

async function killedHolderIsTakenOver(redis?: string): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "conductor-takeover-" });
  const lease = redis === undefined ? undefined : redisLease(redis);
  try {
    await using storage = new FileSystemClient({ directory: dir });
    const runId = "taken";
    const child = await holderProcess({ storage: dir, runId, leaseTtl: TEN_MINUTES, redis });
    assert.match(child.holder, new RegExp(`^${hostname()}:${child.pid}:${UUID}$`));
    const options = {
      storage,
      executor: inThreadExecutor(),
      leaseTtl: TEN_MINUTES,
      ...(lease ? { lease } : {}),
    };
    // Alive: refused, naming it.
    await assert.rejects(resumeRun(runId, options).result, (error) => {
      assert.ok(isRunActive(error), String(error));
      assert.match((error as Error).message, new RegExp(`held by "${child.holder}"`));
      return true;
    });
    await child.kill();
    // Dead, its lease still good for 10 minutes: taken over at once.
    const result = await resumeRun(runId, options).result;
    assert.equal(result.status, "completed");
    assert.equal(result.outputs.get("hold"), "done");
    const record = await getRun(storage, runId);
    assert.match(record?.holder ?? "", new RegExp(`^${hostname()}:${Deno.pid}:${UUID}$`));
  } finally {
    await lease?.close();
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("resumeRun() takes over at once the storage lease of an orchestrator SIGKILLed on this host, not a live one's", () =>
  killedHolderIsTakenOver());

Deno.test({
  name: "resumeRun() takes over at once the Redis lease of an orchestrator SIGKILLed on this " +
    "host, not a live one's",
  ...ignoreUnless("redis-server"),
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await killedHolderIsTakenOver(redis.url);
  },
});

/** Runs the blueprint on a lease `held` already holds for 10 minutes: how it ended, or RUN_ACTIVE. */
async function runOnLeaseHeldBy(
  held: string,
  lease: RunLease = storageLease(new MemoryClient()),
): Promise<string> {
  const runId = "held-before";
  assert.equal(await lease.acquire(runId, held, TEN_MINUTES), true);
  const run = runBlueprint(takeoverBlueprint, {
    executor: inThreadExecutor(),
    lease,
    runId,
    leaseTtl: TEN_MINUTES,
  });
  return await run.result.then((result) => result.status, (error) => {
    assert.ok(isRunActive(error), String(error));
    return "RUN_ACTIVE";
  });
}

Deno.test("runBlueprint() frees the lease of a dead process of this host, and only that", async () => {
  const dead = await deadPid();
  const id = crypto.randomUUID();
  assert.equal(await runOnLeaseHeldBy(`${hostname()}:${dead}:${id}`), "completed");
  // Another host's holder is never judged, whatever its pid: only its expiry frees it.
  assert.equal(await runOnLeaseHeldBy(`other-${hostname()}:${dead}:${id}`), "RUN_ACTIVE");
  // A live process of this host (this one), and a holder id of another making, are kept.
  assert.equal(await runOnLeaseHeldBy(`${hostname()}:${Deno.pid}:${id}`), "RUN_ACTIVE");
  assert.equal(await runOnLeaseHeldBy(`${hostname()}:${dead}:not-a-uuid`), "RUN_ACTIVE");
  assert.equal(await runOnLeaseHeldBy("crash-test-orchestrator"), "RUN_ACTIVE");
});

Deno.test("runBlueprint() holds its lease as <host>:<pid>:<uuid> unless given a holder", async () => {
  const storage = new MemoryClient();
  const executor = inThreadExecutor();
  const first = runBlueprint(takeoverBlueprint, { executor, storage });
  await first.result;
  const holder = (await getRun(storage, first.id))?.holder ?? "";
  assert.match(holder, new RegExp(`^${hostname()}:${Deno.pid}:${UUID}$`));
  const second = runBlueprint(takeoverBlueprint, { executor, storage, holder: "mine" });
  await second.result;
  assert.equal((await getRun(storage, second.id))?.holder, "mine");
});
