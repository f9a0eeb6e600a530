import type { BlueprintEdge } from "@atomiton/store";
import { depths, findCycles } from "./_graph.ts";
import { suggest } from "./_suggest.ts";
import {
  type Checked,
  isObject,
  type Json,
  nodeProblem,
  problem,
  quote,
  type Scope,
  show,
} from "./_validate_common.ts";
import { type CheckedEdges, checkEdges } from "./_validate_edges.ts";
import { MAX_NODES, sizeProblems } from "./_validate_limits.ts";
import { checkNode, type NodeDraft } from "./_validate_node.ts";
import type { TaskNodeData, ValidBlueprint } from "./validate_blueprint.ts";

const SHAPE = `a JSON object with "nodes" (an array of { "id", "data": { "module" } }) ` +
  `and "edges" (an array of { "source", "target" })`;

/**
 * Checks one blueprint of the tree (its sub-blueprints through `scope`) and
 * builds it when nothing is wrong; every problem found is in `problems`.
 */
export async function checkBlueprint(value: unknown, scope: Scope): Promise<Checked> {
  const refused = (): Checked => ({ blueprint: undefined, problems: scope.problems });
  if (!checkShape(value, scope)) return refused();
  const rawNodes = value.nodes as unknown[];
  checkHeader(value, scope);
  const ids = new Map<string, number>();
  const nodes = new Map<string, NodeDraft>();
  rawNodes.forEach((raw, index) => {
    const draft = checkNode(raw, index, scope, ids);
    if (draft) nodes.set(draft.raw.id as string, draft);
  });
  const graph = checkEdges((value.edges ?? []) as unknown[], nodes, ids, scope);
  checkInputs(nodes, graph, scope);
  for (const cycle of findCycles([...ids.keys()], graph.edges)) {
    problem(
      scope,
      `cycle: ${
        [...cycle, cycle[0]!].map(quote).join(" → ")
      }; a node cannot wait for its own output, remove one of these edges`,
    );
  }
  const children = await settle(nodes, scope);
  checkSubBlueprintOutputs(nodes, graph.edges, children, scope);
  if (scope.problems.length > 0) return refused();
  return { blueprint: build(value, nodes, children, graph.edges, scope), problems: [] };
}

/** Whether `value` has the blueprint's shape and size; records what is wrong. */
function checkShape(value: unknown, scope: Scope): value is Json {
  if (!isObject(value)) return void problem(scope, `expected ${SHAPE}, got ${show(value)}`), false;
  if (!Array.isArray(value.nodes)) {
    problem(
      scope,
      `"nodes" must be an array of { "id", "data": { "module" } }, got ${show(value.nodes)}`,
    );
  }
  if (value.edges !== undefined && !Array.isArray(value.edges)) {
    problem(scope, `"edges" must be an array of { "source", "target" }, got ${show(value.edges)}`);
  }
  if (scope.problems.length > 0) return false;
  const nodes = (value.nodes as unknown[]).length;
  if (nodes === 0) problem(scope, `"nodes" is empty: a blueprint needs at least one node`);
  for (const text of sizeProblems(value, nodes, ((value.edges ?? []) as unknown[]).length)) {
    problem(scope, text);
  }
  const validation = scope.validation;
  validation.nodes += nodes;
  if (scope.depth > 0 && validation.nodes > MAX_NODES) {
    problem(
      scope,
      `the blueprint and its sub-blueprints have more than ${MAX_NODES} nodes together; the ` +
        `most is ${MAX_NODES}`,
    );
  }
  return scope.problems.length === 0;
}

function checkHeader(value: Json, scope: Scope): void {
  for (const field of ["id", "name", "description", "version", "author"]) {
    if (value[field] !== undefined && typeof value[field] !== "string") {
      problem(scope, `"${field}" must be a string, got ${show(value[field])}`);
    }
  }
  const { tags, metadata, baseUrl } = value;
  if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === "string"))) {
    problem(scope, `"tags" must be an array of strings`);
  }
  if (metadata !== undefined && !isObject(metadata)) {
    problem(scope, `"metadata" must be an object, got ${show(metadata)}`);
  }
  if (baseUrl !== undefined && !(typeof baseUrl === "string" && isUrlOrEmpty(baseUrl))) {
    problem(
      scope,
      `"baseUrl" must be the absolute URL the blueprint came from, or "", got ${show(baseUrl)}`,
    );
  }
}

function isUrlOrEmpty(text: string): boolean {
  if (text === "") return true;
  try {
    return new URL(text).href !== "";
  } catch {
    return false;
  }
}

/** Each node's input can take its edges, and `data.map` names a field it will have. */
function checkInputs(
  nodes: ReadonlyMap<string, NodeDraft>,
  graph: CheckedEdges,
  scope: Scope,
): void {
  for (const [id, { data }] of nodes) {
    const keys = graph.inputKeys.get(id);
    if (data.input !== undefined && !isObject(data.input) && keys !== undefined) {
      nodeProblem(
        scope,
        id,
        `"data.input" must be an object (or absent) when edges feed it, since each edge adds ` +
          `a key; got ${show(data.input)}`,
      );
    }
    if (typeof data.map === "string" && data.map !== "") checkMap(id, data, keys, scope);
  }
}

/** `data.map` names a field that `data.input` or an edge fills (a sub-blueprint's source node gets its parent's input). */
function checkMap(
  id: string,
  data: Json,
  keys: Map<string, string> | undefined,
  scope: Scope,
): void {
  const field = data.map as string;
  const input = isObject(data.input) ? data.input : undefined;
  if (keys?.has(field)) return;
  if (input && Object.hasOwn(input, field)) {
    if (Array.isArray(input[field])) return;
    return nodeProblem(
      scope,
      id,
      `"data.map" names input field ${quote(field)}, which must hold an array; ` +
        `"data.input" sets it to ${show(input[field])}`,
    );
  }
  if (scope.depth > 0 && keys === undefined) return;
  const fields = [...(input ? Object.keys(input) : []), ...(keys?.keys() ?? [])];
  const close = suggest(field, fields);
  nodeProblem(
    scope,
    id,
    `"data.map" names input field ${quote(field)}, which neither "data.input" nor an edge ` +
      `fills${close ? ` (did you mean ${quote(close)}?)` : ""}; its input fields: ${
        fields.map(quote).join(", ") || "none"
      }`,
  );
}

/** Waits for the module checks and sub-blueprints; records their problems in node order. */
async function settle(
  nodes: ReadonlyMap<string, NodeDraft>,
  scope: Scope,
): Promise<Map<string, ValidBlueprint>> {
  const children = new Map<string, ValidBlueprint>();
  const drafts = [...nodes.values()];
  const [exists, loaded] = await Promise.all([
    Promise.all(drafts.map((draft) => Promise.all([draft.exists, draft.repeat.whileExists]))),
    Promise.all(drafts.map((draft) => draft.child)),
  ]);
  drafts.forEach((draft, index) => {
    for (const missing of exists[index]!) if (missing) scope.problems.push(missing);
    const child = loaded[index];
    if (child === undefined) return;
    scope.problems.push(...child.problems);
    if (child.blueprint) children.set(draft.raw.id as string, child.blueprint);
  });
  return children;
}

/** The sink nodes of a sub-blueprint: those no edge leaves. */
const sinksOf = (child: ValidBlueprint): string[] => {
  const fed = new Set(child.edges.map((e) => e.source));
  return child.nodes.map((node) => node.id).filter((id) => !fed.has(id));
};

/**
 * What a sub-blueprint node outputs fits its `collect` (`"single"` needs one
 * sink) and the `sourceHandle` of each edge leaving it: a sink's id when it
 * outputs its sinks by id, `"count"` with `discard`.
 */
function checkSubBlueprintOutputs(
  nodes: ReadonlyMap<string, NodeDraft>,
  edges: readonly BlueprintEdge[],
  children: ReadonlyMap<string, ValidBlueprint>,
  scope: Scope,
): void {
  for (const [id, child] of children) {
    const sinks = sinksOf(child);
    if (nodes.get(id)?.data.collect !== "single" || sinks.length === 1) continue;
    nodeProblem(
      scope,
      id,
      `"data.collect" is "single", but its sub-blueprint has ${sinks.length} sink nodes ` +
        `(${sinks.map(quote).join(", ")}); "single" outputs its one sink node's output: use ` +
        `"array" or "sinks", or join them into one node`,
    );
  }
  for (const edge of edges) {
    const child = children.get(edge.source);
    const handle = edge.sourceHandle;
    if (child === undefined || handle === undefined) continue;
    const data = nodes.get(edge.source)!.data;
    const repeated = data.map !== undefined || data.while !== undefined;
    if (repeated && data.discard === true && handle !== "count") {
      problem(
        scope,
        `edge ${quote(edge.id)}: "sourceHandle" ${quote(handle)} is not a field of node ` +
          `${quote(edge.source)}'s output, which is { "count" } ("discard"): use "count" or none`,
      );
    }
    if (repeated || (data.collect ?? "sinks") !== "sinks") continue;
    const sinks = sinksOf(child);
    if (sinks.includes(handle)) continue;
    const close = suggest(handle, sinks);
    problem(
      scope,
      `edge ${quote(edge.id)}: "sourceHandle" ${quote(handle)} is not a sink node of ` +
        `node ${quote(edge.source)}'s sub-blueprint${
          close ? ` (did you mean ${quote(close)}?)` : ""
        }; its output has one field per sink node: ${sinks.map(quote).join(", ")}`,
    );
  }
}

function build(
  value: Json,
  nodes: ReadonlyMap<string, NodeDraft>,
  children: ReadonlyMap<string, ValidBlueprint>,
  edges: BlueprintEdge[],
  scope: Scope,
): ValidBlueprint {
  const depth = depths([...nodes.keys()], edges);
  const rows = new Map<number, number>();
  const outNodes = [...nodes].map(([id, { raw, data, module, retry, repeat }]) => {
    const column = depth.get(id)!;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    const { module: _module, blueprint: _blueprint, retry: _retry, ...rest } = data;
    const url = repeat.whileModule;
    const condition = url ? { ...data.while as Json, module: url.href } : undefined;
    const task: TaskNodeData = {
      ...rest,
      ...(module ? { module: module.href } : { blueprint: children.get(id)! }),
      ...(retry ? { retry } : {}),
      ...(condition ? { while: condition as NonNullable<TaskNodeData["while"]> } : {}),
    };
    return {
      id,
      type: (raw.type as string | undefined) ?? "task",
      position: (raw.position as { x: number; y: number } | undefined) ??
        { x: column * 240, y: row * 120 },
      data: task,
      ...(raw.label !== undefined ? { label: raw.label as string } : {}),
    };
  });
  const id = (value.id as string | undefined) ?? scope.defaultId;
  return {
    id,
    name: (value.name as string | undefined) || id,
    description: (value.description as string | undefined) ?? "",
    version: (value.version as string | undefined) ?? "1.0.0",
    author: (value.author as string | undefined) ?? "",
    tags: (value.tags as string[] | undefined) ?? [],
    nodes: outNodes,
    edges,
    metadata: (value.metadata as Json | undefined) ?? {},
    baseUrl: scope.base?.href ?? "",
  };
}
