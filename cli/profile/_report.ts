import type { OperationResult } from "./_measure.ts";
import type { Style } from "../_common/style.ts";

/** A rate for people: `1.23 M/s`, `45.6 k/s`, `789/s`. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
  return `${perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toFixed(1)}/s`;
}

/** A duration in ms for people, in the unit that suits it: `85 ns`, `12.3 µs`, `4.56 ms`, `1.20 s`. */
export function formatDuration(ms: number): string {
  if (ms < 0.001) return `${(ms * 1e6).toFixed(0)} ns`;
  if (ms < 1) return `${Number((ms * 1e3).toPrecision(3))} µs`;
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

const HEADINGS = ["operation", "count", "ops/s", "p50", "p90", "p99", "max"] as const;

/** The operations as an aligned table, indented by two spaces, one line each. */
export function formatOperations(operations: readonly OperationResult[], style: Style): string {
  const rows = operations.map((op) => [
    op.name,
    String(op.count),
    formatRate(op.opsPerSecond),
    formatDuration(op.latencyMs.p50),
    formatDuration(op.latencyMs.p90),
    formatDuration(op.latencyMs.p99),
    formatDuration(op.latencyMs.max),
  ]);
  const widths = HEADINGS.map((heading, column) =>
    Math.max(heading.length, ...rows.map((row) => row[column]!.length))
  );
  const line = (cells: readonly string[]): string =>
    "  " +
    cells.map((cell, column) =>
      column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)
    ).join("  ").trimEnd();
  return [style.dim(line(HEADINGS)), ...rows.map(line)].join("\n");
}
