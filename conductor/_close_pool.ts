import { deadline } from "@atomiton/resilience";

/** What a `WorkerPool` and a `RedisPool` both have for ending. */
export interface ClosablePool {
  close(): Promise<void>;
  terminate(): Promise<void>;
}

/**
 * Closes `pool`, letting running tasks finish; past twice the grace (and 2 s of
 * slack for a loaded machine) the rest is ended, so close never hangs on a task
 * that ignores its signal.
 */
export async function closeOrTerminate(pool: ClosablePool, grace: number): Promise<void> {
  try {
    await deadline(pool.close(), Math.min(2147483647, grace * 2 + 2_000));
  } catch {
    await pool.terminate();
  }
}
