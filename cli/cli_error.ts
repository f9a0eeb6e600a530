/**
 * {@linkcode CliError}: the one error type of `@atomiton/cli`.
 *
 * @module
 */
import { ExitCode } from "./exit_code.ts";

/** Stable codes of {@linkcode CliError}. */
export type CliErrorCode =
  | "USAGE"
  | "INVALID_BLUEPRINT"
  | "INVALID_INPUT"
  | "NOT_FOUND"
  | "UNAVAILABLE"
  | "NODE_FAILED"
  | "FAILED"
  | "INTERRUPTED";

const EXIT_CODES: Readonly<Record<CliErrorCode, ExitCode>> = {
  USAGE: ExitCode.USAGE,
  INVALID_BLUEPRINT: ExitCode.INVALID_INPUT,
  INVALID_INPUT: ExitCode.INVALID_INPUT,
  NOT_FOUND: ExitCode.INVALID_INPUT,
  UNAVAILABLE: ExitCode.UNAVAILABLE,
  NODE_FAILED: ExitCode.FAILURE,
  FAILED: ExitCode.FAILURE,
  INTERRUPTED: ExitCode.INTERRUPTED,
};

/**
 * An error the `atomiton` command reports to its user: a stable `code`, a
 * message that says what was wrong and what is allowed, and the exit code it
 * ends the command with.
 *
 * @example A usage error
 * ```ts
 * import { CliError, ExitCode } from "@atomiton/cli";
 * import assert from "node:assert/strict";
 *
 * const error = new CliError("USAGE", "Unknown command \"rnu\": did you mean \"run\"?");
 * assert.equal(error.exitCode, ExitCode.USAGE);
 * ```
 */
export class CliError extends Error {
  /** What went wrong, as a stable string. */
  readonly code: CliErrorCode;
  /** The exit code the command ends with. */
  readonly exitCode: ExitCode;

  /**
   * Creates the error; its exit code follows from `code`.
   *
   * @param code What went wrong.
   * @param message What was wrong and what is allowed.
   * @param options The underlying error, if any.
   */
  constructor(code: CliErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CliError";
    this.code = code;
    this.exitCode = EXIT_CODES[code];
  }
}
