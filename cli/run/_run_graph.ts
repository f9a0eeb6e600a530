import { now } from "@atomiton/platform/metrics";
import type { BlueprintEdge, BlueprintNode, NodeStatus } from "@atomiton/store";
import type { ExecutionEvents } from "@atomiton/store/events";
import type { NodeRequest } from "./_node_runner.ts";
import type { TaskNodeData } from "./validate_blueprint.ts";

/** Runs one node somewhere: a local worker pool, or workers behind Redis. */
export interface NodeExecutor {
  run(request: NodeRequest, options: NodeRunOptions): Promise<unknown>;
}

/** What {@linkcode NodeExecutor.run} gets besides the request. */
export interface NodeRunOptions {
  readonly signal: AbortSignal;
  readonly timeout: number | undefined;
  readonly onProgress: (value: unknown) => void;
}

/** Emits one execution event. */
export type Emit = <K extends keyof ExecutionEvents>(type: K, data: ExecutionEvents[K]) => void;

/** What happened to one node. */
export interface NodeRecord {
  status: NodeStatus;
  /** When it started, on the run's clock (ms). */
  started?: number;
  /** How long it ran, in whole ms: the one figure the live view and the summary show. */
  ms?: number;
  /** Why it failed, or why it was skipped. */
  error?: unknown;
}

/** How a graph run ended. */
export interface GraphOutcome {
  readonly status: "completed" | "failed" | "cancelled";
  /** Outputs of the nodes that completed. */
  readonly outputs: ReadonlyMap<string, unknown>;
  /** Every node's record, in blueprint order. */
  readonly nodes: ReadonlyMap<string, NodeRecord>;
  /** The node that failed first, and its error. */
  readonly failed?: { readonly nodeId: string; readonly error: unknown };
}

/** Options of {@linkcode runGraph}. */
export interface RunGraphOptions {
  readonly jobId: string;
  readonly nodes: readonly BlueprintNode[];
  readonly edges: readonly BlueprintEdge[];
  /** The blueprint file's URL, for the tasks' `ctx.baseUrl`. */
  readonly baseUrl: string;
  readonly executor: NodeExecutor;
  /** Nodes running at once. */
  readonly concurrency: number;
  /** Each node's time limit in ms, unless its `data.timeout` says otherwise. */
  readonly timeout?: number | undefined;
  /** Cancels the run (Ctrl-C). */
  readonly signal: AbortSignal;
  readonly emit: Emit;
  /**
   * Gets each output as its node completes, to record it durably: the node's
   * `completed` event and the nodes it feeds wait until the promise it returns settles.
   */
  readonly onOutput?: ((nodeId: string, output: unknown) => void | Promise<void>) | undefined;
  /** Gets the record of each node that ran (its one duration), before the node's last event. */
  readonly onNodeEnd?: ((nodeId: string, record: NodeRecord) => void) | undefined;
  /** The least time between two progress events of a node, in ms (default 100). */
  readonly progressInterval?: number | undefined;
}

/** A node's progress as a task reports it: a fraction, a message, or both. */
export interface ProgressUpdate {
  progress?: number;
  message?: string;
}

/**
 * Reads what a task passed to `ctx.progress(value)`: a number from 0 to 1, a
 * message string, or `{ progress?, current?, total?, message? }`.
 */
export function readProgress(value: unknown): ProgressUpdate | undefined {
  const fraction = (n: number): number => Math.min(1, Math.max(0, n));
  if (typeof value === "number") return Number.isFinite(value) ? { progress: fraction(value) } : {};
  if (typeof value === "string") return { message: value };
  if (typeof value !== "object" || value === null) return undefined;
  const { progress, current, total, message } = value as Record<string, unknown>;
  const update: ProgressUpdate = {};
  if (typeof progress === "number" && Number.isFinite(progress)) {
    update.progress = fraction(progress);
  } else if (typeof current === "number" && typeof total === "number" && total > 0) {
    update.progress = fraction(current / total);
  }
  if (typeof message === "string") update.message = message;
  return update;
}

/** An error's message, with its code when it has one: what a user needs to see. */
export function describeError(error: unknown): string {
  const { message, code } = (error ?? {}) as { message?: unknown; code?: unknown };
  const text = typeof message === "string" && message ? message : String(error);
  return typeof code === "string" && !text.includes(code) ? `${text} [${code}]` : text;
}

interface Live {
  readonly controller: AbortController;
  progress: ProgressUpdate;
  last: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Runs a checked, acyclic blueprint graph: nodes whose inputs are ready run at
 * once (up to `concurrency`), each output flows along its edges, and every
 * change is emitted as an `execution:node-progress` (and, as nodes finish,
 * `execution:progress`) event. The first failure, or the signal, aborts the
 * running nodes and skips the rest. It never rejects: the outcome says how it ended.
 */
export function runGraph(options: RunGraphOptions): Promise<GraphOutcome> {
  const { jobId, nodes, edges, executor, emit, signal } = options;
  const interval = options.progressInterval ?? 100;
  const records = new Map<string, NodeRecord>(nodes.map((n) => [n.id, { status: "pending" }]));
  const outputs = new Map<string, unknown>();
  const waiting = new Map<string, number>(nodes.map((n) => [n.id, 0]));
  // Keys are node ids and handles: a Map, so "__proto__" stays a key.
  const inputs = new Map<string, Map<string, unknown>>();
  const outgoing = new Map<string, BlueprintEdge[]>(nodes.map((n) => [n.id, []]));
  for (const edge of edges) {
    outgoing.get(edge.source)!.push(edge);
    waiting.set(edge.target, waiting.get(edge.target)! + 1);
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const ready = nodes.filter((n) => waiting.get(n.id) === 0);
  const live = new Map<string, Live>();
  let head = 0;
  let finished = 0;
  let recording = 0;
  let state: GraphOutcome["status"] | "running" = "running";
  let failed: GraphOutcome["failed"];
  let done!: (outcome: GraphOutcome) => void;
  const outcome = new Promise<GraphOutcome>((resolve) => done = resolve);

  const nodeEvent = (
    nodeId: string,
    fields: Omit<ExecutionEvents["execution:node-progress"], "jobId" | "nodeId">,
  ): void => emit("execution:node-progress", { jobId, nodeId, ...fields });

  const sendProgress = (nodeId: string, entry: Live): void => {
    entry.timer = undefined;
    entry.last = now();
    nodeEvent(nodeId, { status: "running", ...entry.progress });
  };

  const onProgress = (nodeId: string, value: unknown): void => {
    const entry = live.get(nodeId);
    const update = readProgress(value);
    if (!entry || !update) return;
    Object.assign(entry.progress, update);
    // At most one event per interval and node: a chatty task must not flood the log.
    if (entry.timer !== undefined) return;
    const wait = entry.last + interval - now();
    if (wait <= 0) sendProgress(nodeId, entry);
    else entry.timer = setTimeout(() => sendProgress(nodeId, entry), wait);
  };

  const settle = (nodeId: string, record: NodeRecord): void => {
    const entry = live.get(nodeId)!;
    clearTimeout(entry.timer);
    // The last report is never lost to the throttle.
    if (entry.timer !== undefined) sendProgress(nodeId, entry);
    live.delete(nodeId);
    records.set(nodeId, record);
    options.onNodeEnd?.(nodeId, record);
  };

  const stop = (status: "failed" | "cancelled", reason: unknown): void => {
    if (state !== "running") return;
    state = status;
    for (const entry of live.values()) entry.controller.abort(reason);
  };

  const fail = (nodeId: string, error: unknown, record: NodeRecord): void => {
    if (state === "running") failed = { nodeId, error };
    records.set(nodeId, { ...record, status: "failed", error });
    nodeEvent(nodeId, { status: "failed", error: describeError(error) });
    stop("failed", new Error(`Cancelled: node "${nodeId}" failed.`));
  };

  const start = (node: BlueprintNode): void => {
    const data = node.data as unknown as TaskNodeData;
    const fed = inputs.get(node.id);
    // Object.fromEntries defines own properties: a "__proto__" key stays data.
    const input = fed ? { ...data.input as object, ...Object.fromEntries(fed) } : data.input;
    const entry: Live = {
      controller: new AbortController(),
      progress: {},
      last: now(),
      timer: undefined,
    };
    live.set(node.id, entry);
    const started = now();
    records.set(node.id, { status: "running", started });
    nodeEvent(node.id, { status: "running", progress: 0 });
    const request: NodeRequest = {
      module: data.module,
      export: data.export,
      input,
      nodeId: node.id,
      baseUrl: options.baseUrl,
    };
    executor.run(request, {
      signal: entry.controller.signal,
      timeout: data.timeout ?? options.timeout,
      onProgress: (value) => onProgress(node.id, value),
    }).then(
      (output) => {
        settle(node.id, { status: "completed", started, ms: Math.round(now() - started) });
        outputs.set(node.id, output);
        recording++;
        // Recorded before it is announced and before anything it feeds starts.
        const recorded = Promise.resolve().then(() => options.onOutput?.(node.id, output));
        const complete = (): void => {
          recording--;
          completed(node.id, output);
        };
        recorded.then(complete, complete);
      },
      (error) => {
        const record = { status: "failed" as const, started, ms: Math.round(now() - started) };
        settle(node.id, record);
        if (state === "running") fail(node.id, error, record);
        else {
          records.set(node.id, { ...record, status: "skipped", error });
          nodeEvent(node.id, { status: "skipped", message: describeError(error) });
        }
        pump();
      },
    );
  };

  const completed = (nodeId: string, output: unknown): void => {
    nodeEvent(nodeId, { status: "completed", progress: 1 });
    finished++;
    emit("execution:progress", {
      jobId,
      current: finished,
      total: nodes.length,
      message: `node "${nodeId}" completed`,
    });
    if (state === "running") deliver(nodeId, output);
    pump();
  };

  // Hands a finished node's output to the nodes its edges feed; starts those that have all.
  const deliver = (nodeId: string, output: unknown): void => {
    for (const edge of outgoing.get(nodeId)!) {
      let value = output;
      if (edge.sourceHandle !== undefined) {
        const fields = typeof output === "object" && output !== null ? output : undefined;
        if (!fields || !Object.hasOwn(fields, edge.sourceHandle)) {
          const error = new Error(
            `Edge "${edge.id}" carries field "${edge.sourceHandle}" of node "${nodeId}"'s ` +
              `output, which has ${
                fields
                  ? `only the fields ${
                    Object.keys(fields).map((k) => `"${k}"`).join(", ") || "(none)"
                  }`
                  : `no fields (it is ${output === null ? "null" : typeof output})`
              }.`,
          );
          (error as Error & { code: string }).code = "INVALID_BLUEPRINT";
          return fail(edge.target, error, { status: "failed" });
        }
        value = (fields as Record<string, unknown>)[edge.sourceHandle];
      }
      let input = inputs.get(edge.target);
      if (!input) inputs.set(edge.target, input = new Map());
      input.set(edge.targetHandle ?? nodeId, value);
      const left = waiting.get(edge.target)! - 1;
      waiting.set(edge.target, left);
      if (left === 0) ready.push(byId.get(edge.target)!);
    }
  };

  const pump = (): void => {
    while (state === "running" && live.size < options.concurrency && head < ready.length) {
      start(ready[head++]!);
    }
    if (live.size > 0 || recording > 0 || (state === "running" && finished < nodes.length)) {
      return;
    }
    signal.removeEventListener("abort", onAbort);
    if (state === "running") state = "completed";
    for (const node of nodes) {
      const record = records.get(node.id)!;
      if (record.status !== "pending") continue;
      const why = state === "cancelled" ? "cancelled" : `not run: node "${failed?.nodeId}" failed`;
      records.set(node.id, { status: "skipped", error: why });
      nodeEvent(node.id, { status: "skipped", message: why });
    }
    done({ status: state, outputs, nodes: records, ...(failed ? { failed } : {}) });
  };

  const onAbort = (): void => {
    stop("cancelled", signal.reason);
    pump();
  };
  if (signal.aborted) onAbort();
  else {
    signal.addEventListener("abort", onAbort, { once: true });
    pump();
  }
  return outcome;
}
