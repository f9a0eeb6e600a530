/**
 * A run as the `atomiton run` tests read it back: the conductor's record from
 * the store, shaped as a summary keyed by node id, and each stored output.
 *
 * @module
 */
import { getRun, listRuns, type RunRecord } from "@atomiton/conductor";
import type { StorageClient } from "@atomiton/storage";

/** One node of a {@linkcode RunSummary}. */
export interface NodeSummary {
  readonly status: string;
  readonly attempts: number;
  readonly durationMs?: number;
  /** The storage key of its record, when it holds an output. */
  readonly output?: string;
  /** `message [CODE]`. */
  readonly error?: string;
}

/** A run record, its nodes keyed by id (a null-prototype object: "__proto__" is a node). */
export interface RunSummary {
  readonly runId: string;
  readonly status: RunRecord["status"];
  readonly blueprint: { readonly id: string; readonly name: string; readonly file?: unknown };
  readonly metadata: RunRecord["metadata"];
  readonly nodes: Readonly<Record<string, NodeSummary>>;
  readonly error?: RunRecord["error"];
}

/** The only (or newest) run in `store`, with its outputs by node id. */
export async function readRun(
  store: StorageClient,
  runId?: string,
): Promise<{ summary: RunSummary; outputs: Map<string, unknown> }> {
  const run = runId ? await getRun(store, runId) : (await listRuns(store))[0];
  if (!run) throw new Error(`no run ${runId ?? ""} in the store`);
  const nodes: Record<string, NodeSummary> = Object.create(null);
  const outputs = new Map<string, unknown>();
  for (const node of run.nodes) {
    if (node.output !== undefined) outputs.set(node.nodeId, node.output);
    nodes[node.nodeId] = {
      status: node.status,
      attempts: node.attempts,
      ...(node.started !== undefined && node.finished !== undefined
        ? { durationMs: node.finished - node.started }
        : {}),
      ...(node.output !== undefined
        ? { output: `run-nodes/${run.runId}/${encodeURIComponent(node.nodeId)}` }
        : {}),
      ...(node.error
        ? { error: `${node.error.message}${node.error.code ? ` [${node.error.code}]` : ""}` }
        : {}),
    };
  }
  const summary: RunSummary = {
    runId: run.runId,
    status: run.status,
    blueprint: { id: run.blueprint.id, name: run.blueprint.name, file: run.metadata?.file },
    metadata: run.metadata,
    nodes,
    ...(run.error ? { error: run.error } : {}),
  };
  return { summary, outputs };
}
