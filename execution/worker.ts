/**
 * Starts one worker that serves a task module, by the runtime's own means:
 * a Web Worker on Deno and in browsers, `node:worker_threads` on Node.js. The
 * npm package picks the right file through conditional exports; this file
 * (JSR) picks at run time. {@linkcode WorkerPool} is built on it; most code
 * never needs it directly.
 *
 * @example Start a worker and talk the pool's protocol with it
 * ```ts
 * import { spawnWorker } from "@atomiton/execution/worker";
 * import assert from "node:assert/strict";
 *
 * const messages: unknown[][] = [];
 * const ready = Promise.withResolvers<void>();
 * const worker = await spawnWorker("data:text/javascript,export default (n) => n * 2", {
 *   onMessage: (message) => {
 *     messages.push(message);
 *     if (messages.length === 2) ready.resolve();
 *   },
 *   onExit: () => {},
 * });
 * worker.post([0, 1, undefined, 21]); // one task: id 1, the default export, input 21
 * await ready.promise;
 * assert.deepEqual(messages, [[0], [1, 42]]); // ready, then the output
 * await worker.terminate();
 * ```
 *
 * @module
 */
import { spawnWebWorker } from "./_web_worker.ts";
import { checkPermissions } from "./_permissions.ts";
import type { TransferableObject } from "./transferable_object.ts";

export type { TransferableObject };

/** Options for {@linkcode spawnWorker}. */
export interface SpawnWorkerOptions {
  /** Called with every message the worker sends. */
  readonly onMessage: (message: unknown[]) => void;
  /**
   * Called once when the worker ends by itself (not through `terminate`):
   * with its exit code where the runtime reports one, and the uncaught error if any.
   */
  readonly onExit: (exitCode: number | undefined, error: unknown) => void;
  /** A name that shows in debuggers. */
  readonly name?: string | undefined;
  /**
   * The worker's heap limit in MB: a `worker_threads` resource limit on Node.js;
   * on Deno the worker is then a child `deno` process (with the permissions this
   * process has in full, and reading the task module) with V8's heap limit, so
   * running out of memory ends only that process. Ignored in browsers.
   */
  readonly memoryLimitMb?: number | undefined;
  /**
   * On Deno, the worker is then a child `deno` process with exactly these
   * permissions and no others (see {@linkcode WorkerPermissions}). Node.js and
   * browsers ignore it: `worker_threads` and Web Workers share their process's
   * rights, so there it isolates nothing.
   */
  readonly permissions?: WorkerPermissions | undefined;
}

/**
 * What a sandboxed worker may do, on Deno: Deno's `--allow-*` lists (paths for
 * `read` and `write`, hosts or `host:port` for `net`, variable names for
 * `env`); a field left out (or an empty list) is denied, and so is everything
 * else (running programs, FFI, system information, importing from the network
 * or npm). A task module given as a `file:` URL may read its own file.
 */
export interface WorkerPermissions {
  /** Paths it may read. */
  readonly read?: readonly string[] | undefined;
  /** Paths it may write. */
  readonly write?: readonly string[] | undefined;
  /** Hosts it may reach. */
  readonly net?: readonly string[] | undefined;
  /** Environment variables it may read. */
  readonly env?: readonly string[] | undefined;
}

/** A running worker. */
export interface SpawnedWorker {
  /**
   * Sends a message; the objects in `transfer` are moved, not copied.
   *
   * @param message The message.
   * @param transfer Objects to move.
   */
  post(message: unknown[], transfer?: readonly TransferableObject[]): void;
  /**
   * Whether the worker keeps the process alive (Node.js threads, and worker
   * processes on any runtime); an idle pool lets it go. Deno's threads and
   * browsers do not wait for idle workers anyway.
   *
   * @param on True to keep the process alive.
   */
  keepAlive(on: boolean): void;
  /**
   * Ends the worker now; `onExit` is not called.
   *
   * @returns A promise that resolves once the worker has stopped.
   */
  terminate(): Promise<void>;
}

/**
 * Starts a worker that loads the task module at `moduleUrl` and serves the
 * pool's message protocol.
 *
 * @param moduleUrl The task module's absolute URL.
 * @param options Where its messages and its end are reported.
 * @returns The running worker.
 * @throws {ExecutionError} `INVALID_OPTION` for `permissions` that are not lists of
 * strings without commas (rejected).
 *
 * @example Start and end a worker
 * ```ts
 * import { spawnWorker } from "@atomiton/execution/worker";
 *
 * const worker = await spawnWorker("data:text/javascript,export default () => 1", {
 *   onMessage: () => {},
 *   onExit: () => {},
 * });
 * await worker.terminate();
 * ```
 */
export async function spawnWorker(
  moduleUrl: string,
  options: SpawnWorkerOptions,
): Promise<SpawnedWorker> {
  // A Deno Worker has no heap limit, and its `deno.permissions` needs --unstable-worker-options
  // (Deno 2.9): with either option, the worker is a child process.
  const { permissions } = options;
  // Checked here for every runtime, so that a bad value fails the same way everywhere.
  if (permissions !== undefined) {
    options = { ...options, permissions: checkPermissions(permissions) };
  }
  if ((options.memoryLimitMb !== undefined || permissions !== undefined) && "Deno" in globalThis) {
    const deno = await import("./_process_worker.ts");
    return deno.spawnProcessWorker(moduleUrl, options);
  }
  // Deno, browsers and Bun have Web Workers; Node.js has worker_threads.
  if (typeof Worker === "function") return spawnWebWorker(moduleUrl, options);
  const node = await import("./worker_node.ts");
  return node.spawnWorker(moduleUrl, options);
}
