import type { MigrationProgress } from "@atomiton/storage";
import { now } from "@atomiton/platform/metrics";
import type { Command } from "../_common/command.ts";
import { numberOption, positionals, stringOption } from "../_common/args.ts";
import {
  atomitonHome,
  type OpenedStorage,
  openStorage,
  STORAGE_LOCATIONS,
} from "../_common/open_storage.ts";
import { createProgressBar, formatCount, formatDuration } from "../_common/progress_bar.ts";
import { JSON_OPTION } from "./_common.ts";
import {
  checkpointPath,
  type MigrationCheckpoint,
  readCheckpoint,
  removeCheckpoint,
  writeCheckpoint,
} from "./checkpoint.ts";
import { CliError } from "../cli_error.ts";
import { ExitCode } from "../exit_code.ts";

// Least time between two checkpoint writes while running; stopping always writes one.
const SAVE_EVERY_MS = 250;

/** The store as the user should see it, and as the checkpoint's identity: location and namespace. */
function describe(store: OpenedStorage): string {
  const namespace = (store.client as { namespace?: unknown }).namespace;
  return typeof namespace === "string"
    ? `${store.location}?namespace=${encodeURIComponent(namespace)}`
    : store.location;
}

/**
 * A read on each store before anything is copied: a store that refuses its URL (a Redis database
 * or password the server does not take) fails here with what to fix, also when the source is
 * empty and the migration alone would never touch the target.
 */
async function checkUsable(stores: readonly OpenedStorage[]): Promise<void> {
  for (const store of stores) await store.client.has("atomiton:migrate:check");
}

/** `atomiton storage migrate --from URL --to URL`: copies every key, resumably, with progress. */
export const storageMigrateCommand: Command = {
  name: "migrate",
  summary: "Copy every key (under a prefix) from one store to another; resumable",
  usage: "--from <url> --to <url> [options]",
  description:
    "Copies keys in sorted order, a batch at a time, keeping each value's remaining time to live.\n" +
    "Progress shows as a bar on a terminal, as a line a second otherwise, as JSON Lines with\n" +
    "--json. After every batch it checkpoints the last key copied (in the atomiton home's\n" +
    "migrations/); Ctrl-C stops after the batch in flight and saves it. Running the same command\n" +
    "again resumes after that key; --restart starts over. A finished migration removes its\n" +
    "checkpoint. Keys the target already has are kept unless --overwrite.\n" +
    `Stores: ${STORAGE_LOCATIONS}; either of --from and --to may be left out for the default store.`,
  options: {
    from: { type: "string", value: "url", description: "The store to copy from" },
    to: { type: "string", value: "url", description: "The store to copy to" },
    prefix: { type: "string", value: "prefix", description: "Only keys that start with it" },
    "batch-size": {
      type: "string",
      value: "n",
      description: "Keys read and written per round trip, 1 to 10000 (default: 100)",
    },
    overwrite: { type: "boolean", description: "Replace keys the target already has" },
    restart: { type: "boolean", description: "Ignore a saved checkpoint and start over" },
    json: JSON_OPTION,
  },
  examples: [
    "atomiton storage migrate --to redis://127.0.0.1:6379",
    "atomiton storage migrate --from ./old-data --to redis://cache:6379/2 --prefix user: --batch-size 500",
  ],
  async run(context): Promise<number> {
    positionals(context, "storage migrate", []);
    const { io, style, signal } = context;
    const fromUrl = stringOption(context, "from");
    const toUrl = stringOption(context, "to");
    if (fromUrl === undefined && toUrl === undefined) {
      throw new CliError(
        "USAGE",
        'atomiton storage migrate needs --from <url>, --to <url> or both (the other is the default store). See "atomiton storage migrate --help".',
      );
    }
    const prefix = stringOption(context, "prefix", "")!;
    const batchSize = numberOption(context, "batch-size", { min: 1, max: 10_000, fallback: 100 })!;
    const json = context.values.json === true;
    const home = await atomitonHome(io);
    const from = await openStorage(fromUrl, io);
    try {
      const to = await openStorage(toUrl, io);
      try {
        const [fromName, toName] = [describe(from), describe(to)];
        if (fromName === toName && fromName !== "memory:") {
          throw new CliError("USAGE", `--from and --to are the same store (${fromName}).`);
        }
        await checkUsable([from, to]);
        const path = checkpointPath(home, fromName, toName, prefix);
        let previous: MigrationCheckpoint | undefined;
        if (context.values.restart === true) removeCheckpoint(path);
        else previous = readCheckpoint(path);
        const say = (text: string, fields: Record<string, unknown>): void => {
          if (json) io.stdout(`${JSON.stringify(fields)}\n`);
          else io.stderr(`${text}\n`);
        };
        const before = { copied: previous?.copied ?? 0, skipped: previous?.skipped ?? 0 };
        const base = before.copied + before.skipped;
        if (previous) {
          say(
            `resuming after ${JSON.stringify(previous.lastKey)}: ${formatCount(base)} keys done ` +
              `before (checkpoint ${path}; --restart to start over)`,
            { event: "resume", after: previous.lastKey, done: base, checkpoint: path },
          );
        }
        const bar = createProgressBar({
          io,
          style,
          label: "migrate",
          unit: "keys",
          mode: json ? "json" : undefined,
        });
        let last: MigrationProgress | undefined;
        let savedAt = -Infinity;
        const save = (): void => {
          if (last?.lastKey === undefined) return;
          writeCheckpoint(path, {
            from: fromName,
            to: toName,
            prefix,
            lastKey: last.lastKey,
            copied: before.copied + last.copied,
            skipped: before.skipped + last.skipped,
            updated: new Date().toISOString(),
          });
          savedAt = now();
        };
        const started = now();
        let result: MigrationProgress;
        try {
          const { migrate } = await import("@atomiton/storage");
          result = await migrate(from.client, to.client, {
            prefix: prefix === "" ? undefined : prefix,
            batchSize,
            overwrite: context.values.overwrite === true,
            after: previous?.lastKey,
            signal,
            onProgress: (progress) => {
              last = progress;
              if (now() - savedAt >= SAVE_EVERY_MS) save();
              bar.update(base + progress.copied + progress.skipped, base + progress.total, {
                copied: before.copied + progress.copied,
                skipped: before.skipped + progress.skipped,
                lastKey: progress.lastKey,
              });
            },
          });
        } catch (error) {
          bar.clear();
          try {
            save();
          } catch (saving) {
            io.stderr(
              `${style.yellow("warning")}: could not save the checkpoint: ${
                (saving as Error).message
              }\n`,
            );
          }
          const done = base + (last ? last.copied + last.skipped : 0);
          const resumable = last !== undefined || previous !== undefined;
          const next = resumable
            ? `the same command resumes after ${JSON.stringify(last?.lastKey ?? previous?.lastKey)}`
            : "nothing was copied";
          if (signal.aborted) {
            say(`stopped after ${formatCount(done)} keys: ${next}`, {
              event: "interrupted",
              done,
              ...(resumable ? { checkpoint: path } : {}),
            });
            return ExitCode.INTERRUPTED;
          }
          io.stderr(`migration failed after ${formatCount(done)} keys: ${next}\n`);
          throw error;
        }
        bar.finish();
        removeCheckpoint(path);
        const copied = before.copied + result.copied;
        const skipped = before.skipped + result.skipped;
        const took = now() - started;
        if (json) {
          io.stdout(
            `${
              JSON.stringify({
                event: "done",
                copied,
                skipped,
                total: base + result.total,
                ms: Math.round(took),
              })
            }\n`,
          );
        } else {
          io.stdout(
            `copied ${formatCount(copied)} keys (${
              formatCount(skipped)
            } skipped) from ${fromName} ` +
              `to ${toName} in ${formatDuration(took)}${previous ? " (resumed)" : ""}\n`,
          );
        }
        return 0;
      } finally {
        await to.client.close();
      }
    } finally {
      await from.client.close();
    }
  },
};
