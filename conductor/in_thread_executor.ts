import { ConductorError } from "./conductor_error.ts";
import type { NodeExecutor, NodeRequest, NodeRunOptions } from "./node_executor.ts";

type TaskModule = Readonly<Record<string, unknown>>;
type Task = (input: unknown, context: unknown) => unknown;

/**
 * An executor that runs every node in this thread: it imports each task module
 * once (as the node runner does in a worker) and calls its export with
 * `(input, { signal, progress, transfer, nodeId, baseUrl })`; `transfer` does
 * nothing, since nothing is copied. It runs wherever `import()` does: Deno,
 * Node.js, a browser page. For tests and small, quick tasks.
 *
 * A cancelled node's promise rejects at once with the signal's reason, and a node
 * past its `timeout` rejects at once with a `ConductorError` of code
 * `TASK_TIMEOUT` (the code a worker pool's timeout has); the task's
 * `ctx.signal` aborts either way. But a thread cannot stop code that runs in
 * it: a task that ignores its signal goes on running (a busy loop even holds
 * up the whole run). Use {@linkcode workerPoolExecutor} for tasks you cannot trust.
 * An export that is not a function fails the node with code `INVALID_BLUEPRINT`.
 * A node with `sandbox` set (code from a flow file, such as a transform) is refused
 * with code `MISCONFIGURED`: such code never runs in the orchestrator's thread.
 *
 * @returns The executor; `close()` waits for the nodes running (it holds nothing else).
 *
 * @example Run one node in this thread, with progress
 * ```ts
 * import { inThreadExecutor } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * const source = "export default (n, ctx) => { ctx.progress('half'); return n * 2; };";
 * const executor = inThreadExecutor();
 * const seen: unknown[] = [];
 * const output = await executor.run(
 *   { module: `data:text/javascript,${encodeURIComponent(source)}`, input: 21, nodeId: "a", baseUrl: "" },
 *   { signal: new AbortController().signal, timeout: undefined, onProgress: (v) => seen.push(v) },
 * );
 * assert.equal(output, 42);
 * assert.deepEqual(seen, ["half"]);
 * await executor.close();
 * ```
 */
export function inThreadExecutor(): NodeExecutor {
  const modules = new Map<string, Promise<TaskModule>>();
  const running = new Set<Promise<unknown>>();
  let closing: Promise<void> | undefined;
  return {
    description: "this thread",
    run(request, options): Promise<unknown> {
      const settled = runNode(modules, request, options);
      const done = settled.catch(() => {});
      running.add(done);
      done.then(() => running.delete(done));
      return settled;
    },
    // Nothing to release: it waits for the nodes running now (or for their rejection).
    close: () => closing ??= Promise.all(running).then(() => {}),
  };
}

function runNode(
  modules: Map<string, Promise<TaskModule>>,
  request: NodeRequest,
  { signal, timeout, onProgress }: NodeRunOptions,
): Promise<unknown> {
  if (signal.aborted) return Promise.reject(signal.reason);
  if (request.sandbox !== undefined) return Promise.reject(unsandboxed(request.nodeId));
  if (timeout !== undefined && !(timeout >= 0 && timeout <= 2147483647)) {
    return Promise.reject(
      new ConductorError(
        "INVALID_OPTION",
        `Invalid timeout ${timeout} for node "${request.nodeId}": expected ms from 0 to 2147483647.`,
      ),
    );
  }
  // The task's own signal: aborts on the caller's signal or the time limit, whichever comes first.
  const controller = new AbortController();
  return new Promise<unknown>((resolve, reject) => {
    const stop = (reason: unknown): void => {
      controller.abort(reason);
      reject(reason);
    };
    const onAbort = (): void => stop(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    const timer = timeout === undefined ? undefined : setTimeout(
      () => stop(timedOut(request.nodeId, timeout)),
      timeout,
    );
    const context = {
      signal: controller.signal,
      progress: (value: unknown): void => {
        if (!controller.signal.aborted) onProgress(value);
      },
      transfer: (): void => {},
      nodeId: request.nodeId,
      baseUrl: request.baseUrl,
    };
    callTask(modules, request, context).then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal.removeEventListener("abort", onAbort);
    });
  });
}

async function callTask(
  modules: Map<string, Promise<TaskModule>>,
  request: NodeRequest,
  context: unknown,
): Promise<unknown> {
  const task = (await loadModule(modules, request.module))[request.export ?? "default"];
  if (typeof task !== "function") {
    throw new ConductorError(
      "INVALID_BLUEPRINT",
      `Module ${request.module} has no function export "${
        request.export ?? "default"
      }" for node "${request.nodeId}".`,
    );
  }
  return await (task as Task)(request.input, context);
}

function loadModule(
  modules: Map<string, Promise<TaskModule>>,
  url: string,
): Promise<TaskModule> {
  let loading = modules.get(url);
  if (!loading) {
    loading = import(url) as Promise<TaskModule>;
    modules.set(url, loading);
    // A module that failed to load is tried again next time (the file may have been fixed).
    loading.catch(() => modules.delete(url));
  }
  return loading;
}

function timedOut(nodeId: string, ms: number): ConductorError {
  return new ConductorError(
    "TASK_TIMEOUT",
    `Node "${nodeId}" timed out after ${ms} ms. It ran in this thread, which cannot stop it: ` +
      "its code may still be running.",
  );
}

function unsandboxed(nodeId: string): ConductorError {
  return new ConductorError(
    "MISCONFIGURED",
    `Node "${nodeId}" runs code from the flow file, which never runs in the orchestrator's ` +
      "thread: inThreadExecutor() cannot run it. Use workerPoolExecutor() (on Deno its " +
      "workers get only the flow's permissions) or Redis workers that are sandboxed (`atomiton worker --sandbox`).",
  );
}
