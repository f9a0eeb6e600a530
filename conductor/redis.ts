/**
 * Blueprints across machines on Redis: {@linkcode redisExecutor} sends each
 * node to the workers that serve a queue (`atomiton worker --redis URL`, or any
 * `startRedisWorker` running `NODE_RUNNER_URL`), and {@linkcode redisLease} keeps
 * two orchestrators from running the same run at once, atomically, so that any
 * machine can resume a run on `RedisStorageClient` storage and one whose
 * orchestrator died is taken over once its lease expires. It needs the `ioredis`
 * package (an optional peer dependency on npm), which only this entry imports.
 *
 * @example A run whose nodes, record and lease are all on Redis
 * ```ts ignore
 * import { runBlueprint, validateBlueprint } from "@atomiton/conductor";
 * import { redisExecutor, redisLease } from "@atomiton/conductor/redis";
 * import { RedisStorageClient } from "@atomiton/storage/redis";
 *
 * const redis = "redis://127.0.0.1:6379";
 * await using lease = redisLease(redis);
 * const run = runBlueprint(await validateBlueprint(await Deno.readTextFile("bp.json")), {
 *   executor: redisExecutor({ redis }),
 *   storage: new RedisStorageClient({ url: redis }),
 *   lease,
 * });
 * console.log(run.id, (await run.result).status);
 * ```
 *
 * @module
 */
export { redisExecutor, type RedisExecutorOptions } from "./redis_executor.ts";
export { type RedisLease, redisLease, type RedisLeaseOptions } from "./redis_lease.ts";
export type { RedisConnection } from "@atomiton/execution/redis";
export type { NodeExecutor, NodeRequest, NodeRunOptions } from "./node_executor.ts";
export type { RunLease } from "./run_lease.ts";
