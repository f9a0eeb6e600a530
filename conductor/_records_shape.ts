import type { StoredNode, StoredRun } from "./_records.ts";

// Anything may sit under `runs/` (an older CLI's summaries, a user's keys, junk):
// a record is the conductor's only when it has the shape the engine reads.

const RUN_STATUSES: ReadonlySet<unknown> = new Set(["running", "completed", "failed", "cancelled"]);
const NODE_STATUSES: ReadonlySet<unknown> = new Set([
  "pending",
  "running",
  "completed",
  "failed",
  "skipped",
]);
/** Validation refuses sub-blueprints nested deeper than 16: a record with more is not one it wrote. */
const MAX_DEPTH = 17;

type Fields = Readonly<Record<string, unknown>>;

const isFields = (value: unknown): value is Fields =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const optional = (value: unknown, type: "string" | "number"): boolean =>
  value === undefined || typeof value === type;
const isCount = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;
const isError = (value: unknown): boolean =>
  value === undefined ||
  (isFields(value) && typeof value.message === "string" && optional(value.name, "string"));

/** Whether `value` is a blueprint the engine can walk: nodes with string ids, edges, sub-blueprints. */
function isBlueprint(value: unknown, depth: number): boolean {
  if (!isFields(value) || depth > MAX_DEPTH) return false;
  const { nodes, edges } = value;
  if (!Array.isArray(nodes) || !Array.isArray(edges)) return false;
  const edgesOk = edges.every((edge) =>
    isFields(edge) && typeof edge.source === "string" && typeof edge.target === "string"
  );
  return edgesOk && nodes.every((node) => {
    if (!isFields(node) || typeof node.id !== "string") return false;
    if (node.data === undefined) return true;
    if (!isFields(node.data)) return false;
    const child = node.data.blueprint;
    return child === undefined || isBlueprint(child, depth + 1);
  });
}

/** `value` as the run record of `runId`, or `undefined` when it is anything else. */
export function asStoredRun(value: unknown, runId: string): StoredRun | undefined {
  if (!isFields(value) || value.runId !== runId || !RUN_STATUSES.has(value.status)) {
    return undefined;
  }
  const fieldsOk = typeof value.started === "string" && optional(value.finished, "string") &&
    optional(value.holder, "string") && isFields(value.options) &&
    (value.metadata === undefined || isFields(value.metadata)) && isError(value.error);
  return fieldsOk && isBlueprint(value.blueprint, 0) ? value as unknown as StoredRun : undefined;
}

/** `value` as the record of node `path`, or `undefined` when it is anything else. */
export function asStoredNode(value: unknown, path: string): StoredNode | undefined {
  if (!isFields(value) || value.nodeId !== path || !NODE_STATUSES.has(value.status)) {
    return undefined;
  }
  const fieldsOk = isCount(value.attempts) && optional(value.started, "number") &&
    optional(value.finished, "number") && optional(value.unsaved, "string") &&
    (value.total === undefined || isCount(value.total)) &&
    (value.interrupted === undefined || isCount(value.interrupted)) && isError(value.error);
  return fieldsOk ? value as unknown as StoredNode : undefined;
}
