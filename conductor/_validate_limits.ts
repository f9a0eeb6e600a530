import { type Json, quote } from "./_validate_common.ts";

export const MAX_ID = 200;
/** Levels of nesting from a blueprint's top object: a deeper value would overflow a stack. */
export const MAX_DEPTH = 64;
/** Nodes of a blueprint, its sub-blueprints included. */
export const MAX_NODES = 10_000;
export const MAX_EDGES = 100_000;
/** Characters of blueprint text (64 Mi). */
export const MAX_TEXT = 64 * 1024 * 1024;
/** Levels of sub-blueprints below the top blueprint. */
export const MAX_NESTING = 16;

/** Problems with the blueprint's size and nesting, each limit named. */
export function sizeProblems(value: Json, nodes: number, edges: number): string[] {
  const problems: string[] = [];
  if (nodes > MAX_NODES) problems.push(`it has ${nodes} nodes; the most is ${MAX_NODES}`);
  if (edges > MAX_EDGES) problems.push(`it has ${edges} edges; the most is ${MAX_EDGES}`);
  if (depthOver(value, MAX_DEPTH)) {
    // Top-level fields are level 2, the items of its arrays (nodes, edges) level 3.
    const where = Object.keys(value).flatMap((key) => {
      const field = value[key];
      return Array.isArray(field)
        ? field.map((item, index) => [`${key}[${index}]`, item, MAX_DEPTH - 2] as const)
        : [[key, field, MAX_DEPTH - 1] as const];
    }).find(([, item, limit]) => depthOver(item, limit))?.[0];
    problems.push(
      `${where ? `${quote(where)} nests` : "it nests"} deeper than ${MAX_DEPTH} levels from ` +
        `the top; a blueprint nests at most ${MAX_DEPTH} (a node's "data.input" at most ${
          MAX_DEPTH - 4
        }, less inside an inline sub-blueprint)`,
    );
  }
  return problems;
}

/**
 * Whether `value` nests more than `limit` levels (the top object is level 1);
 * without recursion, so depth itself cannot overflow the stack.
 */
function depthOver(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item !== "object" || item === null || seen.has(item)) continue;
    if (depth > limit) return true;
    seen.add(item);
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}
