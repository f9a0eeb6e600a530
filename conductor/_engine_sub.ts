import { isRepeated, taskData } from "./_engine_context.ts";
import type { NodeRun } from "./_engine_node.ts";
import { runGraph } from "./_schedule.ts";
import { Slots } from "./_schedule_slots.ts";
import type { TaskNodeData, ValidBlueprint } from "./validate_blueprint.ts";

/** A sub-blueprint's failure: the node that failed inside it (its path) and its error. */
export class ChildFailed {
  readonly path: string;
  readonly error: unknown;
  constructor(path: string, error: unknown) {
    this.path = path;
    this.error = error;
  }
}

/**
 * Runs a sub-blueprint node once: the child's source nodes get the node's
 * input merged over their own, its nodes run under the path `node/child` on
 * the run's slots, and the output is what `collect` says.
 */
export async function runSubBlueprint(run: NodeRun): Promise<unknown> {
  await run.begin(1);
  return await runChild(run, `${run.path}/`, run.input, run.signal);
}

/**
 * Runs the node's sub-blueprint once under `prefix` (`node/`, or `node/<i>/`
 * for an element or iteration), `input` going to its source nodes; rejects
 * with {@linkcode ChildFailed} when one of its nodes fails, with the signal's
 * reason when it is stopped.
 */
export async function runChild(
  run: NodeRun,
  prefix: string,
  input: unknown,
  signal: AbortSignal,
): Promise<unknown> {
  const data = taskData(run.node);
  const child = data.blueprint!;
  const outcome = await runGraph(run.context, {
    nodes: child.nodes,
    edges: child.edges,
    baseUrl: child.baseUrl || run.graph.baseUrl,
    prefix,
    sourceInput: input,
    // On a mapped node `concurrency` counts elements (see runMap); otherwise the child's nodes.
    limit: data.concurrency !== undefined && data.map === undefined
      ? new Slots(data.concurrency)
      : undefined,
    repeated: run.graph.repeated || isRepeated(data),
  }, signal);
  if (outcome.status === "failed") throw new ChildFailed(outcome.origin, outcome.error);
  if (outcome.status === "cancelled") throw signal.reason;
  return collect(child, outcome.outputs, data.collect);
}

/**
 * A sub-blueprint's output from its nodes' outputs (by id): its sink nodes'
 * (those no edge leaves) that ran, by id (`"sinks"`), in node order
 * (`"array"`), or the one sink's (`"single"`; `undefined` when it did not run).
 */
export function collect(
  child: Pick<ValidBlueprint, "nodes" | "edges">,
  outputs: ReadonlyMap<string, unknown>,
  how: TaskNodeData["collect"] = "sinks",
): unknown {
  const feeding = new Set(child.edges.map((edge) => edge.source));
  const sinks = child.nodes.filter((node) => !feeding.has(node.id) && outputs.has(node.id));
  if (how === "single") return sinks.length === 0 ? undefined : outputs.get(sinks[0]!.id);
  if (how === "array") return sinks.map((node) => outputs.get(node.id));
  // Object.fromEntries defines own properties: a sink called "__proto__" stays data.
  return Object.fromEntries(sinks.map((node) => [node.id, outputs.get(node.id)]));
}
