import type { NodeRunRecord, RunRecord } from "@atomiton/conductor";
import { positionals } from "../_common/args.ts";
import type { Command, CommandContext } from "../_common/command.ts";
import { formatDuration } from "../_common/progress.ts";
import { CliError } from "../cli_error.ts";
import {
  durationOf,
  paintStatus,
  RUNS_JSON_OPTION,
  RUNS_STORE_OPTION,
  shownStatus,
  withRuns,
} from "./_common.ts";

/** `atomiton runs show <run id>`: one run, node by node. */
export const runsShowCommand: Command = {
  name: "show",
  summary: "Show one run: its status and, per node, status, attempts, times and error",
  usage: "<run id> [options]",
  description:
    "With --json, the run's record as the conductor's getRun returns it (outputs included), with\n" +
    "its status as shown here (crashed for a running run whose process is gone).",
  options: { store: RUNS_STORE_OPTION, json: RUNS_JSON_OPTION },
  examples: ["atomiton runs show 20250304-050607-a1b2c3", "atomiton runs show <run id> --json"],
  async run(context): Promise<number> {
    const [runId] = positionals(context, "runs show", ["run id"]);
    return await withRuns(context, async ({ getRun }, { client, location }) => {
      const run = await getRun(client, runId!);
      if (!run) {
        throw new CliError(
          "NOT_FOUND",
          `No run "${runId}" in ${location}: "atomiton runs ls" lists the runs there.`,
        );
      }
      const status = shownStatus(run);
      context.io.stdout(
        context.values.json === true
          ? `${JSON.stringify({ ...run, status })}\n`
          : formatRun(run, status, context),
      );
      return 0;
    });
  },
};

function formatRun(run: RunRecord, status: string, { style }: CommandContext): string {
  const took = durationOf(run);
  const lines = [
    `${style.bold(run.runId)}  ${paintStatus(status, style)}  ${run.blueprint.name}`,
    `  started   ${run.started}${took === undefined ? "" : `  (${formatDuration(took)})`}`,
  ];
  if (run.error) {
    lines.push(
      `  error     ${run.error.nodeId ? `node "${run.error.nodeId}": ` : ""}${run.error.message}`,
    );
  }
  const file = run.metadata?.file;
  if (typeof file === "string") lines.push(`  file      ${file}`);
  const width = Math.max(4, ...run.nodes.map((node) => node.nodeId.length));
  lines.push("", `  ${"node".padEnd(width)}  status     attempts  started                   time`);
  for (const node of run.nodes) lines.push(nodeLine(node, width, style));
  return `${lines.join("\n")}\n`;
}

function nodeLine(node: NodeRunRecord, width: number, style: CommandContext["style"]): string {
  const started = node.started === undefined ? "" : new Date(node.started).toISOString();
  const time = node.started !== undefined && node.finished !== undefined
    ? formatDuration(node.finished - node.started)
    : "";
  const items = node.items ? `  ${node.items.done}/${node.items.total} items` : "";
  const error = node.error
    ? `  ${style.red(`${node.error.message}${node.error.code ? ` [${node.error.code}]` : ""}`)}`
    : "";
  return `  ${node.nodeId.padEnd(width)}  ${paintStatus(node.status.padEnd(9), style)}  ` +
    `${String(node.attempts).padStart(8)}  ${started.padEnd(24)}  ${
      time.padStart(9)
    }${items}${error}`;
}
