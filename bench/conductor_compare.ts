// deno-lint-ignore-file no-console
/**
 * What the blueprint engine costs per node, and how it compares with BullMQ.
 *
 * 1. Per-node overhead over a raw `WorkerPool` (2 workers, a trivial task): a
 *    200-node chain (each node gets the previous output) and a 1,000-node
 *    fan-out (one source feeding 1,000 leaves), run by `runBlueprint` with its
 *    records in memory (`MemoryClient`), on the file system (`FileSystemClient`
 *    in a temporary folder) and on Redis (`RedisStorageClient`), against the same
 *    tasks sent straight to a `WorkerPool`. Overhead = (engine - raw) / nodes.
 *    Goals (issue 15): in memory at most 0.3 ms a node, on the file system 1.5 ms.
 * 2. The 200-node chain on Redis, records on Redis: the engine with
 *    `redisExecutor` (a `RedisWorker` serving the node runner) and with one local
 *    worker thread, a raw `RedisPool` (the executor's floor), against BullMQ's
 *    `FlowProducer` (the chain is a flow 200 deep; a job reads its child's value),
 *    its processor inline and in a worker thread, under Node, on the same server.
 *    Fair shares: one worker process each (this one), concurrency 1 each. Goal:
 *    twice BullMQ's rate (its fastest variant). Beside the ratios it prints the
 *    floor (`_conductor_floor.ts`): the measured round trip and record write, the
 *    round trips each design needs per node, and whether the goal is in reach.
 *
 * Each case runs 7 rounds, interleaved, and the median counts (`compare` of
 * `_harness.ts`). Run from the repository root:
 * `deno run -A bench/run.ts bench/conductor_compare.ts` (Deno, then Node).
 *
 * @module
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WorkerPool } from "@atomiton/execution";
import { RedisPool, startRedisWorker } from "@atomiton/execution/redis";
import { MemoryClient, type StorageClient } from "@atomiton/storage";
import { FileSystemClient } from "@atomiton/storage/fs";
import { RedisStorageClient } from "@atomiton/storage/redis";
import {
  NODE_RUNNER_URL,
  type NodeExecutor,
  runBlueprint,
  validateBlueprint,
  type ValidBlueprint,
  workerPoolExecutor,
} from "@atomiton/conductor";
import { redisExecutor } from "@atomiton/conductor/redis";
import { type BenchCase, type BenchResult, compare } from "./_harness.ts";
import { chainBlueprint, fanOutBlueprint, rawChain, rawFanOut } from "./_conductor_baseline.ts";
import { type BenchRedis, startBenchRedis } from "./_conductor_redis.ts";
import { measureFloor, msPer, printFloor, type RedisFloor } from "./_conductor_floor.ts";

const WORKERS = 2;
const CHAIN = 200;
const FAN_OUT = 1000;
const ROUNDS = { roundMs: 1, rounds: 7 };
const GOALS = { memory: 0.3, fs: 1.5, redisVsBullmq: 2 };
const isDeno = "Deno" in globalThis;
const cwd: string = isDeno
  ? Deno.cwd()
  : (globalThis as unknown as { process: { cwd(): string } }).process.cwd();
// bench/run.ts runs from the repository root; Node runs a bundle elsewhere, so no import.meta.url.
const task = new URL(`file://${cwd}/bench/_conductor_task.mjs`);

/** One engine case: a fresh run of `blueprint` per call, which must complete. */
function engineCase(
  name: string,
  blueprint: ValidBlueprint,
  executor: NodeExecutor,
  storage: () => StorageClient,
): BenchCase {
  return {
    name,
    ops: blueprint.nodes.length,
    fn: async () => {
      const run = runBlueprint(blueprint, { executor, storage: storage() });
      const result = await run.result;
      if (result.status !== "completed") {
        throw new Error(`${name}: the run ended ${result.status}: ${result.error?.message}`);
      }
    },
  };
}

/** Milliseconds a node costs in `result` beyond `raw`, from their rates in nodes a second. */
function overheadMs(result: BenchResult, raw: BenchResult): number {
  return 1000 / result.opsPerSecond - 1000 / raw.opsPerSecond;
}

function verdict(ok: boolean): string {
  return ok ? "PASS" : "MISS";
}

function printOverheads(results: readonly BenchResult[], goals: ReadonlyMap<string, number>): void {
  const raw = results.find((r) => r.name.startsWith("raw"))!;
  console.log("  per-node overhead over the raw WorkerPool:");
  for (const result of results) {
    if (result === raw) continue;
    const ms = overheadMs(result, raw);
    const goal = goals.get(result.name);
    const judged = goal === undefined ? "" : `  goal <= ${goal} ms: ${verdict(ms <= goal)}`;
    console.log(`    ${result.name.padEnd(28)} ${ms.toFixed(3).padStart(7)} ms${judged}`);
  }
}

/** Section 1: the engine on local workers against the raw pool, per storage. */
async function overheadOverRaw(redis: BenchRedis | undefined): Promise<void> {
  const raw = new WorkerPool(task, { minWorkers: WORKERS, maxWorkers: WORKERS });
  const executor = workerPoolExecutor({ maxWorkers: WORKERS });
  const dir = mkdtempSync(join(tmpdir(), "atomiton-bench-conductor-"));
  const files = new FileSystemClient({ directory: dir });
  const onRedis = redis && new RedisStorageClient({ url: redis.url, namespace: "bench:" });
  try {
    const shapes = [
      {
        name: `${CHAIN}-node chain`,
        bp: chainBlueprint(task.href, CHAIN),
        run: rawChain,
        n: CHAIN,
      },
      {
        name: `${FAN_OUT}-node fan-out`,
        bp: fanOutBlueprint(task.href, FAN_OUT),
        run: rawFanOut,
        n: FAN_OUT,
      },
    ];
    for (const shape of shapes) {
      const blueprint = await validateBlueprint(shape.bp);
      const memory = engineCase(
        "conductor, memory",
        blueprint,
        executor,
        () => new MemoryClient(),
      );
      const peers: BenchCase[] = [
        {
          name: "raw WorkerPool",
          ops: blueprint.nodes.length,
          fn: () => shape.run((input) => raw.run(input), shape.n),
        },
        engineCase("conductor, file system", blueprint, executor, () => files),
      ];
      if (onRedis) {
        peers.push(engineCase("conductor, Redis records", blueprint, executor, () => onRedis));
      }
      const results = await compare(
        `${shape.name}, ${WORKERS} local workers (nodes/s)`,
        memory,
        peers,
        ROUNDS,
      );
      printOverheads(
        results,
        new Map([["conductor, memory", GOALS.memory], [
          "conductor, file system",
          GOALS.fs,
        ]]),
      );
    }
  } finally {
    await executor.close();
    await raw.close();
    await files.close();
    await onRedis?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Each conductor case's rate over BullMQ's fastest, against the goal, and the floor under it. */
function printAgainstBullmq(results: readonly BenchResult[], floor: RedisFloor): void {
  const bullmq = results.filter((r) => r.name.startsWith("BullMQ"));
  if (bullmq.length === 0) return;
  const fastest = Math.max(...bullmq.map((r) => r.opsPerSecond));
  console.log("  rate over BullMQ's fastest:");
  for (const result of results.filter((r) => r.name.startsWith("conductor"))) {
    const times = result.opsPerSecond / fastest;
    const judged = `goal >= ${GOALS.redisVsBullmq}x: ${verdict(times >= GOALS.redisVsBullmq)}`;
    console.log(
      `    ${result.name.padEnd(28)} ${times.toFixed(2).padStart(7)}x  ` +
        `${msPer(result.opsPerSecond).toFixed(3)} ms/node  ${judged}`,
    );
  }
  const rate = (name: string) => results.find((r) => r.name === name)!.opsPerSecond;
  printFloor(floor, {
    conductor: msPer(rate("conductor, redisExecutor")),
    rawPool: msPer(rate("raw RedisPool")),
    bullmq: msPer(fastest),
  }, GOALS.redisVsBullmq);
}

/** Section 2: the chain on Redis, the engine's Redis executor against BullMQ's FlowProducer. */
async function againstBullmq(redis: BenchRedis): Promise<void> {
  const fairness = "1 worker process (this one), concurrency 1 on each side";
  // The conductor's side: a RedisWorker serving the node runner, and a raw RedisPool for the floor.
  const worker = startRedisWorker({
    redis: redis.url,
    moduleUrl: NODE_RUNNER_URL,
    queue: "blueprints",
    concurrency: 1,
  });
  const rawWorker = startRedisWorker({
    redis: redis.url,
    moduleUrl: task,
    queue: "raw",
    concurrency: 1,
  });
  await Promise.all([worker.ready, rawWorker.ready]);
  const executor = redisExecutor({ redis: redis.url });
  const local = workerPoolExecutor({ maxWorkers: 1 });
  const rawPool = new RedisPool({ redis: redis.url, queue: "raw" });
  const storage = new RedisStorageClient({ url: redis.url, namespace: "bench-flow:" });
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const blueprint = await validateBlueprint(chainBlueprint(task.href, CHAIN));
    const ours = engineCase("conductor, redisExecutor", blueprint, executor, () => storage);
    const peers: BenchCase[] = [
      engineCase("conductor, local thread", blueprint, local, () => storage),
      { name: "raw RedisPool", ops: CHAIN, fn: () => rawChain((i) => rawPool.run(i), CHAIN) },
    ];
    if (isDeno) {
      console.log("\nBullMQ's side runs under Node only (bench/run.ts runs this file there next).");
    } else {
      const { bullmqChain } = await import("./_conductor_bullmq.ts");
      const inline = await bullmqChain(redis.url, "bench-inline", CHAIN, "inline");
      const sandboxed = await bullmqChain(redis.url, "bench-sandboxed", CHAIN, {
        sandboxFile: new URL("bench/_conductor_bullmq_task.mjs", `file://${cwd}/`).pathname,
      });
      closers.push(() => inline.close(), () => sandboxed.close());
      peers.push(
        { name: "BullMQ FlowProducer, inline", ops: CHAIN, fn: () => inline.run() },
        { name: "BullMQ FlowProducer, thread", ops: CHAIN, fn: () => sandboxed.run() },
      );
    }
    const results = await compare(
      `${CHAIN}-node chain on Redis, ${fairness} (nodes/s)`,
      ours,
      peers,
      ROUNDS,
    );
    printAgainstBullmq(results, await measureFloor(redis.url, storage));
  } finally {
    for (const close of closers) await close();
    await executor.close();
    await local.close();
    await rawPool.close();
    await storage.close();
    await worker.close();
    await rawWorker.close();
  }
}

const redis = await startBenchRedis();
try {
  await overheadOverRaw(redis);
  if (redis) await againstBullmq(redis);
} finally {
  await redis?.stop();
}
