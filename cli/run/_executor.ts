import { type NodeExecutor, workerPoolExecutor } from "@atomiton/conductor";
import { logicalCpus } from "@atomiton/platform/cpus";
import { now } from "@atomiton/platform/metrics";

/** Where `atomiton run` runs its nodes: a conductor executor, watched for the command's output. */
export interface WatchedExecutor extends NodeExecutor {
  /** Each node's latest run in ms (a mapped node: first element to last), set before it settles. */
  readonly durations: ReadonlyMap<string, number>;
  /** Each node's latest error as thrown, with its stack: the cause `--verbose` prints. */
  readonly errors: ReadonlyMap<string, unknown>;
  /** Called when any task settles (the Redis hint stops waiting then). */
  onSettled?: (() => void) | undefined;
}

/** The number of logical CPUs, from the one source the family uses (Node's `os` on Node). */
export function cpuCount(): number {
  return logicalCpus();
}

/** What {@linkcode openExecutor} needs from the command line. */
export interface ExecutorOptions {
  readonly redis: string | undefined;
  readonly workers: number;
  readonly grace: number;
  readonly memoryLimitMb: number | undefined;
}

/** A local worker pool, or the Redis queue `blueprints` with `--redis`, watched. */
export async function openExecutor(options: ExecutorOptions): Promise<WatchedExecutor> {
  if (options.redis !== undefined) {
    const { redisExecutor } = await import("@atomiton/conductor/redis");
    return watch(redisExecutor({ redis: options.redis, gracePeriod: options.grace }));
  }
  return watch(workerPoolExecutor({
    maxWorkers: options.workers,
    gracePeriod: options.grace,
    memoryLimitMb: options.memoryLimitMb,
  }));
}

/** Wraps `executor` to time each node and keep its errors whole (the run's record keeps text). */
export function watch(executor: NodeExecutor): WatchedExecutor {
  const durations = new Map<string, number>();
  const errors = new Map<string, unknown>();
  const inFlight = new Map<string, { count: number; began: number }>();
  const watched: WatchedExecutor = {
    description: executor.description,
    durations,
    errors,
    async run(request, options): Promise<unknown> {
      const entry = inFlight.get(request.nodeId) ?? { count: 0, began: now() };
      entry.count++;
      inFlight.set(request.nodeId, entry);
      try {
        return await executor.run(request, options);
      } catch (error) {
        errors.set(request.nodeId, error);
        throw error;
      } finally {
        durations.set(request.nodeId, now() - entry.began);
        if (--entry.count === 0) inFlight.delete(request.nodeId);
        watched.onSettled?.();
      }
    },
    close: () => executor.close(),
  };
  return watched;
}
