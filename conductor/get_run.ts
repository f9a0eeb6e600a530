import type { JsonValue, StorageClient } from "@atomiton/storage";
import type { NodeStatus } from "@atomiton/store";
import type { ValidBlueprint } from "./validate_blueprint.ts";

/** One node in a {@linkcode RunRecord}. */
export interface NodeRunRecord {
  /** Its path: its id, or `parent/child` inside a sub-blueprint. */
  readonly nodeId: string;
  /** `pending` when it has not started. */
  readonly status: NodeStatus;
  /** Attempts made, over every resume. */
  readonly attempts: number;
  /**
   * Its attempts that the end of their orchestrator interrupted (absent: none).
   * Such an attempt is repeated on resume, not charged, up to 10 times; past
   * that each counts as a failed attempt (a task that kills its orchestrator).
   */
  readonly interrupted?: number;
  /** When its latest run started, in ms since the Unix epoch. */
  readonly started?: number;
  /** When it settled, in ms since the Unix epoch. */
  readonly finished?: number;
  /** Why it failed or was skipped. */
  readonly error?: { readonly name: string; readonly message: string; readonly code?: string };
  /** Its output, when it completed (or failed with `onError: "continue"`) and it could be stored. */
  readonly output?: unknown;
  /** Why its output could not be stored: it runs again on resume. */
  readonly unsaved?: string;
  /** A mapped node's elements (a mapped sub-blueprint's too): how many are done, of how many. */
  readonly items?: { readonly done: number; readonly total: number };
}

/** A run as its storage holds it: see {@linkcode getRun}. */
export interface RunRecord {
  /** The run's id. */
  readonly runId: string;
  /** `running` while an orchestrator runs it, or when one died running it (resume it then). */
  readonly status: "running" | "completed" | "failed" | "cancelled";
  /** The blueprint, sub-blueprints inlined. */
  readonly blueprint: ValidBlueprint;
  /** When it started (ISO 8601). */
  readonly started: string;
  /** When it ended (ISO 8601); absent while running. */
  readonly finished?: string;
  /** The orchestrator running it last. */
  readonly holder?: string;
  /** What `runBlueprint` was given as `metadata`, with each resume's merged over it. */
  readonly metadata?: Record<string, JsonValue>;
  /** Why it failed (the first node that failed) or was cancelled. */
  readonly error?: { readonly nodeId?: string; readonly message: string; readonly code?: string };
  /**
   * Every node, sub-blueprints' nodes included, in blueprint order. A mapped or
   * `while` sub-blueprint node is one node (its elements are its `items`): the
   * nodes of each element run under `node/<index>/child`, seen in the run's
   * events, and their records are cleared once the node completes.
   */
  readonly nodes: readonly NodeRunRecord[];
}

/**
 * Reads a run's record: its status, blueprint, start and end, and per node its
 * status, attempts, times, error and output. A node record that is not the
 * conductor's (junk under `run-nodes/`) is ignored: that node reads `pending`.
 *
 * @param storage The storage the run was given.
 * @param runId The run's id.
 * @returns The record, or `undefined` when the storage has no run of that id: when
 * `runs/<runId>` is absent, or holds anything but a conductor run record (an
 * older CLI's summary, another program's key), or `runId` is not one a run can have.
 *
 * @example Read a finished run
 * ```ts
 * import { getRun, inThreadExecutor, runBlueprint } from "@atomiton/conductor";
 * import { MemoryClient } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * const storage = new MemoryClient();
 * const one = `data:text/javascript,${encodeURIComponent("export default () => 1;")}`;
 * const run = runBlueprint({
 *   id: "one",
 *   name: "One",
 *   nodes: [{ id: "a", type: "task", position: { x: 0, y: 0 }, data: { module: one } }],
 *   edges: [],
 * }, { executor: inThreadExecutor(), storage });
 * await run.result;
 * const record = await getRun(storage, run.id);
 * assert.equal(record?.status, "completed");
 * assert.deepEqual(record?.nodes.map((n) => [n.nodeId, n.status, n.output]), [["a", "completed", 1]]);
 * assert.equal(await getRun(storage, "no-such-run"), undefined);
 * ```
 */
export async function getRun(
  storage: StorageClient,
  runId: string,
): Promise<RunRecord | undefined> {
  // The records load on first use, with the engine: an import of the package stays cheap.
  const { asStoredRun, describeRun, isRunId, runKey } = await import("./_engine.ts");
  if (!isRunId(runId)) return undefined;
  const run = asStoredRun(await storage.get(runKey(runId)), runId);
  return run && await describeRun(storage, run);
}
