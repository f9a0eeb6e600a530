/**
 * The blueprint engine: validate a blueprint, run it on any executor (local
 * workers, workers behind Redis, this thread), keep a durable record of every
 * node in a `StorageClient`, and resume a run that crashed, failed or was
 * cancelled without running a completed node again. Nodes retry, branch, map
 * over items and run sub-blueprints.
 *
 * @example Run a two-node blueprint in this thread
 * ```ts
 * import { inThreadExecutor, runBlueprint } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * const add = `data:text/javascript,${encodeURIComponent("export default ({ a, b }) => a + b;")}`;
 * const double = `data:text/javascript,${encodeURIComponent("export default ({ sum }) => sum * 2;")}`;
 * const run = runBlueprint({
 *   id: "sum",
 *   name: "Sum",
 *   nodes: [
 *     { id: "add", type: "task", position: { x: 0, y: 0 }, data: { module: add, input: { a: 1, b: 2 } } },
 *     { id: "double", type: "task", position: { x: 1, y: 0 }, data: { module: double } },
 *   ],
 *   edges: [{ id: "e", source: "add", target: "double", targetHandle: "sum" }],
 * }, { executor: inThreadExecutor() });
 * const result = await run.result;
 * assert.equal(result.status, "completed");
 * assert.equal(result.outputs.get("double"), 6);
 * ```
 *
 * @module
 */
export { ConductorError } from "./conductor_error.ts";
export type {
  NodeExecutor,
  NodeRequest,
  NodeRunOptions,
  SandboxPermissions,
} from "./node_executor.ts";
export type { NodeType, NodeTypeRuntime, ParameterSpec } from "./node_type.ts";
export type { RunLease } from "./run_lease.ts";
export { type WebLockManager, webLocksLease } from "./web_locks_lease.ts";
export {
  type NodeRetryPolicy,
  type TaskNodeData,
  validateBlueprint,
  type ValidateBlueprintOptions,
  type ValidBlueprint,
} from "./validate_blueprint.ts";
export { runBlueprint, type RunBlueprintOptions } from "./run_blueprint.ts";
export type { BlueprintRun, NodeResult, RunResult, RunStatus } from "./blueprint_run.ts";
export { resumeRun, type ResumeRunOptions } from "./resume_run.ts";
export { getRun, type NodeRunRecord, type RunRecord } from "./get_run.ts";
export { listRuns } from "./list_runs.ts";
export { inThreadExecutor } from "./in_thread_executor.ts";
export { workerPoolExecutor, type WorkerPoolExecutorOptions } from "./worker_pool_executor.ts";
export { NODE_RUNNER_NAME, NODE_RUNNER_URL } from "./node_runner.ts";
export { newRunId } from "./new_run_id.ts";
