import type { NodeResult, RunRecord, RunResult } from "@atomiton/conductor";
import { formatDuration } from "../_common/progress.ts";
import type { Style } from "../_common/style.ts";
import { CliError } from "../cli_error.ts";
import { ExitCode } from "../exit_code.ts";

/** What the summary printed at the end of a run needs besides the result. */
export interface SummaryText {
  readonly style: Style;
  /** Where the records are, for the user: `file:///…`, `redis://…`. */
  readonly location: string;
  /** `--store` as given, repeated in the follow-up commands. */
  readonly storeOption: string | undefined;
  /** How to run `atomiton` as this process was started (`deno task atomiton`, `npx atomiton`). */
  readonly command: string;
  readonly log: string;
  readonly runId: string;
  /** The blueprint's name. */
  readonly name: string;
  /** How long this command ran the run, in ms. */
  readonly durationMs: number;
}

/** `error [CODE]` text of a node or run error: `message [CODE]`. */
export function describeError(error: { message: string; code?: string | undefined }): string {
  return error.code ? `${error.message} [${error.code}]` : error.message;
}

/** Why a run did not complete, for the summary and the exit; undefined when it completed. */
export function describeOutcome(result: RunResult, why?: string): string | undefined {
  if (result.status === "failed" && result.error) {
    return `Node "${result.error.nodeId}" failed: ${describeError(result.error)}`;
  }
  if (result.status === "cancelled") {
    const done = [...result.nodes.values()].filter((n) => n.status === "completed").length;
    return `cancelled${
      why ? ` (${why})` : ""
    } after ${done} of ${result.nodes.size} nodes completed`;
  }
  return undefined;
}

/** The summary printed at the end of a run: how it ended, a line per node, where things are. */
export function formatSummary(
  result: RunResult,
  record: RunRecord | undefined,
  durations: ReadonlyMap<string, number>,
  text: SummaryText,
): string {
  const { style, name } = text;
  const nodes = [...result.nodes];
  const width = Math.max(...nodes.map(([id]) => id.length));
  const completed = nodes.filter(([, node]) => node.status === "completed").length;
  const took = formatDuration(text.durationMs);
  const head = result.status === "completed"
    ? `${style.green("✓ completed")} ${name} in ${took}: ${nodes.length} node${
      nodes.length === 1 ? "" : "s"
    }`
    : result.status === "failed"
    ? `${style.red("✗ failed")} ${name} after ${took}: node "${result.error?.nodeId}" failed, ` +
      `${completed} of ${nodes.length} nodes completed`
    : `${
      style.yellow("cancelled")
    } ${name} after ${took}: ${completed} of ${nodes.length} nodes completed`;
  const lines = [head];
  for (const [id, node] of nodes) lines.push(nodeLine(id, node, durations.get(id), width));
  return `${[...lines, ...followUps(result, record, text)].join("\n")}\n`;
}

function nodeLine(id: string, node: NodeResult, ms: number | undefined, width: number): string {
  // A node this run did not run (done before a resume) shows no time of this run.
  const time = ms === undefined ? "" : formatDuration(ms);
  const mark = node.status === "completed" ? "" : `  ${node.status}`;
  return `  ${id.padEnd(width)}  ${time.padStart(9)}${mark}`.trimEnd();
}

/** Where the run is and what to type next: show it, replay its log, resume it, read an output. */
function followUps(result: RunResult, record: RunRecord | undefined, text: SummaryText): string[] {
  const { style, command, runId, location, log } = text;
  const store = text.storeOption === undefined ? "" : ` --store ${text.storeOption}`;
  const lines = [
    `${style.bold("run")}      ${command} runs show ${runId}${store}  (in ${location})`,
    `${style.bold("log")}      ${log}`,
    `${style.bold("replay")}   ${command} events replay ${log}`,
  ];
  if (result.status !== "completed") {
    lines.push(`${style.bold("resume")}   ${command} run --resume ${runId}${store}`);
  }
  const last = record?.nodes.findLast((node) => node.output !== undefined);
  if (last) {
    lines.push(
      `${style.bold("output")}   ${command} storage get run-nodes/${runId}/${
        encodeURIComponent(last.nodeId)
      }${store}`,
    );
  }
  return lines;
}

/** The exit code for how the run ended; throws the error a failed or cancelled run ends with. */
export function exitFor(
  result: RunResult,
  errors: ReadonlyMap<string, unknown>,
  why: string | undefined,
): number {
  const text = describeOutcome(result, why);
  if (result.status === "cancelled") throw new CliError("INTERRUPTED", `Cancelled: ${text}`);
  if (result.status === "failed") {
    const thrown = errors.get(result.error?.nodeId ?? "");
    const code = result.error?.code;
    // A backend refusing the URL (--redis's password or database) is the configuration, not the node.
    if (code === "MISCONFIGURED" || code === "PERMISSION_DENIED") {
      throw thrown ?? Object.assign(new Error(result.error!.message), { code });
    }
    throw new CliError(code === "REDIS_FAILED" ? "UNAVAILABLE" : "NODE_FAILED", `${text}.`, {
      cause: thrown ?? result.error,
    });
  }
  return ExitCode.OK;
}
