import type { EventStats } from "@atomiton/events/recorder";
import type { Command } from "../_common/command.ts";
import { positionals } from "../_common/args.ts";
import { findLog, readLog } from "./_log.ts";
import { formatCount, formatDuration } from "../_common/progress_bar.ts";
import type { Style } from "../_common/style.ts";

function rate(perSecond: number): string {
  return perSecond >= 100 ? formatCount(perSecond) : perSecond.toFixed(perSecond >= 10 ? 1 : 2);
}

/** Rows as columns: the first left-aligned, the others right-aligned, the header bold. */
function table(rows: readonly (readonly string[])[], style: Style): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row, r) => {
    const line = row.map((cell, i) => i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))
      .join("  ").trimEnd();
    return r === 0 ? style.bold(line) : line;
  }).join("\n") + "\n";
}

function figures(stats: EventStats): string[] {
  return [
    formatCount(stats.count),
    stats.count > 1 ? rate(stats.ratePerSecond) : "-",
    stats.count > 1 ? formatDuration(stats.meanGapMs) : "-",
    stats.count > 1 ? formatDuration(stats.maxGapMs) : "-",
  ];
}

/** `atomiton events stats <log>`: counts, rates and gaps, per type and per source. */
export const eventsStatsCommand: Command = {
  name: "stats",
  summary: "Summarise a log: counts, rates and gaps per type, events per source",
  usage: "<log> [options]",
  description:
    "Reads the log once (any size) with logStats of @atomiton/events/recorder: the events'\n" +
    "count, time span, rate per second and the mean and longest gap between two, overall and per\n" +
    "type (most frequent first), and how many events each source emitted.",
  options: {
    json: {
      type: "boolean",
      description: "Print logStats' figures as one JSON object on standard output",
    },
  },
  examples: [
    "atomiton events stats run.jsonl",
    "atomiton events stats run.jsonl --json | jq .types",
  ],
  async run(context): Promise<number> {
    const [log] = positionals(context, "events stats", ["log"]) as [string];
    const { io, style } = context;
    const path = await findLog(io.cwd, log);
    const { logStats } = await import("@atomiton/events/recorder");
    const stats = await logStats(readLog(path, io));
    if (context.values.json === true) {
      io.stdout(`${JSON.stringify(stats)}\n`);
      return 0;
    }
    if (stats.count === 0) {
      io.stdout(`${path}: no events\n`);
      return 0;
    }
    const span = stats.last - stats.first;
    const when = stats.count === 1
      ? `1 event at ${new Date(stats.first).toISOString()}`
      : `${formatCount(stats.count)} events from ${new Date(stats.first).toISOString()} to ${
        new Date(stats.last).toISOString()
      } (${formatDuration(span)})`;
    io.stdout(`${style.bold(when)}\n\n`);
    const byCount = <T extends { count: number } | number>(
      entries: [string, T][],
    ): [string, T][] =>
      entries.sort(([a, x], [b, y]) => {
        const [cx, cy] = [typeof x === "number" ? x : x.count, typeof y === "number" ? y : y.count];
        return cy - cx || (a < b ? -1 : a > b ? 1 : 0);
      });
    io.stdout(table([
      ["type", "count", "rate/s", "mean gap", "max gap"],
      ...byCount(Object.entries(stats.types)).map(([type, figure]) => [type, ...figures(figure)]),
      ["(all)", ...figures(stats)],
    ], style));
    io.stdout("\n");
    io.stdout(table([
      ["source", "events"],
      ...byCount(Object.entries(stats.sources)).map((
        [source, count],
      ) => [source, formatCount(count)]),
    ], style));
    return 0;
  },
};
