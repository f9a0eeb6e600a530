import { deadline } from "@atomiton/resilience";
import { NODE_RUNNER_URL } from "./_node_runner.ts";
import type { NodeExecutor } from "./_run_graph.ts";

/** Where a run's nodes execute, and how to stop it. */
export interface RunExecutor extends NodeExecutor {
  /** For messages: `2 local workers`, `redis://host:port, queue "blueprints"`. */
  readonly description: string;
  /**
   * Lets running tasks finish (cancelled ones get `grace` ms to stop), then ends
   * every worker or connection; what is still running after that is ended.
   */
  close(): Promise<void>;
}

/** How long cancelled tasks get to stop before their workers are ended. */
const GRACE_MS = 500;

/** The number of logical CPUs (4 where the runtime does not say). */
export function cpuCount(): number {
  const cpus = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
    ?.hardwareConcurrency;
  return cpus && cpus > 0 ? cpus : 4;
}

/** One local `WorkerPool` of up to `workers` workers running NODE_RUNNER_URL. */
export async function localExecutor(workers: number): Promise<RunExecutor> {
  const { WorkerPool } = await import("@atomiton/execution");
  const pool = new WorkerPool(NODE_RUNNER_URL, {
    maxWorkers: workers,
    gracePeriod: GRACE_MS,
    name: "atomiton-node",
  });
  return {
    description: `${workers} local worker${workers === 1 ? "" : "s"}`,
    run: (request, options) => pool.run(request, options),
    close: () => closeOrTerminate(pool),
  };
}

/** A `RedisPool` on queue `blueprints`, served by `atomiton worker --redis URL`. */
export async function redisExecutor(url: string): Promise<RunExecutor> {
  const { RedisPool } = await import("@atomiton/execution/redis");
  const pool = new RedisPool({ redis: url, queue: "blueprints" });
  const { host } = new URL(url);
  return {
    description: `redis://${host}, queue "blueprints"`,
    run: (request, { signal, timeout }) => pool.run(request, { signal, timeout }),
    close: () => closeOrTerminate(pool),
  };
}

// close() waits for running tasks; past the grace (and some slack) the rest is ended.
async function closeOrTerminate(
  pool: { close(): Promise<void>; terminate(): Promise<void> },
): Promise<void> {
  try {
    await deadline(pool.close(), GRACE_MS * 4);
  } catch {
    await pool.terminate();
  }
}
