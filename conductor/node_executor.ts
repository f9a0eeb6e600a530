import type { WorkerPermissions } from "@atomiton/execution";
/** What an executor is sent to run one blueprint node (or one element of a mapped node). */
export interface NodeRequest {
  /** The task module's absolute URL. */
  readonly module: string;
  /** The export to call (default: the default export). */
  readonly export?: string | undefined;
  /** The node's input: its own `input`, merged with what its edges carry. */
  readonly input: unknown;
  /** The node's id (its path, `parent/child`, inside a sub-blueprint), for the task and its errors. */
  readonly nodeId: string;
  /** The blueprint file's URL: tasks resolve their relative paths against it. */
  readonly baseUrl: string;
  /**
   * Set when the task runs code from the blueprint's file (a flow's transform):
   * it must run in a worker with only these permissions, never in the
   * orchestrator's thread. An executor that cannot honour it refuses the node.
   */
  readonly sandbox?: SandboxPermissions | undefined;
}

/**
 * What a sandboxed task may do, on Deno: the `WorkerPermissions` of
 * `@atomiton/execution` (each field absent: denied). Node.js and browsers
 * cannot take permissions away from a worker: there a sandboxed task runs in a
 * worker, without these limits.
 */
export type SandboxPermissions = WorkerPermissions;

/** What {@linkcode NodeExecutor.run} gets besides the request. */
export interface NodeRunOptions {
  /** Aborts when the run is cancelled or fails, or the node's time limit passes. */
  readonly signal: AbortSignal;
  /** The node's time limit in ms; `undefined` for none. */
  readonly timeout: number | undefined;
  /** Gets each value the task reports through `ctx.progress(value)`. */
  readonly onProgress: (value: unknown) => void;
}

/**
 * Runs blueprint nodes somewhere: in this thread, on a local worker pool, or on
 * workers behind Redis. The conductor drives every executor the same way.
 *
 * @example An executor that runs every node in this thread
 * ```ts
 * import type { NodeExecutor } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * const echo: NodeExecutor = {
 *   description: "echo",
 *   run: (request) => Promise.resolve(request.input),
 *   close: () => Promise.resolve(),
 * };
 * const output = await echo.run(
 *   { module: "data:text/javascript,", input: 42, nodeId: "a", baseUrl: "file:///bp.json" },
 *   { signal: new AbortController().signal, timeout: undefined, onProgress: () => {} },
 * );
 * assert.equal(output, 42);
 * ```
 */
export interface NodeExecutor {
  /** For messages: `2 local workers`, `redis://host:port, queue "blueprints"`. */
  readonly description: string;
  /**
   * Runs one node's task.
   *
   * @param request The task module, its export and the input.
   * @param options The signal, time limit and progress callback.
   * @returns The task's output; rejects with the task's error (a crashed worker too).
   */
  run(request: NodeRequest, options: NodeRunOptions): Promise<unknown>;
  /**
   * Lets running tasks finish (cancelled ones get their grace to stop), then
   * releases every worker or connection. Calling it again returns the same promise.
   *
   * @returns When everything is released.
   */
  close(): Promise<void>;
}
