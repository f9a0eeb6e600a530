import { getPlatformInfo } from "@atomiton/platform";
import { Histogram, now } from "@atomiton/platform/metrics";
import {
  measureSequential,
  type OperationResult,
  type ProfileBudget,
  resultOf,
  splitBudget,
  withinBudget,
} from "./_measure.ts";
import { CliError } from "../cli_error.ts";

/** What `atomiton profile` measured of `@atomiton/execution`'s `WorkerPool`. */
export interface ExecutionProfile {
  /** The workers the pool starts here, such as `worker_threads Worker (Node.js)`. */
  readonly backend: string;
  /** Workers in the pool: one per CPU. */
  readonly workers: number;
  /** Start and first task, round trips one at a time, and throughput with tasks in flight. */
  readonly operations: readonly OperationResult[];
}

/** A task that answers its input: the pool's own cost, with no work in the way. */
export const ECHO_TASK_URL = "data:text/javascript,export default (input) => input;";

/**
 * The kind of worker `WorkerPool` starts on this runtime: where the Web
 * Worker API exists (Deno, Bun, browsers) it uses it, else `node:worker_threads`.
 */
export function executionBackend(): string {
  if (typeof Worker !== "function") return "worker_threads Worker (Node.js)";
  return "Deno" in globalThis ? "Web Worker (Deno)" : "Web Worker";
}

/**
 * Measures a `WorkerPool` of one worker per CPU running a trivial task: the
 * time to start and answer a first task, round trips one at a time, and
 * throughput with four tasks per worker in flight.
 */
export async function profileExecution(
  budget: ProfileBudget,
  signal: AbortSignal,
): Promise<ExecutionProfile> {
  const { WorkerPool } = await import("@atomiton/execution");
  // One source of the CPU count (Node.js 20 has no navigator.hardwareConcurrency).
  const workers = getPlatformInfo().hardwareConcurrency;
  const started = now();
  const pool = new WorkerPool(ECHO_TASK_URL, {
    minWorkers: workers,
    maxWorkers: workers,
    name: "atomiton-profile",
  });
  const operations: OperationResult[] = [];
  try {
    const first = new Histogram();
    await pool.run(0, { signal });
    first.record(now() - started);
    operations.push(resultOf("start and first task", first, now() - started));
    const part = splitBudget(budget, 2);
    operations.push(
      await measureSequential(
        "round trip, one at a time",
        async (i) => {
          const output = await pool.run(i);
          if (output !== i) {
            throw new CliError("FAILED", `The echo task answered ${output} to ${i}.`);
          }
        },
        part,
        signal,
      ),
    );
    operations.push(await inFlight(pool, workers * 4, part, signal));
  } finally {
    await pool.close();
  }
  return { backend: executionBackend(), workers, operations };
}

/** Keeps `depth` tasks in flight until the budget is spent; each task's latency is recorded. */
async function inFlight(
  pool: { run(input: unknown): Promise<unknown> },
  depth: number,
  budget: ProfileBudget,
  signal: AbortSignal,
): Promise<OperationResult> {
  const latency = new Histogram();
  const start = now();
  let submitted = 0;
  const lane = async (): Promise<void> => {
    while (withinBudget(budget, submitted, start, signal)) {
      submitted++;
      const began = now();
      await pool.run(submitted);
      latency.record(now() - began);
    }
  };
  await Promise.all(Array.from({ length: depth }, lane));
  return resultOf(`throughput, ${depth} in flight`, latency, now() - start);
}
