import { open, stat } from "node:fs/promises";
import type { SystemEvent } from "@atomiton/events";
import { delay } from "@atomiton/resilience";
import type { Io } from "../_common/io.ts";
import { resolvePath } from "../_common/open_storage.ts";
import { CliError } from "../cli_error.ts";

/** Options for {@linkcode readLog}. */
export interface ReadLogOptions {
  /** Keep reading what is appended to the file after its end, until the signal aborts. */
  readonly follow?: boolean | undefined;
  /** Stops following (the iteration throws the signal's reason). */
  readonly signal?: AbortSignal | undefined;
  /**
   * Called once when the events that were in the file at the start have all
   * been read (before following), e.g. to print the last few.
   */
  readonly onCaughtUp?: (() => void) | undefined;
  /** Called when the file shrank while followed (rotated or truncated); reading starts over. */
  readonly onTruncated?: (() => void) | undefined;
  /** How often a followed file is checked for new lines, in ms (default 200). */
  readonly pollMs?: number | undefined;
}

/**
 * The absolute path of an event log that exists: `NOT_FOUND` when there is
 * no such file, `INVALID_INPUT` for a folder.
 */
export async function findLog(cwd: string, log: string): Promise<string> {
  const path = resolvePath(cwd, log);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const missing = (error as { code?: string }).code === "ENOENT";
    throw new CliError(
      missing ? "NOT_FOUND" : "UNAVAILABLE",
      missing ? `No event log at ${path}.` : `Cannot read ${path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (!info.isFile()) {
    throw new CliError("INVALID_INPUT", `${path} is not a file: expected a JSON Lines event log.`);
  }
  return path;
}

/**
 * The events of a JSON Lines log (as `EventRecorder` writes them), parsed by
 * `readEventLog` of @atomiton/events/recorder as the file is read, so a log of
 * any size streams; with `follow`, lines appended later come too. A line that
 * is not an event fails with `INVALID_INPUT`, naming the file and the line; a
 * last line cut short by a crashed writer is skipped with
 * `warning: <path>: <why>` on `io.stderr`.
 */
export async function* readLog(
  path: string,
  io: Pick<Io, "stderr">,
  options: ReadLogOptions = {},
): AsyncGenerator<SystemEvent> {
  const { readEventLog } = await import("@atomiton/events/recorder");
  // Through io, not the library's console.warn, so tests and pipes see it where errors go.
  const onWarning = (warning: Error): void => io.stderr(`warning: ${path}: ${warning.message}\n`);
  try {
    yield* readEventLog(chunks(path, options), { onWarning });
  } catch (error) {
    if ((error as { code?: string }).code === "INVALID_LOG") {
      throw new CliError(
        "INVALID_INPUT",
        `Invalid event log ${path}: ${(error as Error).message}.`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

async function* chunks(path: string, options: ReadLogOptions): AsyncGenerator<Uint8Array> {
  const file = await open(path, "r");
  try {
    const buffer = new Uint8Array(64 * 1024);
    let position = 0;
    let caughtUp = false;
    while (true) {
      const { bytesRead } = await file.read(buffer, 0, buffer.byteLength, position);
      if (bytesRead > 0) {
        position += bytesRead;
        yield buffer.slice(0, bytesRead);
        continue;
      }
      if (!options.follow) return;
      if (!caughtUp) {
        // readEventLog asks for more only once it handed out every complete line so far.
        caughtUp = true;
        options.onCaughtUp?.();
      }
      if ((await file.stat()).size < position) {
        position = 0;
        options.onTruncated?.();
        continue;
      }
      await delay(options.pollMs ?? 200, { signal: options.signal });
    }
  } finally {
    await file.close();
  }
}
