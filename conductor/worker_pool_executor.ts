import { logicalCpus } from "@atomiton/platform/cpus";
import type { WorkerPool, WorkerPoolOptions } from "@atomiton/execution";
import type { NodeExecutor, SandboxPermissions } from "./node_executor.ts";
import { NODE_RUNNER_URL } from "./node_runner.ts";
import { closeOrTerminate } from "./_close_pool.ts";
import { whole } from "./_whole.ts";

/** Options for {@linkcode workerPoolExecutor}. */
export interface WorkerPoolExecutorOptions {
  /** The most workers at once: an integer from 1 to 1024. Default: the machine's logical CPUs. */
  readonly maxWorkers?: number | undefined;
  /**
   * How long a cancelled or timed-out node may keep running after its signal
   * aborted before its worker is ended, in ms. Default `500`.
   */
  readonly gracePeriod?: number | undefined;
  /**
   * Each worker's heap limit in MB: past it the worker dies and its node fails with
   * `WorkerCrashedError` (a failed attempt) instead of the whole process. Default: none.
   */
  readonly memoryLimitMb?: number | undefined;
}

/**
 * An executor that runs nodes on a local `WorkerPool` of `@atomiton/execution`
 * (Deno workers, Node.js `worker_threads` or browser Web Workers), each worker
 * running {@linkcode NODE_RUNNER_URL}. The pool's code is loaded with a dynamic
 * `import()` on creation, so an app that never creates one does not download it.
 * A worker that dies rejects its node with `WorkerCrashedError`; a node past its
 * `timeout` rejects with `TaskTimeoutError` (code `TASK_TIMEOUT`) and its worker
 * is ended after `gracePeriod`. This is `runBlueprint`'s default executor.
 *
 * A node with `sandbox` set (code from the flow file, such as a transform) runs on
 * a second pool, one per distinct set of permissions, created on first use: on
 * Deno its workers are child `deno` processes with only those permissions (no
 * files, network, environment or programs beyond them). Node.js and browsers
 * cannot take rights away from a worker: there that pool only keeps flow code
 * apart from the other nodes' workers, and isolates nothing else.
 *
 * @param options The number of workers, the grace of a cancelled node and a heap limit.
 * @returns The executor; `close()` lets running nodes finish (past twice the grace
 * and 2 s more, they are ended) and ends every worker.
 * @throws {ConductorError} `INVALID_OPTION` for a bad option.
 *
 * @example Run one node on two workers
 * ```ts
 * import { workerPoolExecutor } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * const executor = workerPoolExecutor({ maxWorkers: 2 });
 * const task = `data:text/javascript,${encodeURIComponent("export default (n) => n * 2;")}`;
 * const output = await executor.run(
 *   { module: task, input: 21, nodeId: "double", baseUrl: "" },
 *   { signal: new AbortController().signal, timeout: 30_000, onProgress: () => {} },
 * );
 * assert.equal(output, 42);
 * await executor.close();
 * ```
 */
export function workerPoolExecutor(options: WorkerPoolExecutorOptions = {}): NodeExecutor {
  const workers = whole("maxWorkers", options.maxWorkers, 1, 1024) ??
    Math.max(1, logicalCpus());
  const grace = whole("gracePeriod", options.gracePeriod, 0, 2147483647) ?? 500;
  const memoryLimitMb = whole("memoryLimitMb", options.memoryLimitMb, 1, 1_048_576);
  const execution = import("@atomiton/execution");
  const open = (options: WorkerPoolOptions): Promise<WorkerPool> => {
    const pool = execution.then(({ WorkerPool }) =>
      new WorkerPool(NODE_RUNNER_URL, {
        maxWorkers: workers,
        gracePeriod: grace,
        memoryLimitMb,
        ...options,
      })
    );
    // Nobody may be listening yet: run() and close() report a failed load.
    pool.catch(() => {});
    return pool;
  };
  const pool = open({ name: "atomiton-node" });
  const sandboxes = new Map<string, Promise<WorkerPool>>();
  const sandboxPool = (permissions: SandboxPermissions): Promise<WorkerPool> => {
    const key = JSON.stringify([
      permissions.read,
      permissions.write,
      permissions.net,
      permissions.env,
    ]);
    let found = sandboxes.get(key);
    if (!found) {
      // After close() nothing new starts: the main pool's refusal (PoolClosedError) answers.
      if (closing) return pool;
      found = open({ name: "atomiton-sandbox", permissions });
      sandboxes.set(key, found);
    }
    return found;
  };
  let closing: Promise<void> | undefined;
  const end = (each: Promise<WorkerPool>): Promise<void> =>
    each.then((ready) => closeOrTerminate(ready, grace), () => {});
  return {
    description: `${workers} local worker${workers === 1 ? "" : "s"}`,
    run: async (request, { signal, timeout, onProgress }) => {
      const target = request.sandbox === undefined ? pool : sandboxPool(request.sandbox);
      return (await target).run(request, { signal, timeout, onProgress });
    },
    close: () => closing ??= Promise.all([pool, ...sandboxes.values()].map(end)).then(() => {}),
  };
}
