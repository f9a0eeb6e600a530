import type { JsonValue, StorageClient, StorageValue } from "@atomiton/storage";
import type { NodeStatus } from "@atomiton/store";
import type { NodeResult } from "./blueprint_run.ts";
import { ConductorError } from "./conductor_error.ts";
import type { NodeRetryPolicy, ValidBlueprint } from "./validate_blueprint.ts";
import { asStoredNode } from "./_records_shape.ts";

/** An error as records and results keep it. */
export interface ErrorInfo {
  readonly name: string;
  readonly message: string;
  readonly code?: string;
}

/** What `runs/<runId>` holds: the run without its nodes (they have a key each). */
export interface StoredRun {
  readonly runId: string;
  readonly status: "running" | "completed" | "failed" | "cancelled";
  readonly blueprint: ValidBlueprint;
  /** The options a resume reuses unless it is given others. */
  readonly options: { concurrency?: number; timeout?: number; retry?: NodeRetryPolicy };
  readonly started: string;
  readonly finished?: string;
  readonly holder?: string;
  readonly metadata?: Record<string, JsonValue>;
  readonly error?: { readonly nodeId?: string; readonly message: string; readonly code?: string };
}

/** What `run-nodes/<runId>/<path>` holds: one node's record. */
export interface StoredNode {
  readonly nodeId: string;
  readonly status: NodeStatus;
  readonly attempts: number;
  readonly started?: number;
  readonly finished?: number;
  readonly error?: ErrorInfo;
  /** A completed node's output (a continued failure's `{ error }`); absent when `undefined`. */
  readonly output?: unknown;
  /** Why the output could not be stored: such a node runs again on resume. */
  readonly unsaved?: string;
  /** A mapped node's element count. */
  readonly total?: number;
  /** Its attempts that an orchestrator's end interrupted, over every resume (absent: none). */
  readonly interrupted?: number;
}

export const runKey = (runId: string): string => `runs/${runId}`;
export const nodesPrefix = (runId: string): string => `run-nodes/${runId}/`;
const nodeKey = (runId: string, path: string): string =>
  nodesPrefix(runId) + encodeURIComponent(path);
export const itemsPrefix = (runId: string, path: string): string =>
  `run-items/${runId}/${encodeURIComponent(path)}/`;

/**
 * The keys a mapped or repeated node's elements leave: its items, and for a
 * sub-blueprint the records (and items) of each element's nodes,
 * `node/<index>/child`. A path is encoded whole, so `node%2F` holds only those below `node`.
 */
export function innerPrefixes(runId: string, path: string, subBlueprint: boolean): string[] {
  const items = itemsPrefix(runId, path);
  if (!subBlueprint) return [items];
  const below = encodeURIComponent(`${path}/`);
  return [items, `${nodesPrefix(runId)}${below}`, `run-items/${runId}/${below}`];
}

/** A node's result from its record: what the engine keeps of it beside the output. */
export function nodeResult(stored: StoredNode): NodeResult {
  const { output: _, unsaved: __, total: ___, nodeId: ____, interrupted: _____, ...result } =
    stored;
  return result;
}

/** Keeps `name`, `message` and `code` of anything thrown. */
export function errorInfo(error: unknown): ErrorInfo {
  const { name, message, code } = (typeof error === "object" && error !== null ? error : {}) as {
    name?: unknown;
    message?: unknown;
    code?: unknown;
  };
  return {
    name: typeof name === "string" ? name : "Error",
    message: typeof message === "string" ? message : String(error),
    ...(typeof code === "string" ? { code } : {}),
  };
}

/** Writes the run record; a storage that refuses it is `UNAVAILABLE`. */
export async function writeRun(storage: StorageClient, run: StoredRun): Promise<void> {
  try {
    await storage.set(runKey(run.runId), run as unknown as StorageValue);
  } catch (error) {
    throw new ConductorError(
      "UNAVAILABLE",
      `Cannot write the record of run "${run.runId}": ${errorInfo(error).message}`,
      { cause: error },
    );
  }
}

/**
 * Writes one node's record. An output the storage refuses (not JSON) is left
 * out and the record says why (`unsaved`): the node then runs again on resume.
 * Any other failure rejects with `UNAVAILABLE`.
 */
export async function writeNode(
  storage: StorageClient,
  runId: string,
  record: StoredNode,
): Promise<StoredNode> {
  const key = nodeKey(runId, record.nodeId);
  try {
    await storage.set(key, record as unknown as StorageValue);
    return record;
  } catch (error) {
    if (!("output" in record) || (error as { code?: unknown }).code !== "INVALID_VALUE") {
      throw unavailable(runId, record.nodeId, error);
    }
    const { output: _, ...rest } = record;
    const unsaved = `its output could not be stored: ${errorInfo(error).message}`;
    const kept = { ...rest, unsaved };
    await storage.set(key, kept as unknown as StorageValue).catch((cause) => {
      throw unavailable(runId, record.nodeId, cause);
    });
    return kept;
  }
}

function unavailable(runId: string, path: string, cause: unknown): ConductorError {
  return new ConductorError(
    "UNAVAILABLE",
    `Cannot record node "${path}" of run "${runId}": ${errorInfo(cause).message}`,
    { cause },
  );
}

/** Reads every node record of a run, by path. */
export async function readNodes(
  storage: StorageClient,
  runId: string,
): Promise<Map<string, StoredNode>> {
  return (await readNodesOfRuns(storage, nodesPrefix(runId))).get(runId) ?? new Map();
}

const NODES = "run-nodes/";

/**
 * Reads the node records under `prefix` (one run's, or every run's with
 * `"run-nodes/"`: one listing, not one per run), by run id, then by path.
 */
export async function readNodesOfRuns(
  storage: StorageClient,
  prefix = NODES,
): Promise<Map<string, Map<string, StoredNode>>> {
  const keys = await storage.keys(prefix);
  const values = keys.length ? await storage.getMany(keys) : [];
  const runs = new Map<string, Map<string, StoredNode>>();
  keys.forEach((key, i) => {
    const runId = key.slice(NODES.length, key.indexOf("/", NODES.length));
    // A record counts only under its own node's key: junk, or one copied to another key, is ignored.
    const path = (values[i] as { nodeId?: unknown } | null | undefined)?.nodeId;
    const node = typeof path === "string" && key === nodeKey(runId, path)
      ? asStoredNode(values[i], path)
      : undefined;
    if (!node) return;
    let nodes = runs.get(runId);
    if (!nodes) runs.set(runId, nodes = new Map());
    nodes.set(node.nodeId, node);
  });
  return runs;
}

/** Whether a stored node settled for good: its output is kept and it does not run again. */
export const isSettled = (node: StoredNode | undefined): boolean =>
  node !== undefined && node.unsaved === undefined &&
  (node.status === "completed" || (node.status === "failed" && "output" in node));

/** Writes one finished element of a mapped node (an output storage refuses is simply redone). */
export async function writeItem(
  storage: StorageClient,
  runId: string,
  path: string,
  index: number,
  output: unknown,
): Promise<void> {
  const value = { output } as unknown as StorageValue;
  await storage.set(itemsPrefix(runId, path) + index, value).catch((error) => {
    if ((error as { code?: unknown }).code !== "INVALID_VALUE") {
      throw unavailable(runId, `${path}[${index}]`, error);
    }
  });
}

/** Reads the finished elements of a mapped node, by index. */
export async function readItems(
  storage: StorageClient,
  runId: string,
  path: string,
): Promise<Map<number, unknown>> {
  const prefix = itemsPrefix(runId, path);
  const keys = await storage.keys(prefix);
  const values = keys.length ? await storage.getMany(keys) : [];
  const items = new Map<number, unknown>();
  keys.forEach((key, i) => {
    const index = Number(key.slice(prefix.length));
    const value = values[i];
    // Only `{ output }` under a key that writeItem makes ("7", not "07" or "x"): anything else is redone.
    if (
      Number.isSafeInteger(index) && index >= 0 && key === prefix + index &&
      typeof value === "object" && value !== null && !Array.isArray(value)
    ) {
      items.set(index, (value as { output?: unknown }).output);
    }
  });
  return items;
}
