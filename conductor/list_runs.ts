import type { StorageClient } from "@atomiton/storage";
import { describeRun, type RunRecord } from "./get_run.ts";
import type { StoredRun } from "./_records.ts";

const PREFIX = "runs/";

/**
 * Lists the runs a storage holds, newest first, each with its nodes as
 * {@linkcode getRun} gives them.
 *
 * @param storage The storage the runs were given.
 * @returns Every run's record, newest (by start) first.
 *
 * @example List two runs
 * ```ts
 * import { inThreadExecutor, listRuns, runBlueprint } from "@atomiton/conductor";
 * import { MemoryClient } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * const storage = new MemoryClient();
 * const one = `data:text/javascript,${encodeURIComponent("export default () => 1;")}`;
 * const blueprint = {
 *   id: "one",
 *   name: "One",
 *   nodes: [{ id: "a", type: "task", position: { x: 0, y: 0 }, data: { module: one } }],
 *   edges: [],
 * };
 * const executor = inThreadExecutor();
 * await runBlueprint(blueprint, { executor, storage, runId: "first" }).result;
 * await runBlueprint(blueprint, { executor, storage, runId: "second" }).result;
 * const runs = await listRuns(storage);
 * assert.deepEqual(runs.map((run) => run.runId).sort(), ["first", "second"]);
 * assert.ok(runs.every((run) => run.status === "completed" && run.nodes.length === 1));
 * ```
 */
export async function listRuns(storage: StorageClient): Promise<RunRecord[]> {
  // Each key is taken whole: "runs/a" and "runs/ab" are two runs, "runs/a/x" is no run.
  const keys = (await storage.keys(PREFIX)).filter((key) => !key.includes("/", PREFIX.length));
  const values = keys.length ? await storage.getMany(keys) : [];
  const runs = values.filter((value): value is StoredRun & Record<string, never> =>
    typeof value === "object" && value !== null &&
    typeof (value as { runId?: unknown }).runId === "string"
  ) as unknown as StoredRun[];
  runs.sort((
    a,
    b,
  ) => (a.started < b.started ? 1 : a.started > b.started ? -1 : a.runId < b.runId ? 1 : -1));
  return await Promise.all(runs.map((run) => describeRun(storage, run)));
}
