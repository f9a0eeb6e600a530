// A flow graph's edges: ports become the conductor's handles.
import { suggest } from "./_suggest.ts";
import { type FlowScope, nodeReport, report } from "./_flow_scope.ts";
import { isObject, type Json, quote, show } from "./_validate_common.ts";

/** The default ports' names: the whole output, and the task's `input`. */
export const OUTPUT = "output";
export const INPUT = "input";

/** Translated edges, and which nodes an edge feeds through their default input port. */
export interface FlowEdges {
  readonly edges: Json[];
  /** Node id → the id of the edge into its default input port. */
  readonly fedInputs: ReadonlyMap<string, string>;
}

/**
 * Each edge as the conductor's: a default output port (`output`, or the
 * node's only one) carries the whole output, another names the output's field
 * (`sourceHandle`); the default input port (`input`, or the node's only one)
 * fills the task's `input`, another fills the field of its name. A port takes
 * one edge.
 */
export function translateEdges(
  raw: readonly unknown[],
  nodes: ReadonlyMap<string, Json>,
  scope: FlowScope,
): FlowEdges {
  const edges: Json[] = [];
  const ports = new Map<string, Map<string, string>>();
  const fedInputs = new Map<string, string>();
  raw.forEach((edge, index) => {
    const translated = translateEdge(edge, index, nodes, scope);
    if (translated === undefined) return;
    edges.push(translated);
    const target = translated.target as string;
    const port = translated.targetHandle as string;
    const taken = ports.get(target) ?? new Map<string, string>();
    ports.set(target, taken);
    const first = taken.get(port);
    if (first !== undefined) {
      nodeReport(
        scope,
        target,
        `edges ${quote(first)} and ${quote(translated.id as string)} both ` +
          `feed its input port ${quote(port)}; a port takes one edge (join the branches in a ` +
          `node first, or give them separate input ports)`,
      );
    }
    taken.set(port, translated.id as string);
    if (port === INPUT) fedInputs.set(target, translated.id as string);
  });
  return { edges, fedInputs };
}

function translateEdge(
  raw: unknown,
  index: number,
  nodes: ReadonlyMap<string, Json>,
  scope: FlowScope,
): Json | undefined {
  if (!isObject(raw)) {
    return void report(
      scope,
      `edges[${index}] must be an object { "source", "target" }, got ${show(raw)}`,
    );
  }
  const { source, target } = raw;
  const ends = [["source", source], ["target", target]] as const;
  let known = true;
  for (const [end, id] of ends) {
    if (typeof id === "string" && nodes.has(id)) continue;
    known = false;
    const close = typeof id === "string" ? suggest(id, nodes.keys()) : undefined;
    report(
      scope,
      `edges[${index}]: ${end} ${show(id)} is not a node${
        close ? ` (did you mean ${quote(close)}?)` : ""
      }; ` +
        `nodes: ${[...nodes.keys()].slice(0, 20).map(quote).join(", ") || "none"}`,
    );
  }
  if (!known) return undefined;
  const id = typeof raw.id === "string" ? raw.id : `${source}->${target}`;
  const from = port(
    raw.sourceHandle,
    nodes.get(source as string)!,
    "outputPorts",
    OUTPUT,
    id,
    scope,
  );
  const to = port(raw.targetHandle, nodes.get(target as string)!, "inputPorts", INPUT, id, scope);
  if (from === false || to === false) return undefined;
  if (to === "parameters") {
    return void report(
      scope,
      `edge ${
        quote(id)
      }: input port "parameters" is reserved for the node's parameters; rename the port`,
    );
  }
  return {
    id,
    source,
    target,
    ...(from === undefined ? {} : { sourceHandle: from }),
    targetHandle: to ?? INPUT,
  };
}

/**
 * The handle for an edge's port: `undefined` for the default port, the port's
 * name otherwise, `false` when the node declares its ports and this is none.
 */
function port(
  handle: unknown,
  node: Json,
  field: "inputPorts" | "outputPorts",
  fallback: string,
  edge: string,
  scope: FlowScope,
): string | undefined | false {
  const declared = Array.isArray(node[field])
    ? (node[field] as unknown[]).flatMap((p) =>
      isObject(p) && typeof p.id === "string" ? [p.id] : []
    )
    : [];
  const byDefault = declared.includes(fallback) || declared.length !== 1 ? fallback : declared[0]!;
  if (handle === undefined || handle === null || handle === byDefault) return undefined;
  const end = field === "inputPorts" ? "targetHandle" : "sourceHandle";
  if (typeof handle !== "string" || handle === "") {
    report(scope, `edge ${quote(edge)}: "${end}" must be a port name, got ${show(handle)}`);
    return false;
  }
  if (declared.length === 0 || declared.includes(handle)) return handle;
  const close = suggest(handle, declared);
  report(
    scope,
    `edge ${quote(edge)}: "${end}" ${quote(handle)} is not a port of node ${
      quote(node.id as string)
    }${close ? ` (did you mean ${quote(close)}?)` : ""}; its ${field}: ${
      declared.map(quote).join(", ")
    }`,
  );
  return false;
}
