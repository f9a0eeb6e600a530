import { now } from "@atomiton/platform/metrics";
import type { Io } from "./io.ts";
import type { Style } from "./style.ts";

/**
 * How progress is shown: a bar redrawn in place on standard error (a terminal),
 * a plain line now and then on standard error (a pipe, CI), JSON Lines on
 * standard output (`--json`), or nothing.
 */
export type ProgressMode = "bar" | "lines" | "json" | "off";

/** Options for {@linkcode createProgressBar}. */
export interface ProgressBarOptions {
  readonly io: Io;
  readonly style: Style;
  /** What is in progress, first on every line, such as `migrate`. */
  readonly label: string;
  /** What is counted, such as `keys` (default `items`). */
  readonly unit?: string | undefined;
  /** Default: `"bar"` on a terminal, `"lines"` otherwise. */
  readonly mode?: ProgressMode | undefined;
  /** Least time between two lines (`lines`, `json`) in ms; default 1000. The bar redraws every 100 ms at most. */
  readonly intervalMs?: number | undefined;
  /** The clock, in ms (default: `now()` of @atomiton/platform/metrics). */
  readonly clock?: (() => number) | undefined;
}

/** A progress display; every method is cheap enough to call per item. */
export interface ProgressBar {
  /**
   * Reports how far the work got; shown when the interval allows.
   * `fields` are added to `--json` lines.
   */
  update(done: number, total?: number, fields?: Readonly<Record<string, unknown>>): void;
  /** Shows the last update if it was held back, then leaves the line free for a summary. */
  finish(): void;
  /** Removes the bar (on a terminal) without a final line, e.g. before an error message. */
  clear(): void;
}

/** `1234567` as `1,234,567`. */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** A duration in ms as `850 ms`, `4.2 s`, `3m 05s` or `2h 03m`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return "∞";
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 3_600) {
    return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
  }
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, "0")}m`;
}

/**
 * Makes a progress display for long work (a migration, a batch of runs):
 * counts, percentage, rate and time left, throttled so that updating it per
 * item costs nothing noticeable.
 */
export function createProgressBar(options: ProgressBarOptions): ProgressBar {
  const { io, style, label } = options;
  const unit = options.unit ?? "items";
  const mode = options.mode ?? (io.isTTY ? "bar" : "lines");
  const clock = options.clock ?? now;
  const interval = mode === "bar" ? 100 : options.intervalMs ?? 1_000;
  const started = clock();
  let shownAt = -Infinity;
  let pending: (() => void) | undefined;
  let drawn = false;

  const rateOf = (done: number, at: number): number => {
    const seconds = (at - started) / 1_000;
    return seconds > 0 ? done / seconds : 0;
  };

  const text = (done: number, total: number | undefined, at: number): string => {
    const rate = rateOf(done, at);
    const parts = [
      `${formatCount(done)}${total === undefined ? "" : `/${formatCount(total)}`} ${unit}`,
    ];
    if (total) parts.push(`${Math.floor((done / total) * 100)}%`);
    if (rate > 0) parts.push(`${formatCount(rate)}/s`);
    if (total && rate > 0 && done < total) {
      parts.push(`${formatDuration(((total - done) / rate) * 1_000)} left`);
    }
    return parts.join("  ");
  };

  const draw = (
    done: number,
    total: number | undefined,
    fields: Readonly<Record<string, unknown>>,
    at: number,
  ): void => {
    if (mode === "json") {
      io.stdout(`${JSON.stringify({ event: "progress", label, done, total, ...fields })}\n`);
    } else if (mode === "lines") {
      io.stderr(`${label}: ${text(done, total, at)}\n`);
    } else if (mode === "bar") {
      const info = text(done, total, at);
      const room = Math.max(10, Math.min(40, io.columns - label.length - info.length - 6));
      const filled = total ? Math.min(room, Math.round((done / total) * room)) : 0;
      const bar = style.green("█".repeat(filled)) + style.dim("░".repeat(room - filled));
      io.stderr(`\r\x1b[2K${label} ${bar} ${info}`);
      drawn = true;
    }
  };

  return {
    update(done, total, fields = {}): void {
      if (mode === "off") return;
      const at = clock();
      if (at - shownAt < interval) {
        pending = () => draw(done, total, fields, at);
        return;
      }
      shownAt = at;
      pending = undefined;
      draw(done, total, fields, at);
    },
    finish(): void {
      pending?.();
      pending = undefined;
      this.clear();
    },
    clear(): void {
      if (drawn) io.stderr("\r\x1b[2K");
      drawn = false;
    },
  };
}
