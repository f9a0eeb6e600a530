/**
 * Builders for the engine's tests: blueprints of the tasks in `tasks.mjs`.
 *
 * @module
 */
import type { BlueprintEdge } from "@atomiton/store";

/** The tasks module's URL. */
export const TASKS = new URL("./tasks.mjs", import.meta.url).href;

/** A node of blueprint JSON. */
export interface NodeSpec {
  readonly id: string;
  readonly type: "task";
  readonly position: { readonly x: number; readonly y: number };
  readonly data: Record<string, unknown>;
}

/** A task node calling export `task` of tasks.mjs, with more `data` fields. */
export function task(id: string, name: string, data: Record<string, unknown> = {}): NodeSpec {
  return {
    id,
    type: "task",
    position: { x: 0, y: 0 },
    data: { module: TASKS, export: name, ...data },
  };
}

/** A sub-blueprint node running `child` inline. */
export function sub(id: string, child: object, data: Record<string, unknown> = {}): NodeSpec {
  return { id, type: "task", position: { x: 0, y: 0 }, data: { blueprint: child, ...data } };
}

/** An edge from `source` to `target`. */
export function edge(
  source: string,
  target: string,
  extra: Partial<BlueprintEdge> = {},
): BlueprintEdge {
  return { id: `${source}->${target}:${extra.sourceHandle ?? ""}`, source, target, ...extra };
}

/** A blueprint of these nodes and edges. */
export function blueprint(
  nodes: NodeSpec[],
  edges: BlueprintEdge[] = [],
  id = "test",
): { id: string; name: string; nodes: NodeSpec[]; edges: BlueprintEdge[] } {
  return { id, name: id, nodes, edges };
}

/** A fresh temporary folder, and a counter file path in it. */
export async function tempLog(): Promise<{ dir: string; log: string; lines: () => string[] }> {
  const dir = await Deno.makeTempDir({ prefix: "conductor-engine-" });
  const log = `${dir}/runs.log`;
  return {
    dir,
    log,
    lines: () => {
      try {
        return Deno.readTextFileSync(log).split("\n").filter(Boolean);
      } catch {
        return [];
      }
    },
  };
}
