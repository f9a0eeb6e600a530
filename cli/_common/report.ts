import type { Io } from "./io.ts";
import type { Style } from "./style.ts";
import { CliError } from "../cli_error.ts";
import { ExitCode } from "../exit_code.ts";

/**
 * Prints an error the way users expect (`error [CODE]: message`, the stack
 * only with --verbose) and returns the exit code it means.
 */
export function report(
  error: unknown,
  io: Io,
  style: Style,
  verbose: boolean,
  signal: AbortSignal,
): number {
  if (signal.aborted && !(error instanceof CliError && error.code !== "INTERRUPTED")) {
    io.stderr(`${style.yellow("cancelled")}\n`);
    return ExitCode.INTERRUPTED;
  }
  const coded = error as { code?: unknown; message?: unknown; stack?: unknown };
  const code = typeof coded?.code === "string" ? coded.code : undefined;
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`${style.red("error")}${code ? style.dim(` [${code}]`) : ""}: ${message}\n`);
  if (verbose && error instanceof Error) {
    io.stderr(`${style.dim(readableStack(String(error.stack ?? "")))}\n`);
    const cause = error.cause as { stack?: unknown } | undefined;
    // A task's own stack says where it failed; the CLI's stack alone would not.
    const text = typeof cause?.stack === "string" ? readableStack(cause.stack) : String(cause);
    if (error.cause !== undefined) io.stderr(`${style.dim(`cause: ${text}`)}\n`);
  } else if (!(error instanceof CliError)) {
    io.stderr(style.dim("(run with --verbose for the stack trace)\n"));
  }
  return error instanceof CliError ? error.exitCode : exitCodeOf(code);
}

/**
 * A stack with each `data:` module URL (the node runner's is 1.5 KB) shown by a
 * name: the runner's own, or `data:…`.
 */
export function readableStack(stack: string): string {
  // A frame's location ends the line: `(data:…:line:col)` or `at data:…:line:col`.
  return stack.replace(
    /data:[^\n]*?(:\d+:\d+\)?)$/gm,
    (url, position: string) =>
      `${url.includes("node-runner.js") ? NODE_RUNNER_NAME : "data:…"}${position}`,
  );
}

/** The conductor's node runner in stack traces (its `sourceURL`). */
const NODE_RUNNER_NAME = "atomiton:node-runner.js";

/** Codes of a backend that cannot be reached or used: a down server, a refused URL, no access. */
const BACKEND_REFUSED = new Set([
  "UNAVAILABLE",
  "TRANSPORT_FAILED",
  "MISCONFIGURED",
  "PERMISSION_DENIED",
]);

/** Exit codes for the other packages' error codes: unreachable backends and bad input stand out. */
function exitCodeOf(code: string | undefined): number {
  if (BACKEND_REFUSED.has(code ?? "")) return ExitCode.UNAVAILABLE;
  if (code === "CORRUPT" || code === "INVALID_LOG") return ExitCode.INVALID_INPUT;
  if (code?.startsWith("INVALID_") || code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    return ExitCode.USAGE;
  }
  return ExitCode.FAILURE;
}
