/**
 * The Redis proof: a blueprint on `redisExecutor`, `RedisStorageClient`
 * and `redisLease`, its orchestrator a process of its own, SIGKILLed while two
 * nodes run on the workers (a separate process that keeps serving); the run is
 * resumed from another process and completes with the right outputs, and no node
 * that had completed before the kill runs again (the tasks count their runs in
 * a file). While the first orchestrator lives, a second one's `resumeRun` is
 * refused with RUN_ACTIVE. Every wait is for a marker (a line printed, a line
 * counted, a key gone), never a sleep.
 *
 * @module
 */
import assert from "node:assert/strict";
import { getRun } from "@atomiton/conductor";
import { RedisStorageClient } from "@atomiton/storage/redis";
import { Redis } from "ioredis";
import { ignoreUnless } from "../scripts/testing/needs.ts";
import { startRedis } from "../scripts/testing/redis.ts";
import type { RedisJob } from "./testdata/executors/redis_orchestrator.ts";

const DENO = Deno.execPath();
const HERE = new URL("./testdata/executors/", import.meta.url);
const TASKS = new URL("resume_tasks.mjs", HERE).href;
/** Only turns a hang into a failure; a healthy machine reaches every marker long before. */
const SAFETY_NET_MS = 120_000;
const LEASE_PREFIX = "atomiton:conductor:lease";

/** A child process whose standard output is read line by line as it comes. */
interface Child {
  readonly lines: unknown[];
  readonly process: Deno.ChildProcess;
  /** Resolves once a line matches (or the process ended without one: rejects). */
  until(match: (line: unknown) => boolean): Promise<void>;
  readonly ended: Promise<Deno.CommandStatus>;
  readonly stderr: Promise<string>;
}

function spawn(script: string, arg: string): Child {
  const process = new Deno.Command(DENO, {
    args: ["run", "-A", new URL(script, HERE).pathname, arg],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines: unknown[] = [];
  const waiters = new Set<() => void>();
  const reading = (async () => {
    let buffer = "";
    for await (const chunk of process.stdout.pipeThrough(new TextDecoderStream())) {
      buffer += chunk;
      let newline;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const text = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        lines.push(text.startsWith("{") ? JSON.parse(text) : text);
        for (const wake of waiters) wake();
      }
    }
  })();
  const stderr = new Response(process.stderr).text();
  const ended = reading.then(() => process.status);
  const until = (match: (line: unknown) => boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (lines.some(match)) {
          waiters.delete(check);
          resolve();
        }
      };
      waiters.add(check);
      check();
      ended.then(async () => {
        if (waiters.delete(check)) reject(new Error(`${script} ended first:\n${await stderr}`));
      });
    });
  return { lines, process, until, ended, stderr };
}

/** Polls `done` until it holds; fails only past the safety net. */
async function until(what: string, done: () => Promise<boolean> | boolean): Promise<void> {
  const giveUp = Date.now() + SAFETY_NET_MS;
  while (!(await done())) {
    if (Date.now() > giveUp) throw new Error(`never happened: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function readCounts(log: string): string[] {
  try {
    return Deno.readTextFileSync(log).split("\n").filter(Boolean);
  } catch {
    return [];
  }
}

function blueprint(log: string, release: string): unknown {
  const node = (id: string, task: string, input: Record<string, unknown>, x: number) => ({
    id,
    type: "task",
    position: { x, y: 0 },
    data: { module: TASKS, export: task, input: { ...input, log, release } },
  });
  const edge = (source: string, target: string, targetHandle: string) => ({
    id: `${source}-${target}`,
    source,
    target,
    targetHandle,
  });
  return {
    id: "redis-resume",
    name: "Redis resume",
    nodes: [
      node("first", "plus", { n: 1, plus: 0 }, 0),
      node("second", "plus", { plus: 10 }, 1),
      node("hold1", "holdPlus", { plus: 100 }, 2),
      node("hold2", "holdPlus", { plus: 1000 }, 2),
      node("final", "sum", {}, 3),
    ],
    edges: [
      edge("first", "second", "n"),
      edge("second", "hold1", "n"),
      edge("second", "hold2", "n"),
      edge("hold1", "final", "x"),
      edge("hold2", "final", "y"),
    ],
  };
}

const resultOf = (lines: unknown[]) =>
  (lines.at(-1) as { result?: { status: string; outputs: [string, unknown][] } }).result;

Deno.test({
  name:
    "resumeRun() on Redis: the orchestrator killed, the run resumed from another process while the workers serve on",
  ...ignoreUnless("redis-server"),
  fn: async () => {
    await using server = await startRedis();
    const dir = await Deno.makeTempDir({ prefix: "conductor-redis-resume-" });
    const log = `${dir}/counts.log`;
    const release = `${dir}/release`;
    const runId = "redis-resume-1";
    const job = (holder: string, start: boolean): string =>
      JSON.stringify(
        {
          redis: server.url,
          runId,
          holder,
          // Long: a live orchestrator never loses its lease, however slow the machine.
          leaseTtl: 60_000,
          ...(start ? { blueprint: blueprint(log, release) } : {}),
        } satisfies RedisJob,
      );
    const redis = new Redis(server.url);
    const worker = spawn("redis_worker.ts", server.url);
    const orchestrators: Child[] = [];
    const orchestrate = (holder: string, start: boolean): Child => {
      const child = spawn("redis_orchestrator.ts", job(holder, start));
      orchestrators.push(child);
      return child;
    };
    try {
      await worker.until((line) => line === "ready");

      // 1. The first orchestrator runs until both hold nodes run on the worker.
      const first = orchestrate("orchestrator-1", true);
      await until("hold1 and hold2 running", () => {
        const counts = readCounts(log);
        return counts.includes("hold1") && counts.includes("hold2");
      });

      // 2. While it lives, another orchestrator's resumeRun is refused.
      // (Its first line says so: one that ran the run would print events and hang on the holds.)
      const intruder = orchestrate("orchestrator-2", false);
      await intruder.until(() => true);
      const refusal = (intruder.lines[0] as { error?: { code?: string } }).error;
      assert.equal(refusal?.code, "RUN_ACTIVE", JSON.stringify(intruder.lines[0]));
      assert.notEqual((await intruder.ended).code, 0);

      // 3. Kill it; its nodes that completed are recorded, hold1 and hold2 are not.
      first.process.kill("SIGKILL");
      assert.equal((await first.ended).signal, "SIGKILL");
      const completedBefore = await completedNodes(server.url, runId);
      assert.deepEqual(completedBefore.sort(), ["first", "second"]);
      const countsAtKill = readCounts(log);

      // 4. Its lease would expire after the ttl: the test brings that moment forward.
      const leaseKey = `${LEASE_PREFIX}:${runId}`;
      assert.equal(await redis.get(leaseKey), "orchestrator-1");
      await redis.pexpire(leaseKey, 1);
      await until(
        "the dead holder's lease expired",
        async () => await redis.exists(leaseKey) === 0,
      );

      // 5. Another process resumes it; the workers never stopped.
      await Deno.writeTextFile(release, "");
      const resumer = orchestrate("orchestrator-3", false);
      const status = await resumer.ended;
      assert.equal(status.code, 0, `${JSON.stringify(resumer.lines)}\n${await resumer.stderr}`);
      const result = resultOf(resumer.lines);
      assert.equal(result?.status, "completed", JSON.stringify(resumer.lines.at(-1)));
      assert.deepEqual(
        new Map(result!.outputs),
        new Map<string, unknown>([
          ["first", 1],
          ["second", 11],
          ["hold1", 111],
          ["hold2", 1011],
          ["final", 1122],
        ]),
      );

      // 6. No node completed before the kill ran again; the rest ran after it.
      const after = readCounts(log).slice(countsAtKill.length);
      for (const id of completedBefore) assert.ok(!after.includes(id), `${id} ran again: ${after}`);
      assert.deepEqual(countsAtKill.filter((id) => id === "first" || id === "second"), [
        "first",
        "second",
      ]);
      assert.ok(after.includes("hold1") && after.includes("hold2") && after.includes("final"));
      assert.equal(await redis.exists(leaseKey), 0, "the resumer released the lease");
      await using storage = new RedisStorageClient({ url: server.url });
      assert.equal((await getRun(storage, runId))?.status, "completed");
    } finally {
      for (const child of orchestrators) {
        try {
          child.process.kill("SIGKILL");
        } catch { /* it has ended */ }
        await child.ended;
        await child.stderr;
      }
      // Ended at once: a failed test may leave hold tasks that would keep a graceful close waiting.
      worker.process.kill("SIGKILL");
      await worker.ended;
      await worker.stderr;
      redis.disconnect();
      await Deno.remove(dir, { recursive: true });
    }
  },
});

/** The nodes the stored record says completed. */
async function completedNodes(url: string, runId: string): Promise<string[]> {
  await using storage = new RedisStorageClient({ url });
  const record = await getRun(storage, runId);
  assert.ok(record, "the run is recorded");
  return record.nodes.filter((node) => node.status === "completed").map((node) => node.nodeId);
}
