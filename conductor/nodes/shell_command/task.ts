import type { ProcessResult } from "@atomiton/execution/process";
import { ConductorError } from "../../conductor_error.ts";
import type { FlowTaskInput, TaskContext } from "../_task.ts";

/** What the `shell-command` node outputs. */
export interface ShellCommandOutput {
  /** The exit code, or null when a signal ended it. */
  readonly exitCode: number | null;
  /** The signal that ended it, such as `"SIGKILL"`, or null. */
  readonly signal: string | null;
  /** Its standard output (the first MiB; "" without `captureOutput`). */
  readonly stdout: string;
  /** Its standard error (the first MiB; "" without `captureOutput`). */
  readonly stderr: string;
  /** Whether stdout or stderr passed a MiB and was cut. */
  readonly truncated: boolean;
}

/**
 * The `shell-command` node's task: runs `program` with `args` through
 * `ProcessClient` of `@atomiton/execution`, with no shell: an argument such as
 * `"a; rm -rf ~"` reaches the program as it is. With `shell: true`, `program`
 * is a command line for `sh -c` and `args` are its `$1`, `$2`, …. `stdin` is
 * written to its input. The time limit is the node's `timeout`: its signal
 * (as a cancelled run's) kills the process, politely then by force. A non-zero
 * exit (or an end by a signal) fails the node with code `EXIT_CODE` unless
 * `allowFailure`.
 *
 * @param input The node's parameters (see its spec).
 * @param context The node's context: its signal kills the process.
 * @returns `{ exitCode, signal, stdout, stderr, truncated }`.
 * @throws {ConductorError} `EXIT_CODE`, or `INVALID_PARAMETER` for a bad program or args.
 * @throws {ExecutionError} `SPAWN_FAILED` when the program cannot be started.
 *
 * @example Run a program with an argument a shell would have split
 * ```ts
 * import { shellCommand } from "@atomiton/conductor/nodes";
 * import assert from "node:assert/strict";
 *
 * const output = await shellCommand({ parameters: { program: "echo", args: ["a; b"] } });
 * assert.deepEqual([output.exitCode, output.stdout], [0, "a; b\n"]);
 * ```
 */
export async function shellCommand(
  input: FlowTaskInput,
  context?: Pick<TaskContext, "signal">,
): Promise<ShellCommandOutput> {
  const { parameters } = input;
  const command = commandOf(parameters);
  const result = await runCommand(command, context?.signal);
  if (result.exitCode !== 0 && parameters.allowFailure !== true) {
    const how = result.exitCode === null
      ? `was ended by ${result.signal}`
      : `exited with code ${result.exitCode}`;
    const said = result.stderr.trim().slice(-500);
    throw new ConductorError(
      "EXIT_CODE",
      `shell-command: ${command.program} ${how}${
        said ? `: ${said}` : ""
      } (set allowFailure: true to take it as output).`,
    );
  }
  const capture = parameters.captureOutput !== false;
  return {
    exitCode: result.exitCode,
    signal: result.signal,
    stdout: capture ? result.stdout : "",
    stderr: capture ? result.stderr : "",
    truncated: result.stdoutTruncated || result.stderrTruncated,
  };
}

interface Command {
  readonly program: string;
  readonly args: string[];
  readonly stdin: string | undefined;
  readonly cwd: string | undefined;
  readonly shell: boolean;
}

/** The node's parameters as a command, each checked. */
function commandOf(parameters: Readonly<Record<string, unknown>>): Command {
  const { program, stdin, workingDirectory: cwd } = parameters;
  if (typeof program !== "string" || program === "") {
    throw invalid(
      `"program" must be a program name or path, got ${JSON.stringify(program) ?? "nothing"}`,
    );
  }
  if (stdin !== undefined && typeof stdin !== "string") {
    throw invalid(`"stdin" must be text, got ${typeof stdin}`);
  }
  if (cwd !== undefined && typeof cwd !== "string") {
    throw invalid(`"workingDirectory" must be a path`);
  }
  return { program, args: argsOf(parameters.args), stdin, cwd, shell: parameters.shell === true };
}

/** Runs the command through ProcessClient, with no shell unless it asks for one. */
async function runCommand(
  command: Command,
  signal: AbortSignal | undefined,
): Promise<ProcessResult> {
  const { program, args, shell, stdin } = command;
  const { ProcessClient } = await import("@atomiton/execution/process");
  const client = new ProcessClient();
  try {
    const child = await client.spawn(
      shell ? "sh" : program,
      shell ? ["-c", program, "sh", ...args] : args,
      {
        cwd: command.cwd,
        signal,
        // Bytes, never text: a stdin of "piped" or "null" is data, not a mode.
        stdin: stdin === undefined ? "null" : new TextEncoder().encode(stdin),
      },
    ).catch((error) => {
      throw (error as { code?: unknown }).code === "SPAWN_FAILED" && !shell && /\s/.test(program)
        ? invalid(
          `cannot run ${
            JSON.stringify(program)
          }: no such program (a command line needs shell: true)`,
        )
        : error;
    });
    return await child.wait();
  } finally {
    // Not `await using`: Node 20 cannot parse it. Kills the child if anything above threw.
    await client.close();
  }
}

function argsOf(value: unknown): string[] {
  let args = value ?? [];
  if (typeof args === "string") {
    try {
      args = JSON.parse(args);
    } catch {
      throw invalid(`"args" must be a list of texts (or JSON of one), got text that is not JSON`);
    }
  }
  if (!Array.isArray(args) || !args.every((arg) => typeof arg === "string")) {
    throw invalid(`"args" must be a list of texts, got ${JSON.stringify(args)}`);
  }
  return args;
}

function invalid(says: string): ConductorError {
  return new ConductorError("INVALID_PARAMETER", `shell-command: ${says}.`);
}
