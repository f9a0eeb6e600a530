import type { BlueprintEdge } from "@atomiton/store";
import { suggest } from "./_suggest.ts";
import {
  isObject,
  type Json,
  nodeProblem,
  problem,
  quote,
  type Scope,
  show,
} from "./_validate_common.ts";
import { idProblem, type NodeDraft } from "./_validate_node.ts";

/** The edges that passed, and which edge fills each node's input key. */
export interface CheckedEdges {
  readonly edges: BlueprintEdge[];
  /** Node id → input key → the id of the edge that fills it. */
  readonly inputKeys: Map<string, Map<string, string>>;
}

/**
 * Checks `edges`: each one's shape, that both ends are nodes (with a "did you
 * mean"), unique ids, and one edge per input key.
 */
export function checkEdges(
  rawEdges: readonly unknown[],
  nodes: ReadonlyMap<string, NodeDraft>,
  ids: ReadonlyMap<string, number>,
  scope: Scope,
): CheckedEdges {
  const edges: BlueprintEdge[] = [];
  const edgeIds = new Set<string>();
  const inputKeys = new Map<string, Map<string, string>>();
  rawEdges.forEach((raw, index) => {
    const edge = edgeOf(raw, index, scope);
    if (edge === undefined) return;
    const name = `edge ${quote(edge.id)}`;
    if (edgeIds.has(edge.id)) {
      return void problem(
        scope,
        (raw as Json).id === undefined
          ? `${name}: two edges join ${quote(edge.source)} to ${
            quote(edge.target)
          }; give them ids and different "targetHandle"s`
          : `${name}: the id is used twice; edge ids must be unique`,
      );
    }
    edgeIds.add(edge.id);
    if (!endsKnown(edge, ids, scope)) return;
    edges.push(edge);
    const key = edge.targetHandle ?? edge.source;
    const keys = inputKeys.get(edge.target) ?? new Map<string, string>();
    inputKeys.set(edge.target, keys);
    const taken = keys.get(key);
    if (taken !== undefined) {
      nodeProblem(
        scope,
        edge.target,
        `edges ${quote(taken)} and ${quote(edge.id)} both fill its input key ${quote(key)}; ` +
          `give one of them another "targetHandle"`,
      );
    }
    keys.set(key, edge.id);
    const input = nodes.get(edge.target)?.data.input;
    if (isObject(input) && Object.hasOwn(input, key)) {
      problem(
        scope,
        `${name} fills input key ${quote(key)} of node ${quote(edge.target)}, which its ` +
          `"data.input" already sets; remove one or give the edge another "targetHandle"`,
      );
    }
  });
  return { edges, inputKeys };
}

/** The edge with its default id, or `undefined` (and its problems recorded) when malformed. */
function edgeOf(raw: unknown, index: number, scope: Scope): BlueprintEdge | undefined {
  if (!isObject(raw)) {
    problem(scope, `edges[${index}] must be an object { "source", "target" }, got ${show(raw)}`);
    return undefined;
  }
  const before = scope.problems.length;
  for (const end of ["source", "target"] as const) {
    const bad = idProblem(raw[end]);
    if (bad) problem(scope, `edges[${index}]: "${end}" ${bad}`);
  }
  for (const handle of ["sourceHandle", "targetHandle"] as const) {
    if (raw[handle] !== undefined && (typeof raw[handle] !== "string" || raw[handle] === "")) {
      problem(
        scope,
        `edges[${index}]: "${handle}" must be a non-empty string, got ${show(raw[handle])}`,
      );
    }
  }
  const badId = raw.id === undefined ? undefined : idProblem(raw.id);
  if (badId) problem(scope, `edges[${index}]: "id" ${badId}`);
  if (scope.problems.length > before) return undefined;
  const { source, target } = raw as { source: string; target: string };
  return {
    id: (raw.id as string | undefined) ?? `${source}->${target}`,
    source,
    target,
    ...(raw.sourceHandle !== undefined ? { sourceHandle: raw.sourceHandle as string } : {}),
    ...(raw.targetHandle !== undefined ? { targetHandle: raw.targetHandle as string } : {}),
  };
}

function endsKnown(edge: BlueprintEdge, ids: ReadonlyMap<string, number>, scope: Scope): boolean {
  let known = true;
  for (const [end, node] of [["source", edge.source], ["target", edge.target]] as const) {
    if (ids.has(node)) continue;
    known = false;
    const close = suggest(node, ids.keys());
    problem(
      scope,
      `edge ${quote(edge.id)}: ${end} ${quote(node)} is not a node${
        close ? ` (did you mean ${quote(close)}?)` : ""
      }; nodes: ${listed(ids.keys())}`,
    );
  }
  return known;
}

/** Names for a message: the first 20, then how many more. */
function listed(names: Iterable<string>): string {
  const all = [...names];
  if (all.length === 0) return "none";
  const shown = all.slice(0, 20).map(quote).join(", ");
  return all.length > 20 ? `${shown} and ${all.length - 20} more` : shown;
}
