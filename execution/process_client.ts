/**
 * Runs child processes on Deno (`Deno.Command`) and Node.js
 * (`node:child_process`) the same way: streamed and capped output, input,
 * polite-then-forced kills, time limits, and a client that ends every child it
 * started when disposed.
 *
 * @example Run a command and read its output
 * ```ts
 * import { ProcessClient } from "@atomiton/execution/process";
 * import assert from "node:assert/strict";
 *
 * await using client = new ProcessClient();
 * const child = await client.spawn("sh", ["-c", "echo hello; echo oops >&2; exit 3"]);
 * const result = await child.wait();
 * assert.equal(result.stdout, "hello\n");
 * assert.equal(result.stderr, "oops\n");
 * assert.equal(result.exitCode, 3);
 * ```
 *
 * @module
 */
import { ExecutionError } from "./execution_error.ts";
import { Output } from "./_output.ts";
import { type ExitStatus, loadSpawn, SPAWN, type Spawn, type Spawned } from "./_spawn.ts";
import { checkNumber } from "./_util.ts";

/** Options for a {@linkcode ProcessClient}. */
export interface ProcessClientOptions {
  /**
   * The most bytes of stdout, and of stderr, that `wait()` keeps (the first
   * ones); the rest is cut and flagged. Also the most an unread output stream
   * buffers. Default 1 MiB.
   */
  readonly maxOutput?: number | undefined;
  /** How long `kill` waits after the polite signal before SIGKILL, in ms. Default `2000`. */
  readonly killGrace?: number | undefined;
}

/** Options for {@linkcode ProcessClient.spawn}. */
export interface SpawnOptions {
  /** The working folder. Default: this process's. */
  readonly cwd?: string | undefined;
  /** Variables added to this process's environment. */
  readonly env?: Readonly<Record<string, string>> | undefined;
  /** Kills the process (polite, then forced) after this many ms; `wait()` then rejects. */
  readonly timeout?: number | undefined;
  /** Kills the process when it aborts; `wait()` then rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /**
   * The process's input: text or bytes to write and then close, `"piped"` to
   * write with `sendInput`, or `"null"` for none. Default `"null"`.
   */
  readonly stdin?: string | Uint8Array | "piped" | "null" | undefined;
}

/** How a process ended, and what it wrote. */
export interface ProcessResult {
  /** The exit code, or null when a signal ended the process. */
  readonly exitCode: number | null;
  /** The signal that ended the process, such as `"SIGTERM"`, or null. */
  readonly signal: string | null;
  /** The first `maxOutput` bytes of its standard output, as UTF-8 text. */
  readonly stdout: string;
  /** The first `maxOutput` bytes of its standard error, as UTF-8 text. */
  readonly stderr: string;
  /** True when standard output passed `maxOutput` bytes and was cut. */
  readonly stdoutTruncated: boolean;
  /** True when standard error passed `maxOutput` bytes and was cut. */
  readonly stderrTruncated: boolean;
  /** Milliseconds from start to exit. */
  readonly duration: number;
}

/** A running child process. */
export interface ProcessHandle {
  /** The operating system's process id. */
  readonly pid: number;
  /**
   * Its standard output as it comes. Reading it applies backpressure; a stream
   * nobody reads errors with `OUTPUT_CUT` once it holds `maxOutput` bytes.
   */
  readonly stdout: ReadableStream<Uint8Array>;
  /** Its standard error as it comes, like `stdout`. */
  readonly stderr: ReadableStream<Uint8Array>;
  /**
   * Writes to its input (spawned with `stdin: "piped"`).
   *
   * @param data Text (written as UTF-8) or bytes.
   * @returns A promise that resolves once written.
   */
  sendInput(data: string | Uint8Array): Promise<void>;
  /**
   * Closes its input, so a program reading it sees the end.
   *
   * @returns A promise that resolves once closed.
   */
  closeInput(): Promise<void>;
  /**
   * Sends `signal`; if the process has not exited after `killGrace` ms, sends SIGKILL.
   *
   * @param signal The polite signal. Default `"SIGTERM"`.
   * @returns How the process ended.
   */
  kill(signal?: string): Promise<ProcessResult>;
  /**
   * Waits for the process to exit and its output to be read.
   *
   * @returns How it ended and what it wrote.
   * @throws {ExecutionError} `PROCESS_TIMEOUT` when its time limit passed.
   * @throws {unknown} The signal's reason when the spawn signal aborted.
   */
  wait(): Promise<ProcessResult>;
}

const encoder = new TextEncoder();

/**
 * Starts child processes and keeps track of them: every child still running
 * when the client is disposed (or {@linkcode ProcessClient.close}d) is killed,
 * politely and then by force.
 *
 * The backend is the runtime's own: `Deno.Command` on Deno,
 * `node:child_process` on Node.js. On npm each runtime gets its own build
 * through conditional exports; from JSR the runtime is detected on the first
 * `spawn`. Output is always read, so a child never
 * blocks on a full pipe, and never held whole: `wait()` keeps the first
 * `maxOutput` bytes of each stream and flags the rest as cut.
 *
 * @example Feed input, stream output, stop a long-running child
 * ```ts
 * import { ProcessClient } from "@atomiton/execution/process";
 * import assert from "node:assert/strict";
 *
 * await using client = new ProcessClient({ killGrace: 1000 });
 * const cat = await client.spawn("cat", [], { stdin: "piped" });
 * await cat.sendInput("ping\n");
 * const reader = cat.stdout.getReader();
 * assert.equal(new TextDecoder().decode((await reader.read()).value), "ping\n");
 * reader.releaseLock();
 * const result = await cat.kill();
 * assert.equal(result.signal, "SIGTERM");
 * assert.equal(client.running, 0);
 * ```
 */
export class ProcessClient implements AsyncDisposable {
  readonly #maxOutput: number;
  readonly #killGrace: number;
  readonly #children = new Set<ProcessHandle>();
  readonly #load: () => Promise<Spawn>;
  #backend: Promise<Spawn> | undefined;
  #closed = false;

  /**
   * Creates a client.
   *
   * @param options The output cap and the kill grace period.
   * @throws {ExecutionError} `INVALID_OPTION` for a bad option.
   */
  constructor(options: ProcessClientOptions = {}) {
    this.#maxOutput = checkNumber("maxOutput", options.maxOutput ?? 1 << 20, 0, 2 ** 32, true);
    this.#killGrace = checkNumber("killGrace", options.killGrace ?? 2000, 0);
    this.#load = (new.target as unknown as { [SPAWN]?: () => Promise<Spawn> })[SPAWN] ?? loadSpawn;
  }

  /** How many children this client started are still running. */
  get running(): number {
    return this.#children.size;
  }

  /**
   * Starts a process.
   *
   * @param command The program: a name looked up on PATH, or a path.
   * @param args Its arguments, passed as they are (no shell).
   * @param options Folder, environment, time limit, signal and input.
   * @returns The running process, once it has started.
   * @throws {ExecutionError} `SPAWN_FAILED` when the program cannot be started
   * (not found, not executable); `CLIENT_CLOSED` after `close()`;
   * `INVALID_OPTION` for a bad option.
   *
   * @example Give a command a time limit
   * ```ts
   * import { ExecutionError } from "@atomiton/execution";
   * import { ProcessClient } from "@atomiton/execution/process";
   * import assert from "node:assert/strict";
   *
   * await using client = new ProcessClient();
   * const sleeper = await client.spawn("sleep", ["10"], { timeout: 50 });
   * const error = await sleeper.wait().catch((e) => e);
   * assert.ok(error instanceof ExecutionError);
   * assert.equal(error.code, "PROCESS_TIMEOUT");
   * ```
   */
  async spawn(
    command: string,
    args: readonly string[] = [],
    options: SpawnOptions = {},
  ): Promise<ProcessHandle> {
    if (this.#closed) throw new ExecutionError("CLIENT_CLOSED", "The process client is closed.");
    if (typeof command !== "string" || command === "") {
      throw new ExecutionError(
        "INVALID_OPTION",
        `Invalid command ${String(command)}: expected a program name or path.`,
      );
    }
    const { signal, stdin = "null" } = options;
    const timeout = options.timeout === undefined
      ? undefined
      : checkNumber("timeout", options.timeout, 0);
    signal?.throwIfAborted();
    const spawn = await (this.#backend ??= this.#load());
    const start = performance.now();
    let child: Spawned;
    try {
      child = await spawn({
        command,
        args,
        cwd: options.cwd,
        env: options.env,
        stdin: stdin !== "null",
      });
    } catch (error) {
      const code = (error as { code?: string }).code;
      const missing = error instanceof Error &&
        (error.name === "NotFound" || code === "ENOENT");
      throw new ExecutionError(
        "SPAWN_FAILED",
        missing
          ? `Cannot run ${command}: no such program (is it installed and on PATH?).`
          : `Cannot run ${command}: ${(error as Error)?.message ?? error}.`,
        { cause: error },
      );
    }
    return this.#track(child, command, start, { timeout, signal, stdin });
  }

  /**
   * Kills every running child (politely, then by force after `killGrace`),
   * waits for them to exit, and refuses new ones.
   *
   * @returns A promise that resolves once every child has exited.
   *
   * @example End everything this client started
   * ```ts
   * import { ProcessClient } from "@atomiton/execution/process";
   * import assert from "node:assert/strict";
   *
   * const client = new ProcessClient();
   * await client.spawn("sleep", ["30"]);
   * assert.equal(client.running, 1);
   * await client.close();
   * assert.equal(client.running, 0);
   * ```
   */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#children].map((child) => child.kill().catch(() => {})));
  }

  /**
   * Closes the client, as {@linkcode ProcessClient.close} does, for `await using`.
   *
   * @returns A promise that resolves once every child has exited.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #track(
    child: Spawned,
    command: string,
    start: number,
    options: {
      timeout: number | undefined;
      signal: AbortSignal | undefined;
      stdin: NonNullable<SpawnOptions["stdin"]>;
    },
  ): ProcessHandle {
    const stdout = new Output(child.stdout, this.#maxOutput, "stdout");
    const stderr = new Output(child.stderr, this.#maxOutput, "stderr");
    let exited: ExitStatus | undefined;
    let failure: { error: unknown } | undefined;
    let forced: ReturnType<typeof setTimeout> | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const killGrace = this.#killGrace;
    const { signal } = options;

    const kill = (name = "SIGTERM"): Promise<ProcessResult> => {
      if (!exited) {
        try {
          child.kill(name);
        } catch {
          // It exited in the meantime.
        }
        forced ??= setTimeout(() => {
          try {
            child.kill("SIGKILL");
          } catch {
            // It exited in the meantime.
          }
        }, killGrace);
      }
      return finished;
    };
    const onAbort = (): void => {
      failure ??= { error: signal!.reason };
      void kill();
    };

    const finished: Promise<ProcessResult> = child.status.then(async (status) => {
      exited = status;
      clearTimeout(forced);
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      this.#children.delete(handle);
      const duration = performance.now() - start;
      // A grandchild may keep a pipe open after the child exits: stop reading after a while.
      const stop = setTimeout(() => {
        stdout.stop();
        stderr.stop();
      }, killGrace);
      await Promise.all([stdout.done, stderr.done]);
      clearTimeout(stop);
      return {
        exitCode: status.exitCode,
        signal: status.signal,
        stdout: stdout.text(),
        stderr: stderr.text(),
        stdoutTruncated: stdout.truncated,
        stderrTruncated: stderr.truncated,
        duration,
      };
    });

    const handle: ProcessHandle = {
      pid: child.pid,
      stdout: stdout.stream,
      stderr: stderr.stream,
      sendInput: (data) => {
        if (options.stdin !== "piped") {
          return Promise.reject(
            new ExecutionError("INVALID_OPTION", 'sendInput needs spawn(..., { stdin: "piped" }).'),
          );
        }
        return child.write(typeof data === "string" ? encoder.encode(data) : data);
      },
      closeInput: () => options.stdin === "null" ? Promise.resolve() : child.closeInput(),
      kill,
      wait: () =>
        finished.then((result) => {
          if (failure) throw failure.error;
          return result;
        }),
    };
    this.#children.add(handle);
    if (options.timeout !== undefined) {
      const ms = options.timeout;
      timer = setTimeout(() => {
        failure ??= {
          error: new ExecutionError(
            "PROCESS_TIMEOUT",
            `${command} did not finish within ${ms} ms and was killed.`,
          ),
        };
        void kill();
      }, ms);
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    const input = options.stdin;
    if (input !== "piped" && input !== "null") {
      const data = typeof input === "string" ? encoder.encode(input) : input;
      void child.write(data).then(() => child.closeInput(), () => {});
    }
    return handle;
  }
}
