import type { BlueprintNode } from "@atomiton/store";
import { formatDuration } from "../_common/progress.ts";
import { describeError, type GraphOutcome } from "./_run_graph.ts";
import type { NodeSummary, RunRecords, RunSummary } from "./_run_records.ts";
import type { Style } from "../_common/style.ts";

/** Why a run did not complete, for its summary and its last event; undefined when it completed. */
export function describeOutcome(outcome: GraphOutcome, why?: string): string | undefined {
  if (outcome.failed) {
    return `Node "${outcome.failed.nodeId}" failed: ${describeError(outcome.failed.error)}`;
  }
  if (outcome.status === "cancelled") {
    const done = [...outcome.nodes.values()].filter((n) => n.status === "completed").length;
    return `cancelled${
      why ? ` (${why})` : ""
    } after ${done} of ${outcome.nodes.size} nodes completed`;
  }
  return undefined;
}

/** Each node's entry of the summary, in blueprint order, from the graph's records. */
export function nodeSummaries(
  nodes: readonly BlueprintNode[],
  outcome: GraphOutcome,
  records: RunRecords,
  statusOf: (nodeId: string) => string | undefined,
): Record<string, NodeSummary> {
  // Object.fromEntries defines own properties: a node called "__proto__" stays a node.
  return Object.fromEntries(nodes.map((node) => {
    const record = outcome.nodes.get(node.id)!;
    const saved = outcome.outputs.get(node.id) !== undefined && !records.unsaved.has(node.id);
    const reason = record.error === undefined ? undefined : describeError(record.error);
    return [node.id, {
      status: statusOf(node.id) ?? record.status,
      ...(record.ms !== undefined ? { durationMs: record.ms } : {}),
      ...(saved ? { output: records.outputKey(node.id) } : {}),
      ...(reason !== undefined ? { error: reason } : {}),
    }];
  }));
}

/** What the summary printed at the end of a run needs besides the summary. */
export interface SummaryText {
  readonly style: Style;
  /** Where the results are, for the user: `file:///…`, `redis://…`. */
  readonly location: string;
  /** `--store` as given, repeated in the follow-up commands. */
  readonly storeOption: string | undefined;
  /** How to run `atomiton` as this process was started (`deno task atomiton`, `npx atomiton`). */
  readonly command: string;
}

/** The summary printed at the end of a run: how it ended, a line per node, where things are. */
export function formatSummary(
  summary: RunSummary,
  outcome: GraphOutcome,
  { style, location, storeOption, command }: SummaryText,
): string {
  const nodes = Object.entries(summary.nodes);
  const width = Math.max(...nodes.map(([id]) => id.length));
  const completed = nodes.filter(([, node]) => node.status === "completed").length;
  const took = formatDuration(summary.durationMs ?? 0);
  const head = outcome.status === "completed"
    ? `${style.green("✓ completed")} ${summary.blueprint.name} in ${took}: ${nodes.length} nodes`
    : outcome.status === "failed"
    ? `${style.red("✗ failed")} ${summary.blueprint.name} after ${took}: node "${
      outcome.failed!.nodeId
    }" failed, ${completed} of ${nodes.length} nodes completed`
    : `${
      style.yellow("cancelled")
    } ${summary.blueprint.name} after ${took}: ${completed} of ${nodes.length} nodes completed`;
  const lines = [head];
  for (const [id, node] of nodes) {
    const time = node.durationMs === undefined ? "" : formatDuration(node.durationMs);
    const mark = node.status === "completed" ? "" : `  ${node.status}`;
    lines.push(`  ${id.padEnd(width)}  ${time.padStart(9)}${mark}`);
  }
  const store = storeOption === undefined ? "" : ` --store ${storeOption}`;
  const lastOutput = nodes.findLast(([, node]) => node.output)?.[1].output;
  lines.push(
    `${style.bold("results")}  runs/${summary.runId} (summary), runs/${summary.runId}/<node> ` +
      `(outputs) in ${location}`,
    `${style.bold("log")}      ${summary.log}`,
    `${style.bold("replay")}   ${command} events replay ${summary.log}`,
  );
  if (lastOutput) {
    lines.push(`${style.bold("output")}   ${command} storage get ${lastOutput}${store}`);
  }
  return `${lines.join("\n")}\n`;
}
