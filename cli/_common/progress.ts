import type { EventClient } from "@atomiton/events";
import { now } from "@atomiton/platform/metrics";
import type { ExecutionEvents } from "@atomiton/store/events";
import type { Io } from "./io.ts";
import type { Style } from "./style.ts";

/** A run's progress on the terminal; `stop` leaves the screen clean. */
export interface ProgressView {
  stop(): void;
}

/** Options of {@linkcode showProgress}. */
export interface ProgressOptions {
  readonly io: Io;
  readonly style: Style;
  readonly events: EventClient<ExecutionEvents>;
  /** Every node, in blueprint order, with the name to show. */
  readonly nodes: readonly { readonly id: string; readonly label?: string | undefined }[];
  /**
   * Each finished node's duration in ms as the run recorded it: the one figure
   * shown here and in the run's summary (filled before the node's last event).
   */
  readonly durations: ReadonlyMap<string, number>;
  /** `live`: redrawn in place (a terminal); `plain`: one line per node start and finish. */
  readonly mode: "live" | "plain";
  /** Time between redraws in ms (default 100). */
  readonly interval?: number | undefined;
}

const SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";

/** A duration for people: `850 ms`, `4.20 s`, `2m 05s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, "0")}s`;
}

// Cuts plain text to a width, so a line never wraps and the redraw stays in place.
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

interface Running {
  readonly started: number;
  progress?: number | undefined;
  message?: string | undefined;
}

/**
 * Shows a run's progress from its execution events on standard error: live (a
 * line per running node with its elapsed time, percentage and latest message,
 * and an overall bar, redrawn in place at most every `interval`), or plain lines.
 */
export function showProgress(options: ProgressOptions): ProgressView {
  const { io, style, events, mode } = options;
  const names = new Map(options.nodes.map((n) => [n.id, n.label ?? n.id]));
  const width = Math.max(...[...names.values()].map((name) => name.length), 4);
  const total = options.nodes.length;
  const running = new Map<string, Running>();
  const begin = now();
  let finished = 0;
  let drawn = 0;
  let frame = 0;
  let stopped = false;
  let permanent = "";

  const stamp = (): string => style.dim(`${((now() - begin) / 1000).toFixed(2).padStart(6)}s`);
  const finish = (nodeId: string, line: string): void => {
    running.delete(nodeId);
    finished++;
    if (mode === "plain") io.stderr(`${stamp()} ${line}\n`);
    else permanent += `${line}\n`;
  };

  const off = events.on("execution:node-progress", (event) => {
    const name = names.get(event.nodeId) ?? event.nodeId;
    const entry = running.get(event.nodeId);
    const ms = options.durations.get(event.nodeId);
    const took = ms === undefined ? "" : `  ${formatDuration(ms)}`;
    switch (event.status) {
      case "running":
        if (entry) {
          if (event.progress !== undefined) entry.progress = event.progress;
          if (event.message !== undefined) entry.message = event.message;
          return;
        }
        running.set(event.nodeId, { started: now() });
        if (mode === "plain") io.stderr(`${stamp()} ${style.cyan("started  ")} ${name}\n`);
        return;
      case "completed":
        return finish(
          event.nodeId,
          mode === "plain"
            ? `${style.green("completed")} ${name}${took}`
            : `${style.green("✓")} ${name.padEnd(width)}${style.dim(took)}`,
        );
      case "failed":
        return finish(
          event.nodeId,
          mode === "plain"
            ? `${style.red("failed   ")} ${name}${took}: ${event.error ?? ""}`
            : `${style.red("✗")} ${name.padEnd(width)}${style.dim(took)}  ${
              style.red(fit(event.error ?? "failed", Math.max(10, io.columns - width - 16)))
            }`,
        );
      case "skipped":
        return finish(
          event.nodeId,
          mode === "plain"
            ? `${style.yellow("skipped  ")} ${name}: ${event.message ?? ""}`
            : style.dim(`- ${name.padEnd(width)}  ${fit(event.message ?? "skipped", 60)}`),
        );
    }
  });

  const draw = (): void => {
    const columns = Math.max(40, (io.columns > 0 ? io.columns : 80) - 1);
    const lines: string[] = [];
    const spin = SPINNER[frame++ % SPINNER.length]!;
    for (const [nodeId, entry] of running) {
      const name = (names.get(nodeId) ?? nodeId).padEnd(width);
      const elapsed = formatDuration(now() - entry.started).padStart(9);
      const percent = entry.progress === undefined
        ? ""
        : `${String(Math.round(entry.progress * 100)).padStart(3)}%`;
      const plain = `${spin} ${name} ${elapsed} ${percent.padEnd(4)} ${entry.message ?? ""}`;
      const text = fit(plain, columns);
      lines.push(style.cyan(text.slice(0, 1)) + text.slice(1));
    }
    const counts = ` ${finished}/${total} nodes · ${running.size} running · ${
      formatDuration(now() - begin)
    }`;
    const barWidth = Math.max(10, Math.min(30, columns - counts.length - 1));
    const filled = Math.round((finished / Math.max(1, total)) * barWidth);
    lines.push(
      style.green("█".repeat(filled)) + style.dim("░".repeat(barWidth - filled)) +
        fit(counts, columns - barWidth),
    );
    // Up over the last frame, clear it, then print new permanent lines and the frame, in one write.
    const erase = drawn > 0 ? `\x1b[${drawn}A\x1b[0J` : "";
    io.stderr(`${erase}${permanent}${lines.join("\n")}\n`);
    permanent = "";
    drawn = lines.length;
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  if (mode === "live") {
    io.stderr(HIDE_CURSOR);
    draw();
    timer = setInterval(draw, options.interval ?? 100);
  }
  return {
    stop(): void {
      if (stopped) return;
      stopped = true;
      off();
      if (mode !== "live") return;
      clearInterval(timer);
      // The last frame goes; what finished stays above it.
      io.stderr(`${drawn > 0 ? `\x1b[${drawn}A\x1b[0J` : ""}${permanent}${SHOW_CURSOR}`);
    },
  };
}
