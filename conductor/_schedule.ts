import type { BlueprintEdge, BlueprintNode } from "@atomiton/store";
import { flatten, type Graph, type RunContext, taskData, track } from "./_engine_context.ts";
import { runNode, type Settled } from "./_engine_node.ts";
import { errorInfo, isSettled, type StoredNode, writeNode } from "./_records.ts";
import { AbortScope } from "./_schedule_abort.ts";

/** How one graph (the top one or a sub-blueprint's) ended; `outputs` by node id. */
export type GraphOutcome =
  & { readonly outputs: ReadonlyMap<string, unknown> }
  & (
    | { readonly status: "completed" | "cancelled" }
    | { readonly status: "failed"; readonly origin: string; readonly error: unknown }
  );

/**
 * Runs a graph: a node starts once every incoming edge has settled and at
 * least one was taken (a source node at once); with none taken it is skipped,
 * and so are the edges it would feed. The first node that fails (without
 * `onError: "continue"`) or `signal` stops it: running nodes are aborted, the
 * rest skipped. Nodes already settled in an earlier try keep their outputs.
 */
export function runGraph(
  context: RunContext,
  graph: Graph,
  signal: AbortSignal,
): Promise<GraphOutcome> {
  return new GraphRun(context, graph, signal).start();
}

class GraphRun {
  readonly #context: RunContext;
  readonly #graph: Graph;
  readonly #scope: AbortScope;
  // Keys are node ids and handles: Maps, so "__proto__" stays a key.
  readonly #waiting = new Map<string, number>();
  readonly #taken = new Map<string, number>();
  readonly #fed = new Map<string, Map<string, unknown>>();
  readonly #outgoing = new Map<string, BlueprintEdge[]>();
  readonly #byId = new Map<string, BlueprintNode>();
  readonly #outputs = new Map<string, unknown>();
  readonly #ended = new Set<string>();
  #live = 0;
  #finished = false;
  #state: "running" | "failed" | "cancelled" = "running";
  #failure: { origin: string; error: unknown } | undefined;
  #done!: (outcome: GraphOutcome) => void;

  constructor(context: RunContext, graph: Graph, parent: AbortSignal) {
    this.#context = context;
    this.#graph = graph;
    this.#scope = new AbortScope(parent);
    for (const node of graph.nodes) {
      this.#byId.set(node.id, node);
      this.#waiting.set(node.id, 0);
      this.#taken.set(node.id, 0);
      this.#outgoing.set(node.id, []);
    }
    for (const edge of graph.edges) {
      this.#outgoing.get(edge.source)!.push(edge);
      this.#waiting.set(edge.target, this.#waiting.get(edge.target)! + 1);
    }
  }

  start(): Promise<GraphOutcome> {
    const outcome = new Promise<GraphOutcome>((resolve) => this.#done = resolve);
    const onAbort = (): void => {
      if (this.#state === "running") this.#state = "cancelled";
    };
    const signal = this.#scope.signal;
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    if (this.#state === "running") {
      for (const node of this.#graph.nodes) {
        if (this.#waiting.get(node.id) === 0) this.#launch(node);
      }
    }
    this.#maybeEnd();
    return outcome;
  }

  #launch(node: BlueprintNode): void {
    this.#live++;
    const path = this.#graph.prefix + node.id;
    const previous = this.#context.previous.get(path);
    if (isSettled(previous)) {
      // Settled a tick later, as a run would be: a long restored chain must not recurse.
      const restored = this.#restore(node, path, previous!);
      queueMicrotask(() => this.#settled(node, restored));
      return;
    }
    const { signal, release } = this.#scope.child();
    runNode(this.#context, this.#graph, node, this.#inputOf(node), signal)
      .catch((error): Settled => ({ status: "failed", error, origin: path }))
      .then((settled) => {
        release();
        this.#settled(node, settled);
      });
  }

  /** A node settled in an earlier try: its stored output goes on, and it does not run. */
  #restore(node: BlueprintNode, path: string, { status, output }: StoredNode): Settled {
    // A sub-blueprint's nodes settled with it: progress counts them, though they do not run.
    if (!this.#graph.repeated) this.#context.progress.settled += [...inside(node, path)].length;
    const message = "settled in an earlier try of this run";
    if (status === "completed") {
      this.#context.events.node(path, { status: "completed", progress: 1, message });
      return { status: "completed", output };
    }
    this.#context.events.node(path, { status: "failed", message });
    return { status: "continued", output };
  }

  #inputOf(node: BlueprintNode): unknown {
    const own = taskData(node).input;
    const fed = this.#fed.get(node.id);
    // Object.fromEntries and spread define own properties: a "__proto__" key stays data.
    if (fed) return { ...own as object, ...Object.fromEntries(fed) };
    const given = this.#graph.sourceInput;
    if (
      given === undefined || this.#waiting.get(node.id) !== 0 || !("sourceInput" in this.#graph)
    ) {
      return own;
    }
    const isObject = (value: unknown): boolean =>
      typeof value === "object" && value !== null && !Array.isArray(value);
    return isObject(given) && (own === undefined || isObject(own))
      ? { ...own as object, ...given as object }
      : given;
  }

  #settled(node: BlueprintNode, settled: Settled): void {
    this.#live--;
    this.#ended.add(node.id);
    const path = this.#graph.prefix + node.id;
    if (settled.status === "completed" || settled.status === "continued") {
      this.#outputs.set(node.id, settled.output);
      this.#counted(path, settled.status === "completed" ? "completed" : "failed");
      if (this.#state === "running") this.#deliver(node.id, settled.output);
    } else if (settled.status === "failed" && this.#state === "running") {
      this.#state = "failed";
      this.#failure = { origin: settled.origin, error: settled.error };
      this.#scope.abort(new Error(`Cancelled: node "${settled.origin}" failed.`));
    }
    this.#maybeEnd();
  }

  #counted(path: string, status: string, count = 1): void {
    // One element's nodes are not the run's: its node counts once, its elements as items.
    if (this.#graph.repeated) return;
    const progress = this.#context.progress;
    progress.settled += count;
    this.#context.events.emit("execution:progress", {
      jobId: this.#context.runId,
      current: progress.settled,
      total: progress.total,
      message: `node "${path}" ${status}`,
    });
  }

  // Hands a settled node's output along its edges; an edge whose field is missing is not taken.
  #deliver(nodeId: string, output: unknown): void {
    for (const edge of this.#outgoing.get(nodeId)!) {
      const handle = edge.sourceHandle;
      if (handle === undefined) {
        this.#arrive(edge, true, output);
        continue;
      }
      const fields = typeof output === "object" && output !== null ? output : undefined;
      const value = fields && Object.hasOwn(fields, handle)
        ? (fields as Record<string, unknown>)[handle]
        : undefined;
      this.#arrive(edge, value !== undefined, value);
    }
  }

  #arrive(edge: BlueprintEdge, taken: boolean, value: unknown): void {
    const target = edge.target;
    if (taken) {
      let fed = this.#fed.get(target);
      if (!fed) this.#fed.set(target, fed = new Map());
      fed.set(edge.targetHandle ?? edge.source, value);
      this.#taken.set(target, this.#taken.get(target)! + 1);
    }
    const left = this.#waiting.get(target)! - 1;
    this.#waiting.set(target, left);
    if (left > 0) return;
    const node = this.#byId.get(target)!;
    if (this.#taken.get(target)! > 0) this.#launch(node);
    else this.#skip(node, "not run: no incoming edge was taken", true);
  }

  /** Skips a node that will not run, with every node of its sub-blueprint; `spread` skips what it feeds. */
  #skip(node: BlueprintNode, why: string, spread: boolean): void {
    this.#ended.add(node.id);
    const path = this.#graph.prefix + node.id;
    const paths = [path, ...inside(node, path)];
    for (const each of paths) this.#recordSkip(each, why);
    if (!spread) return;
    this.#counted(path, "skipped", paths.length);
    for (const edge of this.#outgoing.get(node.id)!) this.#arrive(edge, false, undefined);
  }

  #recordSkip(path: string, why: string): void {
    const context = this.#context;
    const previous = context.previous.get(path);
    // A node settled in an earlier try keeps its record and output: a later resume must not rerun it.
    if (isSettled(previous)) return;
    const error = errorInfo(new Error(why));
    const attempts = previous?.attempts ?? 0;
    if (!this.#graph.repeated) context.results.set(path, { status: "skipped", attempts, error });
    track(
      context,
      writeNode(context.storage, context.runId, {
        nodeId: path,
        status: "skipped",
        attempts,
        error,
      }),
    );
    context.events.node(path, { status: "skipped", message: why });
  }

  #maybeEnd(): void {
    if (this.#live > 0 || this.#finished) return;
    if (this.#state === "running" && this.#ended.size < this.#graph.nodes.length) return;
    const failure = this.#failure;
    if (this.#state !== "running") {
      const why = failure ? `not run: node "${failure.origin}" failed` : "cancelled";
      for (const node of this.#graph.nodes) {
        if (!this.#ended.has(node.id)) this.#skip(node, why, false);
      }
    }
    this.#finished = true;
    const outputs = this.#outputs;
    this.#done(
      failure
        ? { status: "failed", outputs, ...failure }
        : { status: this.#state === "cancelled" ? "cancelled" : "completed", outputs },
    );
  }
}

/** The paths of every node inside a sub-blueprint node (none for a task). */
function* inside(node: BlueprintNode, path: string): Generator<string> {
  const child = taskData(node).blueprint;
  if (child) { for (const [inner] of flatten(child, `${path}/`)) yield inner; }
}
