import { ExecutionError, WorkerPool } from "@atomiton/execution";
import {
  BaseExecutionClient,
  type ProcessHandle,
  type ProcessResult,
  type SpawnOptions,
} from "./base_execution_client.ts";

// The task module: runs a script (code, or a module URL) with console output captured.
const TASK = `export default async ({ script, url, args, env }) => {
  const stdout = [], stderr = [];
  const text = (values) => values.map(String).join(" ");
  const log = console.log, error = console.error;
  console.log = (...values) => void stdout.push(text(values));
  console.error = (...values) => void stderr.push(text(values));
  let exitCode = 0;
  try {
    globalThis.args = args; globalThis.env = env;
    if (url) await import(url);
    else await new (async () => {}).constructor(script)();
  } catch (cause) {
    stderr.push(String(cause?.message ?? cause));
    exitCode = 1;
  } finally {
    console.log = log; console.error = error;
  }
  return { exitCode, stdout: stdout.join("\\n"), stderr: stderr.join("\\n") };
};`;

/**
 * The old worker client: `spawn(script, args)` runs a script's code (or a
 * module URL) in a worker, with `console.log`/`console.error` as its output;
 * on the new `WorkerPool`, so `kill(handle)` ends the worker.
 *
 * @deprecated Use `WorkerPool` from `@atomiton/execution`: `new WorkerPool(moduleUrl)`
 * and `await pool.run(input)`.
 *
 * @example
 * ```ts
 * import { WebWorkerClient } from "@atomiton/core";
 * import assert from "node:assert/strict";
 *
 * const client = new WebWorkerClient();
 * const handle = await client.spawn("console.log('sum', args[0] + args[1])", ["1", "2"]);
 * assert.equal((await client.wait(handle)).stdout, "sum 12");
 * await client.cleanup();
 * ```
 */
export class WebWorkerClient extends BaseExecutionClient {
  #pool: WorkerPool | undefined;
  readonly #running = new Map<string, AbortController>();
  readonly #results = new Map<string, Promise<ProcessResult>>();

  /** {@inheritDoc IExecutionClient.spawn} */
  // deno-lint-ignore require-await -- async, so that a bad script rejects instead of throwing
  async spawn(script: string, args: string[], options: SpawnOptions = {}): Promise<ProcessHandle> {
    this.validate(script, args);
    this.#pool ??= new WorkerPool(`data:text/javascript,${encodeURIComponent(TASK)}`);
    const url = /^(https?:|file:|data:|blob:|\/)/.test(script) ? script : undefined;
    const handle: ProcessHandle = {
      id: this.generateId(),
      type: "worker",
      startTime: Date.now(),
      script,
      args,
    };
    const abort = new AbortController();
    const input = { script, url, args, env: options.env ?? {} };
    const run = this.#pool.run(input, {
      signal: abort.signal,
      timeout: options.timeout,
    }) as Promise<
      Omit<ProcessResult, "duration">
    >;
    const duration = (): number => Date.now() - handle.startTime;
    this.handles.set(handle.id, handle);
    this.#running.set(handle.id, abort);
    this.#results.set(
      handle.id,
      run.then(
        (result) => ({ ...result, duration: duration() }),
        (error) => ({
          exitCode: -1,
          stdout: "",
          stderr: String(error?.message),
          duration: duration(),
        }),
      ).finally(() => {
        this.handles.delete(handle.id);
        this.#running.delete(handle.id);
      }),
    );
    return handle;
  }

  /** {@inheritDoc IExecutionClient.kill} */
  async kill(handle: ProcessHandle): Promise<void> {
    this.#running.get(handle.id)?.abort();
    await this.#results.get(handle.id);
  }

  /** Input is not supported: a pooled task gets its input when it starts. */
  sendInput(handle: ProcessHandle, _data: string): Promise<void> {
    return Promise.reject(
      new ExecutionError(
        "UNSUPPORTED",
        `Worker ${handle.id} takes no input after it starts; pass it in args (or use WorkerPool).`,
      ),
    );
  }

  /** {@inheritDoc IExecutionClient.wait} */
  wait(handle: ProcessHandle): Promise<ProcessResult> {
    const result = this.#results.get(handle.id);
    if (!result) {
      return Promise.reject(
        new ExecutionError("NOT_FOUND", `No worker ${handle.id} in this client.`),
      );
    }
    return result;
  }

  /** Nothing to get ready: the pool starts with the first spawn. */
  protected async onInitialize(): Promise<void> {}

  /** Ends the pool's workers. */
  protected async onCleanup(): Promise<void> {
    await this.#pool?.terminate();
    this.#pool = undefined;
  }
}
