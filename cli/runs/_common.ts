import { hostname } from "node:os";
import type { RunRecord } from "@atomiton/conductor";
import { stringOption } from "../_common/args.ts";
import type { CommandContext, OptionSpec } from "../_common/command.ts";
import { openStorage } from "../_common/open_storage.ts";
import { isProcessAlive, runStatus, type ShownStatus } from "./_status.ts";

/** `--store URL`: where the runs were recorded (`atomiton run --store`). */
export const RUNS_STORE_OPTION: OptionSpec = {
  type: "string",
  short: "s",
  value: "url",
  description:
    "Where the runs were recorded: a folder, file:///path, redis://… or memory: (default: the atomiton home's storage/)",
};

/** `--json`: JSON on standard output. */
export const RUNS_JSON_OPTION: OptionSpec = {
  type: "boolean",
  description: "Print JSON on standard output (ls: one run per line)",
};

/** Opens `--store` with the conductor loaded, runs `work`, and always closes the store. */
export async function withRuns<T>(
  context: CommandContext,
  work: (
    conductor: typeof import("@atomiton/conductor"),
    store: Awaited<ReturnType<typeof openStorage>>,
  ) => Promise<T>,
): Promise<T> {
  const conductor = await import("@atomiton/conductor");
  const store = await openStorage(stringOption(context, "store"), context.io);
  try {
    return await work(conductor, store);
  } finally {
    await store.client.close();
  }
}

/** A run's status here: `crashed` when it says running but its process on this host is gone. */
export function shownStatus(run: RunRecord): ShownStatus {
  return runStatus(run, { host: hostname(), isAlive: isProcessAlive });
}

/** Milliseconds from `started` to `finished` (ISO 8601), or `undefined` while unfinished. */
export function durationOf(run: Pick<RunRecord, "started" | "finished">): number | undefined {
  if (run.finished === undefined) return undefined;
  return Math.max(0, Date.parse(run.finished) - Date.parse(run.started));
}

/** A status in its colour: green completed, red failed or crashed, yellow the rest. */
export function paintStatus(
  status: string,
  style: CommandContext["style"],
): string {
  if (status === "completed") return style.green(status);
  if (status === "failed" || status === "crashed") return style.red(status);
  return style.yellow(status);
}
