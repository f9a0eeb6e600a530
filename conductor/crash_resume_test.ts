/**
 * The issue's proof of durable runs: the orchestrator, a process of its own on
 * Deno and on Node.js, is SIGKILLed (its whole process group, workers included)
 * at random markers 20 times over one blueprint and resumed each time. The run
 * completes with the right outputs, and no node (or mapped element) recorded
 * completed at a kill ever runs again: the tasks append one line per execution
 * to a counts file, and the storage is read after each kill, before resuming.
 * Kills happen at markers (the k-th event printed, the k-th counts line, the
 * k-th write of a run record), never after sleeps. Set CRASH_SEED to replay a
 * sequence of kills (CRASH_TRACE=1 prints each round). Each orchestrator has the
 * default lease holder, its own (`<host>:<pid>:<uuid>`): a resume takes over the
 * killed one's lease at once instead of waiting out its 30 s. A run gets at most
 * INTERRUPTED_REPEATS kills (more runs take the rest), so that no node's
 * interrupted attempts are ever charged: the test's kills are not the tasks' doing.
 *
 * @module
 */
import assert from "node:assert/strict";
import { hostname } from "node:os";
import { getRun } from "@atomiton/conductor";
import { FileSystemClient } from "@atomiton/storage/fs";
import {
  type ExternalKill,
  readCounts,
  type Round,
  runRound,
  type Runtime,
  RUNTIMES,
  seededRandom,
  type Snapshot,
  snapshot,
} from "./testdata/crash/harness.ts";
import type { Job, SelfKill } from "./testdata/crash/orchestrator.ts";
import { INTERRUPTED_REPEATS } from "./_engine_attempt.ts";

const BLUEPRINT = new URL("./testdata/crash/blueprint.json", import.meta.url).pathname;
const KILLS = 20;
const MAPPED = ["squares"];
const SKIPPED = ["small", "tiny"];
/** Executions a node may have within one orchestrator's life: its attempts. */
const ATTEMPTS: ReadonlyMap<string, number> = new Map([["flaky", 3]]);

// Worked out by hand from blueprint.json, not by running anything.
const LIST = [0, 1, 2, 3, 4].map((index) => ({ index, value: 121 + index }));
const EXPECTED = new Map<string, unknown>([
  ["seed", 2],
  ["a", 20],
  ["b", 40],
  ["c", 60],
  ["join", 120],
  ["flaky", 121],
  ["list", LIST],
  ["squares", [14641, 14884, 15129, 15376, 15625]],
  ["route", { big: 75655 }],
  ["big", 75656],
  ["c1", 75666],
  ["c2", 75766],
  ["broken", { error: { name: "Error", message: "broken on purpose after 2", code: "BROKEN" } }],
]);
/** Failed with `onError: "continue"`: its `{ error }` is its output, and the run completes. */
const CONTINUED = ["broken"];

interface Marker {
  readonly self?: SelfKill;
  readonly external?: ExternalKill;
}

function pickMarker(random: () => number, ctx: Ctx): Marker {
  const k = (most: number): number => 1 + Math.floor(random() * most);
  const { log } = ctx;
  // Worker processes: the orchestrator alone is killed, from outside; they must end by themselves.
  if (ctx.processes) {
    const leaderOnly = true;
    if (random() < 0.5) return { external: { at: "event", k: k(24), leaderOnly } };
    return { external: { at: "line", k: k(8), log, leaderOnly } };
  }
  switch (Math.floor(random() * 4)) {
    case 0:
      return { self: { at: "write-before", k: k(24) } };
    case 1:
      return { self: { at: "write-after", k: k(24) } };
    case 2:
      return { external: { at: "event", k: k(24) } };
    default:
      return { external: { at: "line", k: k(8), log } };
  }
}

interface Ctx {
  readonly runtime: Runtime;
  readonly dir: string;
  readonly runId: string;
  readonly log: string;
  /** Workers as child processes (memoryLimitMb on Deno) rather than threads. */
  readonly processes?: boolean;
}

function job(ctx: Ctx, start: boolean, kill?: SelfKill): Job {
  return {
    storage: `${ctx.dir}/storage`,
    runId: ctx.runId,
    ...(start ? { start: { blueprint: BLUEPRINT, log: ctx.log } } : {}),
    ...(kill === undefined ? {} : { kill }),
    ...(ctx.processes ? { memoryLimitMb: 256 } : {}),
  };
}

const takeSnapshot = (ctx: Ctx): Promise<Snapshot> =>
  snapshot(`${ctx.dir}/storage`, ctx.runId, ctx.log, MAPPED);

/** Nodes the killed orchestrator printed `completed` for: each must be recorded completed. */
function assertAnnouncedRecorded(round: Round, snap: Snapshot, where: string): void {
  for (const line of round.lines) {
    const data = line.data as { nodeId?: string; status?: string } | undefined;
    if (line.type !== "execution:node-progress" || data?.status !== "completed") continue;
    assert.ok(
      snap.completed.has(data.nodeId!),
      `${where}: node "${data.nodeId}" was announced completed before the kill, but its record ` +
        `says ${snap.record?.nodes.find((n) => n.nodeId === data.nodeId)?.status}`,
    );
  }
}

/** Every node recorded settled at the previous kill is still recorded so, output and all. */
function assertKept(before: Snapshot | undefined, after: Snapshot, where: string): void {
  for (const node of before?.record?.nodes ?? []) {
    if (!before!.completed.has(node.nodeId)) continue;
    const now = after.record?.nodes.find((n) => n.nodeId === node.nodeId);
    assert.deepEqual(
      [now?.status, now?.output],
      [node.status, node.output],
      `${where}: node "${node.nodeId}" lost its completed record`,
    );
  }
}

/** The last orchestrator ended on its own with the run completed and the right outputs. */
async function assertCompleted(ctx: Ctx, round: Round, where: string): Promise<void> {
  const last = round.lines.at(-1) as {
    result?: {
      status: string;
      outputs: [string, unknown][];
      nodes: [string, { status: string }][];
    };
  };
  assert.equal(round.code, 0, `${where}: exit ${round.code}\n${round.stderr}`);
  assert.ok(last.result, `${where}: no result: ${JSON.stringify(last)}\n${round.stderr}`);
  assert.equal(last.result.status, "completed", `${where}: ${JSON.stringify(last.result)}`);
  assert.deepEqual(new Map(last.result.outputs), EXPECTED, where);
  const statuses = new Map(last.result.nodes.map(([id, node]) => [id, node.status]));
  for (const id of SKIPPED) assert.equal(statuses.get(id), "skipped", `${where}: ${id}`);
  for (const id of EXPECTED.keys()) {
    const status = CONTINUED.includes(id) ? "failed" : "completed";
    assert.equal(statuses.get(id), status, `${where}: ${id}`);
  }
  await using storage = new FileSystemClient({ directory: `${ctx.dir}/storage` });
  const record = await getRun(storage, ctx.runId);
  assert.equal(record?.status, "completed", `${where}: the stored run record`);
  // Its own default holder, not the killed one's: it took that lease over at once (unless the
  // killed one had recorded the run completed: then this one started nothing).
  if (round.lines.some((line) => line.type === "execution:started")) {
    const holder = `${hostname()}:${round.lines[0]?.pid}:`;
    assert.ok(
      record.holder?.startsWith(holder),
      `${where}: holder ${record.holder}, not ${holder}…`,
    );
  }
}

/**
 * Every execution in the counts file: none of a node or element recorded completed at an
 * earlier kill, none of a skipped node, none twice in one orchestrator's life (but retries).
 */
function assertNoCompletedRanAgain(log: string, snaps: readonly Snapshot[], where: string): void {
  const lines = readCounts(log);
  for (const [i, snap] of snaps.entries()) {
    for (const line of lines.slice(snap.counts)) {
      const [nodeId] = line.split(" ");
      assert.ok(
        !snap.completed.has(nodeId!) && !snap.completed.has(line),
        `${where}: "${line}" ran again after kill ${i + 1}, which found it recorded completed`,
      );
    }
  }
  const bounds = [0, ...snaps.map((snap) => snap.counts), lines.length];
  for (let s = 0; s + 1 < bounds.length; s++) {
    const runs = new Map<string, number>();
    for (const line of lines.slice(bounds[s], bounds[s + 1])) {
      const [nodeId] = line.split(" ");
      assert.ok(!SKIPPED.includes(nodeId!), `${where}: skipped node ran: ${line}`);
      runs.set(line, (runs.get(line) ?? 0) + 1);
      assert.ok(
        runs.get(line)! <= (ATTEMPTS.get(nodeId!) ?? 1),
        `${where}: "${line}" ran ${runs.get(line)} times in orchestrator ${s + 1} ` +
          `(no kill between them)`,
      );
    }
  }
}

/** One run, killed at random markers until `budget` kills are spent or it completes. */
async function crashOneRun(
  ctx: Ctx,
  random: () => number,
  budget: number,
  seed: number,
): Promise<number> {
  const snaps: Snapshot[] = [];
  let started = false;
  for (;;) {
    const marker = snaps.length < budget ? pickMarker(random, ctx) : {};
    const where = `CRASH_SEED=${seed} ${ctx.runtime} ${ctx.runId} round ${snaps.length + 1} ` +
      `(marker ${JSON.stringify(marker.self ?? marker.external ?? "none")})`;
    const round = await runRound(ctx.runtime, job(ctx, !started, marker.self), marker.external);
    if (!round.killed) {
      trace(`${where}: completed, ${readCounts(ctx.log).length} executions`);
      await assertCompleted(ctx, round, where);
      assertNoCompletedRanAgain(ctx.log, snaps, where);
      return snaps.length;
    }
    const snap = await takeSnapshot(ctx);
    assertAnnouncedRecorded(round, snap, where);
    if (snap.record === undefined) {
      assert.ok(!started, `${where}: the run record is gone`);
      assert.equal(snap.counts, 0, `${where}: a node ran before the run was recorded`);
    }
    started ||= snap.record !== undefined;
    assertKept(snaps.at(-1), snap, where);
    snaps.push(snap);
    trace(`${where}: killed after ${snap.counts} executions, ${snap.completed.size} recorded done`);
  }
}

function trace(text: string): void {
  if (Deno.env.get("CRASH_TRACE")) Deno.stderr.writeSync(new TextEncoder().encode(`${text}\n`));
}

async function withTempDir(test: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "conductor-crash-" });
  try {
    await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const context = (runtime: Runtime, dir: string, n: number, processes = false): Ctx => ({
  runtime,
  dir,
  runId: `crash-${n}`,
  log: `${dir}/counts-${n}.txt`,
  processes,
});

/** Kills the orchestrator `kills` times at markers from `CRASH_SEED` (or a random seed). */
async function crashRuns(runtime: Runtime, kills: number, processes = false): Promise<void> {
  const seed = Number(Deno.env.get("CRASH_SEED") ?? Math.floor(Math.random() * 2 ** 31));
  Deno.stderr.writeSync(new TextEncoder().encode(`CRASH_SEED=${seed} (${runtime})\n`));
  const random = seededRandom(seed);
  await withTempDir(async (dir) => {
    let done = 0;
    for (let n = 1; done < kills; n++) {
      const budget = Math.min(kills - done, INTERRUPTED_REPEATS);
      done += await crashOneRun(context(runtime, dir, n, processes), random, budget, seed);
    }
  });
}

const linux = Deno.build.os === "linux";

/** Starts the run in a new folder, killed at `kill`; hands `check` what the kill left, and a resume. */
function killedAt(
  runtime: Runtime,
  kill: SelfKill,
  check: (ctx: Ctx, snap: Snapshot, where: string, resume: () => Promise<Round>) => Promise<void>,
): Promise<void> {
  return withTempDir(async (dir) => {
    const ctx = context(runtime, dir, 1);
    const where = `${runtime} killed at ${JSON.stringify(kill)}`;
    const killed = await runRound(runtime, job(ctx, true, kill));
    assert.ok(killed.killed, `${where}: not killed: ${killed.stderr}`);
    await check(ctx, await takeSnapshot(ctx), where, () => runRound(runtime, job(ctx, false)));
  });
}

for (const runtime of RUNTIMES) {
  Deno.test({
    name: `resumeRun() after ${KILLS} SIGKILLs of the orchestrator on ${runtime}: right ` +
      `outputs, no node or element recorded completed runs again`,
    ignore: !linux,
    fn: () => crashRuns(runtime, KILLS),
  });

  Deno.test({
    name: `resumeRun() on ${runtime} after a SIGKILL once the run record is first written ` +
      `(no node yet): every node runs once`,
    ignore: !linux,
    fn: () =>
      killedAt(runtime, { at: "run-start" }, async (ctx, snap, where, resume) => {
        assert.equal(snap.record?.status, "running", where);
        assert.deepEqual(snap.record.nodes.filter((n) => n.status !== "pending"), [], where);
        assert.equal(snap.counts, 0, where);
        await assertCompleted(ctx, await resume(), where);
        assertNoCompletedRanAgain(ctx.log, [snap], where);
        assert.equal(readCounts(ctx.log).filter((line) => line !== "flaky -").length, 16, where);
      }),
  });

  Deno.test({
    name: `resumeRun() on ${runtime} after a SIGKILL between the last node and the run's ` +
      `end record: completes without running anything`,
    ignore: !linux,
    fn: () =>
      killedAt(runtime, { at: "run-end" }, async (ctx, snap, where, resume) => {
        assert.equal(snap.record?.status, "running", where);
        for (const node of snap.record.nodes) {
          const expected = SKIPPED.includes(node.nodeId)
            ? "skipped"
            : CONTINUED.includes(node.nodeId)
            ? "failed"
            : "completed";
          assert.equal(node.status, expected, `${where}: ${node.nodeId}`);
        }
        await assertCompleted(ctx, await resume(), where);
        assert.equal(readCounts(ctx.log).length, snap.counts, `${where}: something ran again`);
      }),
  });
}

for (const runtime of RUNTIMES) {
  for (const attempts of [1, 2]) {
    Deno.test({
      // An interrupted attempt is repeated, not charged (attemptBudget in _engine_attempt.ts).
      ignore: !linux,
      name: `resumeRun() on ${runtime} after a SIGKILL between attempt ${attempts}'s record and ` +
        `its task: the task still gets all 3 of its attempts, and the run completes`,
      fn: () =>
        killedAt(runtime, { at: "attempt", nodeId: "flaky", attempts }, async (...args) => {
          const [ctx, snap, where, resume] = args;
          const flaky = snap.record?.nodes.find((node) => node.nodeId === "flaky");
          assert.deepEqual([flaky?.status, flaky?.attempts], ["running", attempts], where);
          // The attempt recorded last never reached a worker: the task ran once for each before it.
          const ran = readCounts(ctx.log).filter((line) => line === "flaky -").length;
          assert.equal(ran, attempts - 1, where);
          await assertCompleted(ctx, await resume(), where);
          assertNoCompletedRanAgain(ctx.log, [snap], where);
        }),
    });
  }
}

Deno.test({
  name: "resumeRun() after SIGKILLs of the orchestrator alone on deno, its workers child " +
    "processes (memoryLimitMb): they end with it, and nothing recorded completed runs again",
  // Worker processes watch their parent (execution/_process_worker.ts): none outlives it.
  ignore: !linux,
  fn: () => crashRuns("deno", 6, true),
});
