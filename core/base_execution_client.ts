import { ExecutionError } from "@atomiton/execution";
import { deprecated } from "./_deprecation.ts";

/**
 * A started process or worker, as the old clients described it.
 *
 * @deprecated Use `ProcessHandle` from `@atomiton/execution/process`.
 *
 * @example
 * ```ts
 * import { NodeProcessClient, type ProcessHandle } from "@atomiton/core";
 *
 * const processes = new NodeProcessClient();
 * const handle: ProcessHandle = await processes.spawn(Deno.execPath(), ["--version"]);
 * await processes.wait(handle);
 * ```
 */
export interface ProcessHandle {
  /** Its id. */
  id: string;
  /** A worker or a process. */
  type: "worker" | "process";
  /** When it started, in epoch milliseconds. */
  startTime: number;
  /** What runs. */
  script: string;
  /** Its arguments. */
  args: string[];
  /** The client's own handle. */
  internal?: unknown;
}

/**
 * How to start a process or worker.
 *
 * @deprecated Use `SpawnOptions` from `@atomiton/execution/process`.
 *
 * @example
 * ```ts
 * import { NodeProcessClient, type SpawnOptions } from "@atomiton/core";
 *
 * const options: SpawnOptions = { env: { GREETING: "hi" } };
 * await new NodeProcessClient().exec(Deno.execPath(), ["--version"], options);
 * ```
 */
export interface SpawnOptions {
  /** The working directory. */
  cwd?: string;
  /** Environment variables to add. */
  env?: Record<string, string>;
  /** Milliseconds before it is stopped. */
  timeout?: number;
  /** Whether to run through a shell. */
  shell?: boolean;
}

/**
 * How a process or worker ended; `exitCode` is -1 when it was killed.
 *
 * @deprecated Use `ProcessResult` from `@atomiton/execution/process`.
 *
 * @example
 * ```ts
 * import { NodeProcessClient, type ProcessResult } from "@atomiton/core";
 *
 * const result: ProcessResult = await new NodeProcessClient().exec(Deno.execPath(), ["--version"]);
 * console.log(result.exitCode);
 * ```
 */
export interface ProcessResult {
  /** Its exit code; -1 when it could not run or was stopped. */
  exitCode: number;
  /** What it printed. */
  stdout: string;
  /** What it printed as errors. */
  stderr: string;
  /** Milliseconds it ran. */
  duration: number;
}

/**
 * The old execution interface.
 *
 * @deprecated Use `WorkerPool` (@atomiton/execution) or `ProcessClient` (@atomiton/execution/process).
 *
 * @example
 * ```ts
 * import { type IExecutionClient, NodeProcessClient } from "@atomiton/core";
 *
 * const client: IExecutionClient = new NodeProcessClient();
 * console.log(client.getActiveHandles().length);
 * ```
 */
export interface IExecutionClient {
  /** Starts `script` with `args`. */
  spawn(script: string, args: string[], options?: SpawnOptions): Promise<ProcessHandle>;
  /** Stops it. */
  kill(handle: ProcessHandle): Promise<void>;
  /** Writes to its input. */
  sendInput(handle: ProcessHandle, data: string): Promise<void>;
  /** Whether it still runs. */
  isRunning(handle: ProcessHandle): boolean;
  /** Its result, once it ends. */
  wait(handle: ProcessHandle): Promise<ProcessResult>;
  /** What still runs. */
  getActiveHandles(): ProcessHandle[];
  /** Gets the client ready. */
  initialize(): Promise<void>;
  /** Stops everything. */
  cleanup(): Promise<void>;
}

/**
 * The old base of execution clients: handle bookkeeping and argument checks.
 *
 * @deprecated Use `WorkerPool` (@atomiton/execution) or `ProcessClient` (@atomiton/execution/process).
 *
 * @example
 * ```ts
 * import { NodeProcessClient } from "@atomiton/core";
 *
 * const client = new NodeProcessClient(); // a BaseExecutionClient
 * console.log(client.getActiveHandles().length);
 * ```
 */
export abstract class BaseExecutionClient implements IExecutionClient {
  /** The running handles by id. */
  protected handles: Map<string, ProcessHandle> = new Map();
  /** Whether `initialize()` has run. */
  protected initialized = false;
  #ids = 0;

  /** Reports the deprecation under the subclass's name. */
  constructor() {
    deprecated(
      new.target.name || "BaseExecutionClient",
      "WorkerPool or ProcessClient from @atomiton/execution",
    );
  }

  /** {@inheritDoc IExecutionClient.spawn} */
  abstract spawn(script: string, args: string[], options?: SpawnOptions): Promise<ProcessHandle>;
  /** {@inheritDoc IExecutionClient.kill} */
  abstract kill(handle: ProcessHandle): Promise<void>;
  /** {@inheritDoc IExecutionClient.sendInput} */
  abstract sendInput(handle: ProcessHandle, data: string): Promise<void>;
  /** {@inheritDoc IExecutionClient.wait} */
  abstract wait(handle: ProcessHandle): Promise<ProcessResult>;
  /** Runs once, at the first `initialize()`. */
  protected abstract onInitialize(): Promise<void>;
  /** Runs at `cleanup()`, after every handle was killed. */
  protected abstract onCleanup(): Promise<void>;

  /** {@inheritDoc IExecutionClient.isRunning} */
  isRunning(handle: ProcessHandle): boolean {
    return this.handles.has(handle.id);
  }

  /** {@inheritDoc IExecutionClient.getActiveHandles} */
  getActiveHandles(): ProcessHandle[] {
    return [...this.handles.values()];
  }

  /** {@inheritDoc IExecutionClient.initialize} */
  async initialize(): Promise<void> {
    if (this.initialized) return;
    await this.onInitialize();
    this.initialized = true;
  }

  /** {@inheritDoc IExecutionClient.cleanup} */
  async cleanup(): Promise<void> {
    await Promise.all(this.getActiveHandles().map((handle) => this.kill(handle).catch(() => {})));
    this.handles.clear();
    await this.onCleanup();
    this.initialized = false;
  }

  /** A new handle id, unique in this client. */
  protected generateId(): string {
    return `${Date.now()}_${++this.#ids}`;
  }

  /**
   * Throws `ExecutionError` unless `script` is a non-empty string and `args` strings.
   *
   * @param script What to run.
   * @param args Its arguments.
   */
  protected validate(script: string, args: string[]): void {
    if (typeof script !== "string" || script === "") {
      throw new ExecutionError("INVALID_OPTION", "Script must be a non-empty string.");
    }
    if (!Array.isArray(args) || args.some((arg) => typeof arg !== "string")) {
      throw new ExecutionError("INVALID_OPTION", "Arguments must be an array of strings.");
    }
  }
}
