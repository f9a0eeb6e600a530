import { getPlatformInfo } from "@atomiton/platform";
import { deadline } from "@atomiton/resilience";
import { NODE_RUNNER_URL } from "./_node_runner.ts";
import type { NodeExecutor } from "./_run_graph.ts";

/** Where a run's nodes execute, and how to stop it. */
export interface RunExecutor extends NodeExecutor {
  /** For messages: `2 local workers`, `redis://host:port, queue "blueprints"`. */
  readonly description: string;
  /**
   * Lets running tasks finish (cancelled ones get their grace to stop), then ends
   * every worker or connection; what is still running after that is ended. Once is enough.
   */
  close(): Promise<void>;
}

/** The number of logical CPUs, from the one source the family uses (Node's `os` on Node). */
export function cpuCount(): number {
  return getPlatformInfo().hardwareConcurrency;
}

/**
 * One local `WorkerPool` of up to `workers` workers running NODE_RUNNER_URL;
 * a cancelled task gets `grace` ms to stop before its worker is ended; with
 * `memoryLimitMb`, a task that runs out of heap fails its node, not the command.
 */
export async function localExecutor(
  workers: number,
  grace: number,
  memoryLimitMb?: number,
): Promise<RunExecutor> {
  const { WorkerPool } = await import("@atomiton/execution");
  const pool = new WorkerPool(NODE_RUNNER_URL, {
    maxWorkers: workers,
    gracePeriod: grace,
    name: "atomiton-node",
    ...(memoryLimitMb === undefined ? {} : { memoryLimitMb }),
  });
  return {
    description: `${workers} local worker${workers === 1 ? "" : "s"}`,
    run: (request, options) => pool.run(request, options),
    close: once(() => closeOrTerminate(pool, grace)),
  };
}

/** A `RedisPool` on queue `blueprints`, served by `atomiton worker --redis URL`. */
export async function redisExecutor(url: string, grace: number): Promise<RunExecutor> {
  const { RedisPool } = await import("@atomiton/execution/redis");
  const pool = new RedisPool({ redis: url, queue: "blueprints" });
  const { host } = new URL(url);
  return {
    description: `redis://${host}, queue "blueprints"`,
    run: (request, { signal, timeout }) => pool.run(request, { signal, timeout }),
    close: once(() => closeOrTerminate(pool, grace)),
  };
}

function once(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => closing ??= close();
}

// close() waits for running tasks; past the grace (and some slack) the rest is ended.
async function closeOrTerminate(
  pool: { close(): Promise<void>; terminate(): Promise<void> },
  grace: number,
): Promise<void> {
  try {
    await deadline(pool.close(), Math.min(2147483647, grace * 2 + 2_000));
  } catch {
    await pool.terminate();
  }
}
