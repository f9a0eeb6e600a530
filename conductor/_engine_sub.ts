import { taskData } from "./_engine_context.ts";
import type { NodeRun } from "./_engine_node.ts";
import { runGraph } from "./_schedule.ts";

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
 * Runs a sub-blueprint node: the child's source nodes get the node's input
 * merged over their own, its nodes run under the path `node/child` on the
 * run's slots, and the output holds the child's sink nodes' outputs by id.
 */
export async function runSubBlueprint(run: NodeRun): Promise<unknown> {
  const child = taskData(run.node).blueprint!;
  await run.begin(1);
  const outcome = await runGraph(run.context, {
    nodes: child.nodes,
    edges: child.edges,
    baseUrl: (child as { baseUrl?: string }).baseUrl || run.graph.baseUrl,
    prefix: `${run.path}/`,
    sourceInput: run.input,
  }, run.signal);
  if (outcome.status === "failed") throw new ChildFailed(outcome.origin, outcome.error);
  if (outcome.status === "cancelled") throw run.signal.reason;
  const feeding = new Set(child.edges.map((edge) => edge.source));
  const sinks = child.nodes.filter((node) => !feeding.has(node.id) && outcome.outputs.has(node.id));
  // Object.fromEntries defines own properties: a sink called "__proto__" stays data.
  return Object.fromEntries(sinks.map((node) => [node.id, outcome.outputs.get(node.id)]));
}
