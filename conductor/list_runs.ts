import type { StorageClient } from "@atomiton/storage";
import type { RunRecord } from "./get_run.ts";
import type { StoredNode, StoredRun } from "./_records.ts";

const PREFIX = "runs/";

/**
 * Lists the runs a storage holds, newest first, each with its nodes as
 * {@linkcode getRun} gives them. Keys under `runs/` that hold anything but a
 * conductor run record (an older CLI's summaries, other programs' keys, junk)
 * are left out, never an error.
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
  // The records load on first use, with the engine: an import of the package stays cheap.
  const { asStoredRun, describeRun, readNodesOfRuns } = await import("./_engine.ts");
  // Each key is taken whole: "runs/a" and "runs/ab" are two runs, "runs/a/x" is no run.
  const keys = (await storage.keys(PREFIX)).filter((key) => !key.includes("/", PREFIX.length));
  const values = keys.length ? await storage.getMany(keys) : [];
  const runs: StoredRun[] = [];
  keys.forEach((key, i) => {
    const run = asStoredRun(values[i], key.slice(PREFIX.length));
    if (run) runs.push(run);
  });
  runs.sort((a, b) => compare(b.started, a.started) || compare(b.runId, a.runId));
  const nodes = runs.length ? await readNodesOfRuns(storage) : new Map();
  const none = new Map<string, StoredNode>();
  return await Promise.all(
    runs.map((run) => describeRun(storage, run, nodes.get(run.runId) ?? none)),
  );
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
