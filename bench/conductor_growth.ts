/**
 * Growth of the blueprint engine's scheduler and records: N against 4N nodes.
 * Tasks run in this thread (`inThreadExecutor`) with records in a `MemoryClient`,
 * so what is timed is the engine's own work per node: scheduling, carrying
 * outputs along edges, events and records. Linear work prints a ratio near 4;
 * a loop over every node per node prints near 16.
 *
 * Run from the repository root: `deno run -A bench/run.ts bench/conductor_growth.ts`
 * (Deno, then Node).
 *
 * @module
 */
import { MemoryClient, type StorageClient } from "@atomiton/storage";
import {
  getRun,
  inThreadExecutor,
  listRuns,
  runBlueprint,
  validateBlueprint,
  type ValidBlueprint,
} from "@atomiton/conductor";
import { growth } from "./_growth.ts";
import { chainBlueprint, fanOutBlueprint } from "./_conductor_baseline.ts";

const cwd: string = "Deno" in globalThis
  ? Deno.cwd()
  : (globalThis as unknown as { process: { cwd(): string } }).process.cwd();
// Run from the repository root (bench/run.ts does); Node runs a bundle in .tmp/bench.
const task = new URL(`file://${cwd}/bench/_conductor_task.mjs`).href;
const executor = inThreadExecutor();

async function runToEnd(blueprint: ValidBlueprint, storage: StorageClient): Promise<string> {
  const run = runBlueprint(blueprint, { executor, storage });
  const result = await run.result;
  if (result.status !== "completed") throw new Error(`the run ended ${result.status}`);
  return run.id;
}

/** A case that validates the blueprint of size n once, then times only the run. */
function shaped(
  make: (module: string, n: number) => Record<string, unknown>,
): (n: number) => Promise<void> {
  const cache = new Map<number, ValidBlueprint>();
  return async (n: number): Promise<void> => {
    let blueprint = cache.get(n);
    if (!blueprint) cache.set(n, blueprint = await validateBlueprint(make(task, n)));
    await runToEnd(blueprint, new MemoryClient());
  };
}

/** Storages holding one finished run of n nodes, for timing `getRun`. */
const stored = new Map<number, [StorageClient, string]>();
async function readBack(n: number): Promise<void> {
  let entry = stored.get(n);
  if (!entry) {
    const storage = new MemoryClient();
    const blueprint = await validateBlueprint(fanOutBlueprint(task, n - 1));
    stored.set(n, entry = [storage, await runToEnd(blueprint, storage)]);
  }
  const record = await getRun(entry[0], entry[1]);
  if (record?.nodes.length !== n) throw new Error(`getRun read ${record?.nodes.length} nodes`);
}

/** Storages holding n finished runs of 10 nodes, for timing `listRuns`. */
const many = new Map<number, StorageClient>();
async function list(n: number): Promise<void> {
  let storage = many.get(n);
  if (!storage) {
    storage = new MemoryClient();
    const blueprint = await validateBlueprint(chainBlueprint(task, 10));
    for (let i = 0; i < n; i++) await runToEnd(blueprint, storage);
    many.set(n, storage);
  }
  const runs = await listRuns(storage);
  if (runs.length !== n) throw new Error(`listRuns found ${runs.length} runs`);
}

await growth([
  { name: "runBlueprint, chain of N nodes", n: 250, run: shaped(chainBlueprint) },
  { name: "runBlueprint, fan-out to N nodes", n: 500, run: shaped(fanOutBlueprint) },
  { name: "getRun, one run of N nodes", n: 500, run: readBack },
  { name: "listRuns, N runs of 10 nodes", n: 50, run: list, rounds: 3 },
]);
await executor.close();
