import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { CliError } from "../cli_error.ts";

/** Where an interrupted `storage migrate` got to: the last key of its last finished batch. */
export interface MigrationCheckpoint {
  /** The source store, as shown to the user. */
  readonly from: string;
  /** The target store, as shown to the user. */
  readonly to: string;
  /** The `--prefix` ("" for every key). */
  readonly prefix: string;
  /** Every key up to this one (in sorted order) is copied; resume after it. */
  readonly lastKey: string;
  /** Keys copied so far, over every run. */
  readonly copied: number;
  /** Keys skipped so far (gone, expired, or already in the target without --overwrite). */
  readonly skipped: number;
  /** When it was written, ISO 8601. */
  readonly updated: string;
}

/**
 * The checkpoint file of one migration: `<home>/migrations/<hash>.json`, the
 * hash of its source, target and prefix, so the same command finds it again.
 */
export function checkpointPath(home: string, from: string, to: string, prefix: string): string {
  const hash = createHash("sha256").update(JSON.stringify([from, to, prefix])).digest("hex");
  return join(home, "migrations", `${hash.slice(0, 32)}.json`);
}

/** Reads a checkpoint; `undefined` when there is none. */
export function readCheckpoint(path: string): MigrationCheckpoint | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    throw new CliError(
      "UNAVAILABLE",
      `Cannot read the checkpoint ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  let value: Partial<MigrationCheckpoint> | undefined;
  try {
    value = JSON.parse(text);
  } catch { /* reported below */ }
  if (
    typeof value !== "object" || value === null || typeof value.lastKey !== "string" ||
    typeof value.copied !== "number" || typeof value.skipped !== "number"
  ) {
    throw new CliError(
      "INVALID_INPUT",
      `The checkpoint ${path} is not one atomiton wrote: add --restart to start the migration over.`,
    );
  }
  return value as MigrationCheckpoint;
}

/** Writes a checkpoint atomically (a temporary file renamed over it), so a crash never tears it. */
export function writeCheckpoint(path: string, checkpoint: MigrationCheckpoint): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(checkpoint, null, 2)}\n`);
  renameSync(temporary, path);
}

/** Removes a checkpoint, if there is one. */
export function removeCheckpoint(path: string): void {
  rmSync(path, { force: true });
}
