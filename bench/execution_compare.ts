/**
 * Tiny-task throughput of `WorkerPool` with two workers: 100,000 echo tasks per
 * case and round, in bursts of 1,000, against piscina, tinypool and workerpool
 * (Node.js only, same worker count) and against a plain `postMessage` loop to
 * two echo workers (one message each way per task, the same bursts): the cost
 * of messaging alone.
 *
 * Run: `deno run -A bench/run.ts bench/execution_compare.ts` (Deno, then Node).
 *
 * @module
 */
import { WorkerPool } from "@atomiton/execution";
import { type BenchCase, compare } from "./_harness.ts";

const TASKS = 100_000;
const BURST = 1000;
const WORKERS = 2;
const isDeno = "Deno" in globalThis;
const cwd: string = isDeno
  ? Deno.cwd()
  : (globalThis as unknown as { process: { cwd(): string } }).process.cwd();
// bench/run.ts runs from the repository root; Node runs a bundle elsewhere, so no import.meta.url.
const root = new URL(`file://${cwd}/`);
const echoTask = new URL("bench/_echo_task.mjs", root);

/** A case that runs `TASKS` tasks through `run` per call, `BURST` at a time. */
function burst(name: string, run: (input: number) => Promise<unknown>): BenchCase {
  return {
    name,
    ops: TASKS,
    fn: async () => {
      for (let done = 0; done < TASKS; done += BURST) {
        const all: Promise<unknown>[] = new Array(BURST);
        for (let i = 0; i < BURST; i++) all[i] = run(i);
        await Promise.all(all);
      }
    },
  };
}

interface Echo {
  post(value: number): void;
  onMessage(handler: () => void): void;
  end(): Promise<unknown> | void;
}

/** Two echo workers and a burst loop: post every input, wait for every answer. */
async function plainLoop(): Promise<{ bench: BenchCase; end(): Promise<void> }> {
  const echoes: Echo[] = [];
  for (let i = 0; i < WORKERS; i++) {
    if (isDeno) {
      const source = "onmessage = (e) => postMessage(e.data);";
      const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      const worker = new Worker(url, { type: "module" });
      echoes.push({
        post: (value) => worker.postMessage(value),
        onMessage: (handler) => worker.onmessage = handler,
        end: () => worker.terminate(),
      });
    } else {
      const { Worker } = await import("node:worker_threads");
      const source = `const { parentPort } = require("node:worker_threads");
parentPort.on("message", (value) => parentPort.postMessage(value));`;
      const worker = new Worker(source, { eval: true });
      echoes.push({
        post: (value) => worker.postMessage(value),
        onMessage: (handler) => worker.on("message", handler),
        end: () => worker.terminate(),
      });
    }
  }
  let waiting = 0;
  let done = (): void => {};
  for (const echo of echoes) {
    echo.onMessage(() => {
      if (--waiting === 0) done();
    });
  }
  const bench: BenchCase = {
    name: "plain postMessage loop",
    ops: TASKS,
    fn: async () => {
      for (let sent = 0; sent < TASKS; sent += BURST) {
        const answered = new Promise<void>((resolve) => done = resolve);
        waiting = BURST;
        for (let i = 0; i < BURST; i++) echoes[i % WORKERS]!.post(i);
        await answered;
      }
    },
  };
  return { bench, end: async () => void await Promise.all(echoes.map((echo) => echo.end())) };
}

const pool = new WorkerPool(echoTask, { minWorkers: WORKERS, maxWorkers: WORKERS });
await pool.run(0);
const ours = burst("@atomiton/execution", (i) => pool.run(i));
const plain = await plainLoop();
const peers: BenchCase[] = [plain.bench];
const closers: (() => Promise<unknown>)[] = [plain.end];

if (!isDeno) {
  const { Piscina } = await import("piscina");
  const piscina = new Piscina({
    filename: echoTask.href,
    minThreads: WORKERS,
    maxThreads: WORKERS,
  });
  await piscina.run(0);
  peers.push(burst("piscina", (i) => piscina.run(i)));
  closers.push(() => piscina.destroy());

  const { Tinypool } = await import("tinypool");
  const tinypool = new Tinypool({
    filename: echoTask.href,
    minThreads: WORKERS,
    maxThreads: WORKERS,
  });
  await tinypool.run(0);
  peers.push(burst("tinypool", (i) => tinypool.run(i)));
  closers.push(() => tinypool.destroy());

  const workerpool = (await import("workerpool")).default;
  const wp = workerpool.pool(new URL("bench/_workerpool_echo.mjs", root).pathname, {
    minWorkers: WORKERS,
    maxWorkers: WORKERS,
    workerType: "thread",
  });
  await wp.exec("echo", [0]);
  peers.push(burst("workerpool", (i) => wp.exec("echo", [i])));
  closers.push(async () => void await wp.terminate());
}

// One call (100,000 tasks) per round; the median of 5 rounds.
await compare(`${TASKS} echo tasks in bursts of ${BURST}, ${WORKERS} workers`, ours, peers, {
  roundMs: 1,
  rounds: 5,
});
await pool.close();
for (const close of closers) await close();
