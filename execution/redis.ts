/**
 * Distributed execution on Redis: a {@linkcode RedisPool} sends tasks with the
 * same `run` as a local `WorkerPool`, and workers started with
 * {@linkcode startRedisWorker} (or the `@atomiton/execution/redis-worker`
 * script) on any number of machines run them on their own local pool.
 *
 * Built directly on Redis Streams consumer groups, with ioredis: tasks are
 * stream entries read with `XREADGROUP`, acknowledged with `XACK` in the same
 * transaction that pushes the answer to the caller's list, and taken over from
 * dead workers with `XAUTOCLAIM` after a visibility timeout; delivery counts
 * decide when a task goes to the dead-letter stream.
 *
 * @example A caller and a worker on one machine (usually many)
 * ```ts ignore
 * import { RedisPool, startRedisWorker } from "@atomiton/execution/redis";
 *
 * const redis = "redis://127.0.0.1:6379";
 * await using worker = startRedisWorker({
 *   redis,
 *   moduleUrl: new URL("./tasks.ts", import.meta.url),
 * });
 * await using pool = new RedisPool({ redis });
 * console.log(await pool.run(21)); // 42, if tasks.ts doubles its input
 * ```
 *
 * @module
 */
export {
  RedisPool,
  type RedisPoolOptions,
  type RedisPoolStats,
  type RedisRunOptions,
} from "./redis_pool.ts";
export {
  type RedisWorker,
  type RedisWorkerOptions,
  type RedisWorkerStats,
  startRedisWorker,
} from "./start_redis_worker.ts";
export type { RedisConnection } from "./_redis_keys.ts";
export type { HistogramSnapshot } from "@atomiton/platform/metrics";
