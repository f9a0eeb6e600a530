/** What the runner is sent for one blueprint node. */
export interface NodeRequest {
  /** The task module's absolute URL. */
  readonly module: string;
  /** The export to call (default: the default export). */
  readonly export?: string | undefined;
  /** The node's input: its own `input`, merged with what its edges carry. */
  readonly input: unknown;
  /** The node's id, for the task and its errors. */
  readonly nodeId: string;
  /** The blueprint file's URL: tasks resolve their relative paths against it. */
  readonly baseUrl: string;
}

/** The node runner's name in stack traces, for a readable `--verbose`. */
export const NODE_RUNNER_NAME = "atomiton:node-runner.js";

// Sent as source so that no runner file needs to be found beside a bundle or on JSR.
const SOURCE = `
const cache = new Map();
export default async function runNode(request, context) {
  let loading = cache.get(request.module);
  if (!loading) cache.set(request.module, loading = import(request.module));
  const module = await loading;
  const name = request.export ?? "default";
  const task = module[name];
  if (typeof task !== "function") {
    const error = new Error("Module " + request.module + " has no function export \\"" + name + "\\" for node \\"" + request.nodeId + "\\".");
    error.code = "INVALID_BLUEPRINT";
    throw error;
  }
  return await task(request.input, {
    signal: context.signal,
    progress: (value) => context.progress(value),
    transfer: (...objects) => context.transfer(...objects),
    nodeId: request.nodeId,
    baseUrl: request.baseUrl,
  });
}
//# sourceURL=${NODE_RUNNER_NAME}
`;

/**
 * The module a worker pool (or a Redis worker) runs for blueprint nodes: it
 * imports each node's task module once per worker and calls its export with
 * `(input, { signal, progress, transfer, nodeId, baseUrl })`.
 */
export const NODE_RUNNER_URL = `data:text/javascript,${encodeURIComponent(SOURCE)}`;
