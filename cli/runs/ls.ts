import { positionals } from "../_common/args.ts";
import type { Command } from "../_common/command.ts";
import { formatDuration } from "../_common/progress.ts";
import {
  durationOf,
  paintStatus,
  RUNS_JSON_OPTION,
  RUNS_STORE_OPTION,
  shownStatus,
  withRuns,
} from "./_common.ts";

/** `atomiton runs ls`: the recorded runs, newest first. */
export const runsLsCommand: Command = {
  name: "ls",
  summary: "List the recorded runs, newest first",
  usage: "[options]",
  description:
    "A line per run: its id, status, blueprint, start and duration. A run recorded as running\n" +
    "whose process on this machine is gone shows as crashed: `atomiton run --resume <id>`.",
  options: { store: RUNS_STORE_OPTION, json: RUNS_JSON_OPTION },
  examples: ["atomiton runs ls", "atomiton runs ls --store redis://127.0.0.1:6379 --json"],
  async run(context): Promise<number> {
    positionals(context, "runs ls", []);
    const { io, style } = context;
    return await withRuns(context, async ({ listRuns }, { client }) => {
      const rows = (await listRuns(client)).map((run) => ({
        runId: run.runId,
        status: shownStatus(run),
        blueprint: { id: run.blueprint.id, name: run.blueprint.name },
        started: run.started,
        ...(run.finished === undefined ? {} : { finished: run.finished }),
        ...(durationOf(run) === undefined ? {} : { durationMs: durationOf(run) }),
      }));
      if (context.values.json === true) {
        for (const row of rows) io.stdout(`${JSON.stringify(row)}\n`);
        return 0;
      }
      const idWidth = Math.max(6, ...rows.map((row) => row.runId.length));
      for (const row of rows) {
        const took = row.durationMs === undefined ? "" : formatDuration(row.durationMs);
        io.stdout(
          `${row.runId.padEnd(idWidth)}  ${paintStatus(row.status.padEnd(9), style)}  ` +
            `${style.dim(row.started)}  ${took.padStart(9)}  ${row.blueprint.name}\n`,
        );
      }
      if (rows.length === 0) io.stderr("no runs recorded in this store\n");
      return 0;
    });
  },
};
