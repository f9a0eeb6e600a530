import type { SystemEvent } from "@atomiton/events";
import type { NodeStatus } from "@atomiton/store";

/** How a run ended. */
export type RunStatus = "completed" | "failed" | "cancelled";

/** What happened to one node of a run (a sub-blueprint's nodes have paths `parent/child`). */
export interface NodeResult {
  /** Where the node ended: `completed`, `failed`, `skipped`, or `pending` when it never ran. */
  readonly status: NodeStatus;
  /** Attempts made, over every resume (the highest of its elements for a mapped node). */
  readonly attempts: number;
  /** When its latest run started, in ms since the Unix epoch. */
  readonly started?: number;
  /** When it settled, in ms since the Unix epoch. */
  readonly finished?: number;
  /** Why it failed, or why it was skipped. */
  readonly error?: { readonly name: string; readonly message: string; readonly code?: string };
}

/** What {@linkcode BlueprintRun.result} resolves to. */
export interface RunResult {
  /** How the run ended. */
  readonly status: RunStatus;
  /** The output of each node that completed (or failed with `onError: "continue"`), by path. */
  readonly outputs: ReadonlyMap<string, unknown>;
  /**
   * Every node, sub-blueprints' nodes included, in blueprint order, by path. A
   * mapped or `while` sub-blueprint node is one node here: the nodes of its
   * elements (`node/<index>/child`) are in the run's events only.
   */
  readonly nodes: ReadonlyMap<string, NodeResult>;
  /** Why the run failed (the first node that failed) or was cancelled. */
  readonly error?: { readonly nodeId?: string; readonly message: string; readonly code?: string };
}

/**
 * A blueprint run under way, from {@linkcode runBlueprint} or {@linkcode resumeRun}.
 * Iterating it yields every `execution:*` event of the run from its start (a
 * late iterator gets the earlier ones too) and ends after the run's last event.
 *
 * @example Follow a run's events, then read its result
 * ```ts
 * import { inThreadExecutor, runBlueprint } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * const hello = `data:text/javascript,${encodeURIComponent("export default () => 'hello';")}`;
 * const run = runBlueprint({
 *   id: "hello",
 *   name: "Hello",
 *   nodes: [{ id: "greet", type: "task", position: { x: 0, y: 0 }, data: { module: hello } }],
 *   edges: [],
 * }, { executor: inThreadExecutor() });
 * const types: string[] = [];
 * for await (const event of run) types.push(event.type);
 * assert.equal(types[0], "execution:started");
 * assert.equal(types.at(-1), "execution:completed");
 * const result = await run.result;
 * assert.equal(result.outputs.get("greet"), "hello");
 * assert.equal(result.nodes.get("greet")?.attempts, 1);
 * ```
 */
export interface BlueprintRun extends AsyncIterable<SystemEvent> {
  /** The run's id: give it to `resumeRun` and `getRun`. */
  readonly id: string;
  /**
   * How the run ended. It never rejects for a node's failure (the status says
   * so); it rejects with a `ConductorError` when the run cannot start:
   * `INVALID_BLUEPRINT`, `INVALID_OPTION`, `RUN_NOT_FOUND`, `NODE_NOT_FOUND`,
   * `RUN_ACTIVE` (another orchestrator holds it) or `UNAVAILABLE` (the storage
   * could not take its record).
   */
  readonly result: Promise<RunResult>;
  /**
   * Cancels the run: running nodes are aborted, the rest are not started, and
   * the run is recorded `cancelled` (`resumeRun` continues it).
   *
   * @param reason Why, for the record and the `execution:cancelled` event.
   */
  cancel(reason?: unknown): void;
}
