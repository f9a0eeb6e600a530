/**
 * The exit codes of the `atomiton` command: each means one thing, so scripts
 * and CI can tell a failed blueprint from a typo.
 *
 * @example React to a run's outcome in a script
 * ```ts
 * import { ExitCode } from "@atomiton/cli";
 * import assert from "node:assert/strict";
 *
 * assert.equal(ExitCode.INTERRUPTED, 130); // 128 + SIGINT, as shells expect
 * ```
 *
 * @module
 */

/** What an exit code of `atomiton` means. */
export const ExitCode = {
  /** Everything worked. */
  OK: 0,
  /** The work ran and failed: a blueprint node threw, a migration hit an error. */
  FAILURE: 1,
  /** The command line was wrong: an unknown command or flag, a missing argument. */
  USAGE: 2,
  /** An input file was wrong: an invalid blueprint, an unreadable event log. */
  INVALID_INPUT: 3,
  /** A backend could not be reached or used: Redis down, a folder not writable. */
  UNAVAILABLE: 4,
  /** Cancelled with Ctrl-C (SIGINT) or SIGTERM; running work was stopped. */
  INTERRUPTED: 130,
} as const;

/** One of the values of {@linkcode ExitCode}. */
export type ExitCode = typeof ExitCode[keyof typeof ExitCode];
