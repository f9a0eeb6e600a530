/**
 * Worker pools, process clients and distributed execution that never lose a
 * task. This entry is the worker pool; `@atomiton/execution/process` runs
 * child processes and `@atomiton/execution/redis` spreads tasks over machines.
 *
 * A {@linkcode WorkerPool} runs a task module's functions in Deno workers,
 * Node.js `worker_threads` or browser Web Workers, with cancellation, time
 * limits, progress, crash recovery and a bounded queue.
 *
 * @example Run tasks in a pool
 * ```ts
 * import { WorkerPool } from "@atomiton/execution";
 * import assert from "node:assert/strict";
 *
 * // A task module: `export default (input, ctx) => output` (a file in real code).
 * const source = "export default ({ a, b }) => a + b;";
 * await using pool = new WorkerPool(`data:text/javascript,${encodeURIComponent(source)}`);
 * assert.equal(await pool.run({ a: 1, b: 2 }), 3);
 * ```
 *
 * @module
 */
export {
  type LoadBreaker,
  type RunOptions,
  type TaskContext,
  WorkerPool,
  type WorkerPoolOptions,
  type WorkerPoolStats,
} from "./worker_pool.ts";
export type { TransferableObject } from "./transferable_object.ts";
export type { WorkerPermissions } from "./worker.ts";
export { ExecutionError } from "./execution_error.ts";
export type { HistogramSnapshot } from "@atomiton/platform/metrics";
export { WorkerCrashedError } from "./worker_crashed_error.ts";
export { TaskTimeoutError } from "./task_timeout_error.ts";
export { PoolClosedError } from "./pool_closed_error.ts";
export { TaskModuleError } from "./task_module_error.ts";
