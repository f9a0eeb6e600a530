import type { StorageClient } from "@atomiton/storage";
import type { BlueprintNode } from "@atomiton/store";
import type { NodeResult } from "./blueprint_run.ts";
import type { NodeExecutor } from "./node_executor.ts";
import type { RunEvents } from "./_engine_events.ts";
import type { StoredNode } from "./_records.ts";
import type { Slots } from "./_schedule_slots.ts";
import type { NodeRetryPolicy, TaskNodeData, ValidBlueprint } from "./validate_blueprint.ts";

/** What every node of one run shares, sub-blueprints' nodes included. */
export interface RunContext {
  readonly runId: string;
  readonly storage: StorageClient;
  readonly executor: NodeExecutor;
  readonly slots: Slots;
  readonly events: RunEvents;
  /** Each node's time limit unless its `data.timeout` says otherwise. */
  readonly timeout: number | undefined;
  /** The retry policy of nodes without `data.retry`. */
  readonly retry: NodeRetryPolicy | undefined;
  /** Records from an earlier try of this run (resume), by path; a node forced by `from` has none. */
  readonly previous: ReadonlyMap<string, StoredNode>;
  /** Outputs of nodes that settled for good, restored ones included, by path. */
  readonly outputs: Map<string, unknown>;
  /** Every node's result, by path, in blueprint order. */
  readonly results: Map<string, NodeResult>;
  /** Record writes still in flight that need no ordering (skips): the run's end waits for them. */
  readonly writes: Set<Promise<unknown>>;
  /** Nodes in all, and nodes settled: for `execution:progress`. */
  readonly progress: { readonly total: number; settled: number };
}

/** A blueprint graph being run: the top one, or a sub-blueprint's under its node's path. */
export interface Graph {
  readonly nodes: readonly BlueprintNode[];
  readonly edges: ValidBlueprint["edges"];
  readonly baseUrl: string;
  /** `""` at the top, `"parent/"` inside a sub-blueprint node. */
  readonly prefix: string;
  /** What a sub-blueprint node got: merged over the input of the graph's source nodes. */
  readonly sourceInput?: unknown;
  /** The sub-blueprint node's `concurrency`: at most this many of the graph's nodes at once. */
  readonly limit?: Slots | undefined;
  /**
   * Set inside one element (or iteration) of a mapped or repeated sub-blueprint:
   * its nodes are not among the run's nodes (results, progress), only in records and events.
   */
  readonly repeated?: boolean | undefined;
}

/** A node's `data`, as validation leaves it. */
export const taskData = (node: BlueprintNode): TaskNodeData =>
  (node.data ?? {}) as unknown as TaskNodeData;

/** Whether a sub-blueprint node runs its graph once per element or iteration (`map`, `while`). */
export const isRepeated = (data: TaskNodeData): boolean =>
  data.blueprint !== undefined && (data.map !== undefined || data.while !== undefined);

/**
 * Every node of a blueprint and its sub-blueprints, by path, parents before
 * their children. A mapped or repeated sub-blueprint node counts as one: its
 * nodes run under `node/<index>/child`, paths known only as it runs.
 */
export function* flatten(
  blueprint: Pick<ValidBlueprint, "nodes">,
  prefix = "",
): Generator<readonly [string, BlueprintNode]> {
  for (const node of blueprint.nodes) {
    const path = prefix + node.id;
    yield [path, node];
    const data = taskData(node);
    if (data.blueprint && !isRepeated(data)) yield* flatten(data.blueprint, `${path}/`);
  }
}

/** Tracks a record write that nothing waits for but the run's end. */
export function track(context: RunContext, write: Promise<unknown>): void {
  const kept = write.catch(() => {});
  context.writes.add(kept);
  kept.then(() => context.writes.delete(kept));
}
