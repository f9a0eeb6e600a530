/**
 * The node runner's file name in stack traces (its `sourceURL`), so that a
 * reader can tell the runner's frames from the task's.
 *
 * @example Drop the runner's frames from a stack
 * ```ts
 * import { NODE_RUNNER_NAME } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * const stack = `Error: bad\n    at task (file:///t.js:1:1)\n    at runNode (${NODE_RUNNER_NAME}:3:9)`;
 * const own = stack.split("\n").filter((line) => !line.includes(NODE_RUNNER_NAME));
 * assert.equal(own.length, 2);
 * ```
 */
export const NODE_RUNNER_NAME = "atomiton:node-runner.js";

// Sent as source so that no runner file needs to be found beside a bundle or on JSR.
const SOURCE = `
const cache = new Map();
export default async function runNode(request, context) {
  let loading = cache.get(request.module);
  if (!loading) cache.set(request.module, loading = import(request.module));
  const module = await loading;
  const name = request.export ?? "default";
  const task = module[name];
  if (typeof task !== "function") {
    const error = new Error("Module " + request.module + " has no function export \\"" + name + "\\" for node \\"" + request.nodeId + "\\".");
    error.code = "INVALID_BLUEPRINT";
    throw error;
  }
  return await task(request.input, {
    signal: context.signal,
    progress: (value) => context.progress(value),
    transfer: (...objects) => context.transfer(...objects),
    nodeId: request.nodeId,
    baseUrl: request.baseUrl,
  });
}
//# sourceURL=${NODE_RUNNER_NAME}
`;

/**
 * The module a worker pool (or a Redis worker) runs for blueprint nodes: given a
 * `NodeRequest`, it imports the node's task module once per worker and
 * calls its export with `(input, { signal, progress, transfer, nodeId, baseUrl })`.
 * An export that is not a function fails the node with code `INVALID_BLUEPRINT`.
 * `atomiton worker --redis URL` serves it; so can any `WorkerPool` or `startRedisWorker`.
 *
 * @example Run one node on a worker pool of your own
 * ```ts
 * import { NODE_RUNNER_URL } from "@atomiton/conductor";
 * import { WorkerPool } from "@atomiton/execution";
 * import assert from "node:assert/strict";
 *
 * const task = `data:text/javascript,${encodeURIComponent("export default (n) => n + 1;")}`;
 * await using pool = new WorkerPool(NODE_RUNNER_URL, { maxWorkers: 1 });
 * const output = await pool.run({ module: task, input: 41, nodeId: "a", baseUrl: "" });
 * assert.equal(output, 42);
 * ```
 */
export const NODE_RUNNER_URL = `data:text/javascript,${encodeURIComponent(SOURCE)}`;
