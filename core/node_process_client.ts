import type {
  ProcessClient,
  ProcessHandle as NewProcessHandle,
  ProcessResult as NewProcessResult,
} from "@atomiton/execution/process";
import { ExecutionError } from "@atomiton/execution";
import { newProcessClient } from "./_process_backend.ts";
import {
  BaseExecutionClient,
  type ProcessHandle,
  type ProcessResult,
  type SpawnOptions,
} from "./base_execution_client.ts";

function oldResult(result: NewProcessResult): ProcessResult {
  const { exitCode, stdout, stderr, duration } = result;
  return { exitCode: exitCode ?? -1, stdout, stderr, duration };
}

/**
 * The old process client: `spawn`, `wait`, `kill`, `sendInput` by handle, on
 * the new `ProcessClient` (Deno.Command or node:child_process).
 *
 * @deprecated Use `ProcessClient` from `@atomiton/execution/process`:
 * `client.wait(handle)` -> `handle.wait()`, `kill(handle)` -> `handle.kill()`.
 *
 * @example
 * ```ts
 * import { NodeProcessClient } from "@atomiton/core";
 * import assert from "node:assert/strict";
 *
 * const client = new NodeProcessClient();
 * const result = await client.exec(process.execPath, ["--version"]);
 * assert.equal(result.exitCode, 0);
 * ```
 */
export class NodeProcessClient extends BaseExecutionClient {
  #client: ProcessClient | undefined;
  readonly #running = new Map<string, NewProcessHandle>();
  readonly #results = new Map<string, Promise<ProcessResult>>();

  /** {@inheritDoc IExecutionClient.spawn} */
  async spawn(script: string, args: string[], options: SpawnOptions = {}): Promise<ProcessHandle> {
    this.validate(script, args);
    const [command, argv] = options.shell
      ? ["/bin/sh", ["-c", [script, ...args].join(" ")]]
      : [script, args];
    this.#client ??= newProcessClient();
    const child = await this.#client.spawn(command, argv, {
      cwd: options.cwd,
      env: options.env,
      timeout: options.timeout,
      stdin: "piped",
    });
    const handle: ProcessHandle = {
      id: this.generateId(),
      type: "process",
      startTime: Date.now(),
      script,
      args,
      internal: child,
    };
    this.handles.set(handle.id, handle);
    this.#running.set(handle.id, child);
    this.#results.set(
      handle.id,
      child.wait().then(oldResult).finally(() => {
        this.handles.delete(handle.id);
        this.#running.delete(handle.id);
      }),
    );
    return handle;
  }

  /** {@inheritDoc IExecutionClient.kill} */
  async kill(handle: ProcessHandle): Promise<void> {
    await this.#running.get(handle.id)?.kill();
  }

  /** {@inheritDoc IExecutionClient.sendInput} */
  async sendInput(handle: ProcessHandle, data: string): Promise<void> {
    const child = this.#running.get(handle.id);
    if (!child) throw new ExecutionError("NOT_FOUND", `Process ${handle.id} is not running.`);
    await child.sendInput(data);
  }

  /** {@inheritDoc IExecutionClient.wait} */
  wait(handle: ProcessHandle): Promise<ProcessResult> {
    const result = this.#results.get(handle.id);
    if (!result) {
      return Promise.reject(
        new ExecutionError("NOT_FOUND", `No process ${handle.id} in this client.`),
      );
    }
    return result;
  }

  /**
   * Runs a command to its end.
   *
   * @param command The program.
   * @param args Its arguments.
   * @param options Where and how.
   * @returns Its result.
   */
  async exec(command: string, args: string[] = [], options?: SpawnOptions): Promise<ProcessResult> {
    const handle = await this.spawn(command, args, options);
    await this.#running.get(handle.id)?.closeInput();
    return await this.wait(handle);
  }

  /** Nothing to get ready: the new client loads its backend on the first spawn. */
  protected async onInitialize(): Promise<void> {}

  /** Closes the new client. */
  protected async onCleanup(): Promise<void> {
    await this.#client?.close();
  }
}
