// Containers (group, loop, parallel) as sub-blueprint nodes over their nested nodes and edges.
import { INPUT } from "./_flow_edges.ts";
import { type FlowScope, type Graph, nodeReport, pathOf } from "./_flow_scope.ts";
import type { FlowType } from "./_flow_types.ts";
import { isObject, type Json } from "./_validate_common.ts";
import { MAX_NESTING } from "./_validate_limits.ts";

/**
 * A container node's data: its nested graph as `blueprint`, and how it runs
 * (see the README's table). `fed`: whether an edge feeds its input port.
 */
export function containerData(
  raw: Json,
  type: FlowType,
  parameters: Json,
  scope: FlowScope,
  fed: boolean,
): Json | undefined {
  const id = raw.id as string;
  if (scope.depth >= MAX_NESTING) {
    nodeReport(
      scope,
      id,
      `containers nest deeper than ${MAX_NESTING} levels; the most is ${MAX_NESTING}`,
    );
    return undefined;
  }
  const parallel = type.container === "parallel";
  const allSettled = parallel && parameters.strategy === "allSettled" &&
    parameters.failFast !== true;
  const graph = scope.context.graph(raw, {
    context: scope.context,
    path: pathOf(scope, id),
    depth: scope.depth + 1,
    defaults: parallel
      ? {
        timeout: parameters.operationTimeout as number,
        onError: allSettled ? "continue" : undefined,
      }
      : scope.defaults,
  });
  if (!Array.isArray(raw.nodes) || graph.nodes.length === 0) {
    if (Array.isArray(raw.nodes) && raw.nodes.length === 0) {
      nodeReport(
        scope,
        id,
        `a ${type.type} runs the child nodes nested under it ("nodes" and "edges", as a group ` +
          `holds them), and this one has none`,
      );
    }
    return undefined;
  }
  const blueprint = { id, name: id, nodes: graph.nodes, edges: graph.edges };
  if (type.container === "group") {
    return {
      blueprint,
      collect: collectOf(graph),
      ...(parameters.parallel ? {} : { concurrency: 1 }),
    };
  }
  if (parallel) {
    return {
      blueprint,
      collect: "array",
      concurrency: parameters.concurrency,
      timeout: parameters.globalTimeout,
    };
  }
  return loopData(id, blueprint, graph, parameters, scope, fed);
}

/** What a sub-blueprint outputs: its one sink's output, or each sink's by id. */
const collectOf = (graph: Graph): "single" | "sinks" => {
  const fed = new Set(graph.edges.map((edge) => edge.source));
  return graph.nodes.filter((node) => !fed.has(node.id)).length === 1 ? "single" : "sinks";
};

/**
 * A loop: `forEach` maps over its `array` (or its input), `times` over 0 to
 * count - 1, each item the children's `input`; `while` repeats while its
 * condition (flow code, so sandboxed) holds.
 */
function loopData(
  id: string,
  blueprint: Json,
  graph: Graph,
  parameters: Json,
  scope: FlowScope,
  fed: boolean,
): Json | undefined {
  const common = {
    blueprint,
    collect: collectOf(graph),
    ...(parameters.collectResults === false ? { discard: true } : {}),
  };
  const kind = parameters.loopType;
  if (kind === "while") return whileData(id, common, parameters, scope);
  const items = kind === "times"
    ? Array.from({ length: parameters.count as number }, (_, index) => index)
    : parameters.array;
  if (items !== undefined && fed) {
    const what = kind === "times" ? `a "times" loop runs over 0 to count - 1` : `"array" is set`;
    nodeReport(scope, id, `${what}, and an edge feeds its input port too; remove one`);
    return undefined;
  }
  if (items === undefined && !fed) {
    nodeReport(
      scope,
      id,
      `a forEach loop needs its items: give "array", or an edge into its input port`,
    );
    return undefined;
  }
  return {
    ...common,
    map: INPUT,
    concurrency: parameters.concurrency,
    ...(items === undefined ? {} : { input: { [INPUT]: items } }),
  };
}

function whileData(id: string, common: Json, parameters: Json, scope: FlowScope): Json | undefined {
  const transform = scope.context.types.get("transform");
  if (typeof parameters.condition !== "string" || parameters.condition.trim() === "") {
    nodeReport(scope, id, `a while loop needs "condition", a JavaScript expression`);
    return undefined;
  }
  if (transform === undefined || !isObject(transform)) {
    nodeReport(
      scope,
      id,
      `a while loop's condition runs on the "transform" type's task, which is missing`,
    );
    return undefined;
  }
  return {
    ...common,
    while: {
      module: transform.module,
      export: "condition",
      input: { parameters: { condition: parameters.condition } },
      max: parameters.maxIterations,
    },
    sandbox: scope.context.sandbox,
  };
}
