/**
 * Growth of the WorkerPool's queue with many tasks sharing one AbortSignal:
 * queue N tasks on one signal, then abort them all, or let them run. Linear
 * work prints a ratio near 4 for 4N (it was quadratic: one listener per task).
 *
 * Run: `deno run -A bench/execution_growth.ts`
 *
 * @module
 */
import { WorkerPool } from "@atomiton/execution";
import { growth } from "./_growth.ts";

// Run from the repository root (bench/run.ts does); on Node it runs as a bundle in .tmp/bench, so no
// import.meta.url.
const cwd: string = "Deno" in globalThis
  ? Deno.cwd()
  : (globalThis as unknown as { process: { cwd(): string } }).process.cwd();
const echo = new URL(`file://${cwd}/bench/_echo_task.mjs`);
// One worker, started once: the cases time the queue, not worker start-up.
const pool = new WorkerPool(echo, { minWorkers: 1, maxWorkers: 1 });
await pool.run(0);

async function queueThenAbort(n: number): Promise<void> {
  const controller = new AbortController();
  const tasks: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) tasks.push(pool.run(i, { signal: controller.signal }));
  // Handled before the abort, as an awaiting caller's are (Deno tracks late handlers slowly).
  const settled = Promise.allSettled(tasks);
  controller.abort(new Error("stop"));
  await settled;
}

async function queueThenRun(n: number): Promise<void> {
  const signal = new AbortController().signal;
  const tasks: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) tasks.push(pool.run(i, { signal }));
  await Promise.all(tasks);
}

await growth([
  { name: "queued tasks on one signal, aborted", n: 10_000, run: queueThenAbort },
  { name: "queued tasks on one signal, run", n: 10_000, run: queueThenRun, rounds: 3 },
]);
await pool.close();
