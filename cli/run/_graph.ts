/** The part of an edge the graph functions need. */
export interface GraphEdge {
  readonly source: string;
  readonly target: string;
}

/**
 * The cycles of a graph, each as its node ids in edge order (`["a", "b"]` is
 * a → b → a), in the order of `ids`; one cycle per knot of cycles that share nodes
 * is enough to say what to fix. Edges to unknown ids are ignored.
 */
export function findCycles(ids: readonly string[], edges: readonly GraphEdge[]): string[][] {
  const incoming = new Map<string, string[]>(ids.map((id) => [id, []]));
  const indegree = new Map<string, number>(ids.map((id) => [id, 0]));
  const outgoing = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const { source, target } of edges) {
    if (!incoming.has(source) || !incoming.has(target)) continue;
    incoming.get(target)!.push(source);
    outgoing.get(source)!.push(target);
    indegree.set(target, indegree.get(target)! + 1);
  }
  // Kahn's algorithm: what it cannot remove is on a cycle or downstream of one.
  const ready = ids.filter((id) => indegree.get(id) === 0);
  for (let i = 0; i < ready.length; i++) {
    for (const next of outgoing.get(ready[i]!)!) {
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  const stuck = new Set(ids.filter((id) => indegree.get(id)! > 0));
  const cycles: string[][] = [];
  const reported = new Set<string>();
  const order = new Map(ids.map((id, index) => [id, index]));
  for (const start of stuck) {
    if (reported.has(start)) continue;
    // Walking back along edges between stuck nodes always reaches a node seen before: a cycle.
    const seen = new Map<string, number>();
    const path: string[] = [];
    let at = start;
    while (!seen.has(at)) {
      seen.set(at, path.length);
      path.push(at);
      at = incoming.get(at)!.find((from) => stuck.has(from))!;
    }
    const cycle = path.slice(seen.get(at)).reverse();
    if (cycle.some((id) => reported.has(id))) continue;
    cycle.forEach((id) => reported.add(id));
    const first = cycle.reduce((a, b) => order.get(a)! <= order.get(b)! ? a : b);
    const index = cycle.indexOf(first);
    cycles.push([...cycle.slice(index), ...cycle.slice(0, index)]);
  }
  return cycles;
}

/**
 * Each node's depth in an acyclic graph: 0 for nodes without incoming edges,
 * else one more than the deepest node feeding it (a layout's column).
 */
export function depths(ids: readonly string[], edges: readonly GraphEdge[]): Map<string, number> {
  const depth = new Map<string, number>(ids.map((id) => [id, 0]));
  const outgoing = new Map<string, string[]>(ids.map((id) => [id, []]));
  const indegree = new Map<string, number>(ids.map((id) => [id, 0]));
  for (const { source, target } of edges) {
    if (!depth.has(source) || !depth.has(target)) continue;
    outgoing.get(source)!.push(target);
    indegree.set(target, indegree.get(target)! + 1);
  }
  const ready = ids.filter((id) => indegree.get(id) === 0);
  for (let i = 0; i < ready.length; i++) {
    const at = ready[i]!;
    for (const next of outgoing.get(at)!) {
      depth.set(next, Math.max(depth.get(next)!, depth.get(at)! + 1));
      const left = indegree.get(next)! - 1;
      indegree.set(next, left);
      if (left === 0) ready.push(next);
    }
  }
  return depth;
}
