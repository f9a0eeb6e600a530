import { ConductorError } from "./conductor_error.ts";
import { flatten, isRepeated, taskData } from "./_engine_context.ts";
import { suggest } from "./_suggest.ts";
import type { ValidBlueprint } from "./validate_blueprint.ts";

/**
 * The paths a resume `from` a node runs again: the node and everything
 * downstream of it, in its graph and in every sub-blueprint around it (whose
 * nodes run again too), with every node inside one of those; for a mapped or
 * repeated sub-blueprint node among them, also `node/`: its elements' nodes.
 * Throws `NODE_NOT_FOUND` when the blueprint has no such path.
 */
export function forcedPaths(blueprint: ValidBlueprint, from: string): Set<string> {
  const paths = [...flatten(blueprint)].map(([path]) => path);
  if (!paths.includes(from)) {
    const near = suggest(from, paths);
    throw new ConductorError(
      "NODE_NOT_FOUND",
      `No node "${from}" in the run's blueprint${near ? `: did you mean "${near}"?` : ""} ` +
        `(a sub-blueprint's node is "parent/child").`,
    );
  }
  const whole = new Set<string>();
  const parts = from.split("/");
  let graph: Pick<ValidBlueprint, "nodes" | "edges"> = blueprint;
  for (let depth = 0; depth < parts.length; depth++) {
    const prefix = parts.slice(0, depth).map((part) => `${part}/`).join("");
    const last = depth === parts.length - 1;
    // An enclosing sub-blueprint node runs again, but only its nodes downstream of `from` do.
    for (const id of downstream(graph, parts[depth]!)) {
      if (last || id !== parts[depth]) whole.add(prefix + id);
    }
    const node = graph.nodes.find((n) => n.id === parts[depth])!;
    if (!last) graph = taskData(node).blueprint!;
  }
  const forced = new Set<string>();
  for (const [path, node] of flatten(blueprint)) {
    const segments = path.split("/");
    const inside = segments.some((_, i) => whole.has(segments.slice(0, i + 1).join("/")));
    if (!inside && !from.startsWith(`${path}/`)) continue;
    forced.add(path);
    // Its elements' nodes (`path/<i>/child`) run again too: `path/` stands for them.
    if (isRepeated(taskData(node))) forced.add(`${path}/`);
  }
  return forced;
}

/** Whether the record of `path` goes, from what {@linkcode forcedPaths} gave. */
export function isForced(forced: ReadonlySet<string>, path: string): boolean {
  if (forced.has(path)) return true;
  for (let end = path.indexOf("/"); end !== -1; end = path.indexOf("/", end + 1)) {
    if (forced.has(path.slice(0, end + 1))) return true;
  }
  return false;
}

function downstream(graph: Pick<ValidBlueprint, "nodes" | "edges">, start: string): Set<string> {
  const targets = new Map<string, string[]>();
  for (const edge of graph.edges) {
    const list = targets.get(edge.source);
    if (list) list.push(edge.target);
    else targets.set(edge.source, [edge.target]);
  }
  const reached = new Set([start]);
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    for (const target of targets.get(queue[i]!) ?? []) {
      if (!reached.has(target)) queue.push(target), reached.add(target);
    }
  }
  return reached;
}
