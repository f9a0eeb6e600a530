import type { BlueprintNode } from "@atomiton/store";
import { type Graph, isRepeated, type RunContext, taskData, track } from "./_engine_context.ts";
import { interruptions, nodePolicy, runAttempts } from "./_engine_attempt.ts";
import { runMap } from "./_engine_map.ts";
import { ProgressThrottle } from "./_engine_progress.ts";
import { attemptPlan } from "./_engine_request.ts";
import { ChildFailed, runSubBlueprint } from "./_engine_sub.ts";
import { runWhile } from "./_engine_while.ts";
import { errorInfo, innerPrefixes, nodeResult, type StoredNode, writeNode } from "./_records.ts";
import type { NodeRetryPolicy } from "./validate_blueprint.ts";

/** How a node settled, for the scheduler. */
export type Settled =
  | { readonly status: "completed"; readonly output: unknown }
  /** Failed with `onError: "continue"`: `{ error }` flows on. */
  | { readonly status: "continued"; readonly output: unknown }
  /** Failed: `origin` is the path of the node that failed first (inside a sub-blueprint). */
  | { readonly status: "failed"; readonly error: unknown; readonly origin: string }
  /** Stopped by a cancel or another node's failure. */
  | { readonly status: "aborted" };

/** What one node's run knows about itself while it runs. */
export interface NodeRun {
  readonly context: RunContext;
  readonly graph: Graph;
  readonly node: BlueprintNode;
  readonly path: string;
  readonly input: unknown;
  readonly signal: AbortSignal;
  readonly previous: StoredNode | undefined;
  /** Its retry policy (its own or the run's), normalised once. */
  readonly policy: NodeRetryPolicy;
  readonly started: number;
  attempts: number;
  /** Its attempts that an orchestrator's end interrupted, this run's earlier ones included. */
  readonly interrupted: number;
  /** A mapped node's element count, once known. */
  total: number | undefined;
  /** Writes the node's `running` record and announces it. */
  begin(attempt: number, fields?: { total?: number; message?: string }): Promise<void>;
}

/**
 * Runs one node (a task, a mapped task or a sub-blueprint) and records how it
 * settled before it says so: the scheduler hands its output on only after.
 */
export async function runNode(
  context: RunContext,
  graph: Graph,
  node: BlueprintNode,
  input: unknown,
  signal: AbortSignal,
): Promise<Settled> {
  const run = nodeRun(context, graph, node, input, signal);
  let release: (() => void) | undefined;
  try {
    // A sub-blueprint's `concurrency`: each of its nodes holds a place while it runs.
    release = await graph.limit?.acquire(signal);
    const output = await perform(run);
    return await settle(run, { status: "completed", output }, undefined);
  } catch (thrown) {
    const failure = thrown instanceof ChildFailed ? thrown : undefined;
    const error = failure ? failure.error : thrown;
    if (signal.aborted && !failure) return await abort(run, error);
    if (taskData(node).onError === "continue") {
      return await settle(run, { status: "continued", output: { error: errorInfo(error) } }, error);
    }
    await settle(run, undefined, error);
    return { status: "failed", error, origin: failure?.path ?? run.path };
  } finally {
    release?.();
  }
}

function nodeRun(
  context: RunContext,
  graph: Graph,
  node: BlueprintNode,
  input: unknown,
  signal: AbortSignal,
): NodeRun {
  const path = graph.prefix + node.id;
  const previous = context.previous.get(path);
  const run: NodeRun = {
    context,
    graph,
    node,
    path,
    input,
    signal,
    previous,
    policy: nodePolicy(taskData(node).retry ?? context.retry),
    started: Date.now(),
    // Attempts go on from the earlier try's (a node that never starts now keeps its count).
    attempts: previous?.attempts ?? 0,
    interrupted: interruptions(previous),
    total: undefined,
    async begin(attempt, fields = {}): Promise<void> {
      run.attempts = Math.max(run.attempts, attempt);
      const { total, message } = fields;
      if (total !== undefined) run.total = total;
      await record(run, { status: "running" });
      context.events.node(path, {
        status: "running",
        progress: 0,
        ...(message ? { message } : {}),
      });
    },
  };
  return run;
}

function perform(run: NodeRun): Promise<unknown> {
  const data = taskData(run.node);
  if (data.map !== undefined) return runMap(run);
  if (data.while !== undefined) return runWhile(run);
  if (data.blueprint) return runSubBlueprint(run);
  const throttle = new ProgressThrottle(run.context.events, run.path);
  return runAttempts(run.context, {
    ...attemptPlan(run, run.input),
    previous: run.previous,
    onAttempt: (attempt, of) =>
      run.begin(attempt, of > 1 ? { message: `attempt ${attempt} of ${of}` } : {}),
    onProgress: throttle.report,
  }, run.signal).finally(() => throttle.flush());
}

/** Writes the node's record; the result the run reports follows it. */
async function record(
  run: NodeRun,
  fields: Omit<StoredNode, "nodeId" | "attempts" | "started">,
): Promise<void> {
  const stored = await writeNode(run.context.storage, run.context.runId, {
    nodeId: run.path,
    attempts: run.attempts,
    started: run.started,
    ...(run.total === undefined ? {} : { total: run.total }),
    ...(run.interrupted === 0 ? {} : { interrupted: run.interrupted }),
    ...fields,
  });
  if (!run.graph.repeated) run.context.results.set(run.path, nodeResult(stored));
}

/** Records a completed (or continued) node, or a failed one, then announces it. */
async function settle(
  run: NodeRun,
  settled: { status: "completed" | "continued"; output: unknown } | undefined,
  error: unknown,
): Promise<Settled> {
  const { context, path } = run;
  const finished = Date.now();
  const info = error === undefined ? {} : { error: errorInfo(error) };
  const status = settled?.status === "completed" ? "completed" : "failed";
  const output = settled && settled.output !== undefined ? { output: settled.output } : {};
  await record(run, { status, finished, ...info, ...output });
  // An element's nodes are not the run's: their outputs reach the run only through their node's.
  if (settled && !run.graph.repeated) context.outputs.set(path, settled.output);
  // Once the node's record holds its output, its elements' and iterations' records are not needed.
  if (status === "completed") clearInner(run);
  if (status === "completed") context.events.node(path, { status, progress: 1 });
  else context.events.node(path, { status, error: describeError(error) });
  return settled ?? { status: "failed", error, origin: path };
}

/** Clears the records of a completed node's elements (and their nodes' records, for a sub-blueprint). */
function clearInner(run: NodeRun): void {
  const data = taskData(run.node);
  if (data.map === undefined && data.while === undefined) return;
  const { storage, runId } = run.context;
  const prefixes = innerPrefixes(runId, run.path, isRepeated(data));
  for (const prefix of prefixes) track(run.context, storage.clear(prefix));
}

/** A node stopped by a cancel or another failure: recorded `skipped`, so that a resume runs it. */
async function abort(run: NodeRun, reason: unknown): Promise<Settled> {
  const message = describeError(reason);
  const write = record(run, { status: "skipped", finished: Date.now(), error: errorInfo(reason) });
  track(run.context, write);
  await write.catch(() => {});
  run.context.events.node(run.path, { status: "skipped", message });
  return { status: "aborted" };
}

/** An error's message, with its code when it has one: what a user needs to see. */
export function describeError(error: unknown): string {
  const { message, code } = errorInfo(error);
  return code !== undefined && !message.includes(code) ? `${message} [${code}]` : message;
}
