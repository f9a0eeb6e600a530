import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { SystemEvent } from "@atomiton/events";
import { CliError } from "../cli_error.ts";

/** A JSON Lines event log being written, one envelope per line, as `readEventLog` reads it. */
export interface EventLogFile {
  readonly path: string;
  /** Appends one event; written at once, so `atomiton events tail` sees it. */
  write(event: SystemEvent): void;
  close(): void;
}

/** Creates (or empties) the log file at `path`, and its folder. */
export function openEventLog(path: string): EventLogFile {
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, "w");
  } catch (error) {
    throw new CliError(
      "UNAVAILABLE",
      `Cannot write the event log ${path}: ${(error as Error).message}. Give another with --log.`,
      { cause: error },
    );
  }
  let open = true;
  return {
    path,
    write(event): void {
      if (open) writeSync(fd, JSON.stringify(event) + "\n");
    },
    close(): void {
      if (open) closeSync(fd);
      open = false;
    },
  };
}
