// An Atomiton flow as a conductor blueprint: the top level and each container's nested graph.
import { translateEdges } from "./_flow_edges.ts";
import { translateNode } from "./_flow_node.ts";
import { flowPath } from "./_flow_params.ts";
import { flowTypes } from "./_flow_types.ts";
import { isObject, type Json, quote, show } from "./_validate_common.ts";
import type { SandboxPermissions } from "./node_executor.ts";
import type { NodeTypeRuntime } from "./node_type.ts";
import type { FlowContext, FlowScope, Graph } from "./_flow_scope.ts";
import type { ValidateBlueprintOptions } from "./validate_blueprint.ts";

/**
 * The blueprint a flow stands for; its problems go to `problems` (the
 * blueprint is then incomplete and must not be used).
 */
export async function translateFlow(
  flow: Json,
  options: ValidateBlueprintOptions,
  base: URL | undefined,
  runtime: NodeTypeRuntime,
  problems: string[],
): Promise<Json> {
  const settings = isObject(flow.settings) ? flow.settings : {};
  const context: FlowContext = {
    types: flowTypes(options.nodeTypes, base),
    base,
    runtime,
    sandbox: sandboxOf(settings.sandbox, base, problems),
    problems,
    checks: [],
    graph: translateGraph,
  };
  const timeout = isObject(settings.runtime) ? settings.runtime.timeout : undefined;
  if (timeout !== undefined && !(Number.isInteger(timeout) && (timeout as number) >= 1)) {
    problems.push(
      `"settings.runtime.timeout" must be a whole number of ms from 1, got ${show(timeout)}`,
    );
  }
  const graph = translateGraph(flow, {
    context,
    path: "",
    depth: 0,
    defaults: { timeout: typeof timeout === "number" ? timeout : undefined },
  });
  for (const problem of await Promise.all(context.checks)) if (problem) problems.push(problem);
  return { ...header(flow), nodes: graph.nodes, edges: graph.edges };
}

/** A container's (or the flow's) nested `nodes` and `edges`, translated. */
export function translateGraph(raw: Json, scope: FlowScope): Graph {
  const where = scope.path === "" ? "" : `node ${quote(scope.path)}: `;
  const problems = scope.context.problems;
  if (!Array.isArray(raw.nodes)) {
    problems.push(
      `${where}"nodes" must be an array of nodes { "id", "type", "parameters" }, got ${
        show(raw.nodes)
      }`,
    );
    return { nodes: [], edges: [] };
  }
  if (raw.edges !== undefined && !Array.isArray(raw.edges)) {
    problems.push(
      `${where}"edges" must be an array of { "source", "target" }, got ${show(raw.edges)}`,
    );
    return { nodes: [], edges: [] };
  }
  const rawNodes = raw.nodes as unknown[];
  const byId = new Map<string, Json>();
  for (const node of rawNodes) {
    if (isObject(node) && typeof node.id === "string" && !byId.has(node.id)) {
      byId.set(node.id, node);
    }
  }
  const edges = translateEdges((raw.edges ?? []) as unknown[], byId, scope);
  const nodes: Json[] = [];
  rawNodes.forEach((node, index) => {
    const translated = translateNode(node, index, scope, edges.fedInputs);
    if (translated) nodes.push(translated);
  });
  return { nodes, edges: edges.edges };
}

/** The blueprint's own fields from the flow's (the rest of a flow's top level is an editor's). */
function header(flow: Json): Json {
  const metadata = isObject(flow.metadata) ? flow.metadata : {};
  const strings = ["id", "name", "description", "version"].filter((key) =>
    typeof flow[key] === "string"
  );
  return {
    ...Object.fromEntries(strings.map((key) => [key, flow[key]])),
    ...(typeof metadata.author === "string" ? { author: metadata.author } : {}),
    ...(Array.isArray(metadata.tags) && metadata.tags.every((tag) => typeof tag === "string")
      ? { tags: metadata.tags }
      : {}),
    metadata,
  };
}

/** The flow's `settings.sandbox`: Deno's `--allow-*` lists for its code (absent: none). */
function sandboxOf(value: unknown, base: URL | undefined, problems: string[]): SandboxPermissions {
  if (value === undefined) return {};
  const fields = ["read", "write", "net", "env"];
  const lists = (list: unknown): boolean =>
    Array.isArray(list) && list.every((item) => typeof item === "string" && item !== "");
  if (
    !isObject(value) ||
    !Object.keys(value).every((key) => fields.includes(key) && lists(value[key]))
  ) {
    problems.push(
      `"settings.sandbox" must be an object of permission lists for the flow's code, from ` +
        `${fields.map(quote).join(", ")} (such as { "read": ["./data"] }), got ${show(value)}`,
    );
    return {};
  }
  // Paths to read and write are the flow's: relative ones resolve against its folder.
  const paths = (list: string[]): string[] => list.map((path) => flowPath(path, base) ?? path);
  return Object.fromEntries(
    fields.filter((key) => value[key] !== undefined).map((key) => [
      key,
      key === "read" || key === "write" ? paths(value[key] as string[]) : value[key],
    ]),
  );
}
