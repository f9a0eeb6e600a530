import type { StorageClient } from "@atomiton/storage";
import type { NodeRunRecord, RunRecord } from "./get_run.ts";
import { flatten } from "./_engine_context.ts";
import { itemsPrefix, readNodes, type StoredNode, type StoredRun } from "./_records.ts";

/** A stored run with its nodes' records (read unless given), in blueprint order. */
export async function describeRun(
  storage: StorageClient,
  run: StoredRun,
  given?: ReadonlyMap<string, StoredNode>,
): Promise<RunRecord> {
  const stored = given ?? await readNodes(storage, run.runId);
  const nodes: Promise<NodeRunRecord>[] = [];
  for (const [path] of flatten(run.blueprint)) {
    nodes.push(nodeRecord(storage, run.runId, path, stored.get(path)));
  }
  const { options: _, ...record } = run;
  return { ...record, nodes: await Promise.all(nodes) };
}

async function nodeRecord(
  storage: StorageClient,
  runId: string,
  path: string,
  stored: StoredNode | undefined,
): Promise<NodeRunRecord> {
  if (!stored) return { nodeId: path, status: "pending", attempts: 0 };
  const { total, ...record } = stored;
  if (total === undefined) return record;
  // Finished elements are counted, not stored twice: a completed node has them all.
  const done = stored.status === "completed"
    ? total
    : (await storage.keys(itemsPrefix(runId, path))).length;
  return { ...record, items: { done, total } };
}
