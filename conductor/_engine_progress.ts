import type { RunEvents } from "./_engine_events.ts";

/** A node's progress as a task reports it: a fraction, a message, or both. */
export interface ProgressUpdate {
  progress?: number;
  message?: string;
}

/**
 * Reads what a task passed to `ctx.progress(value)`: a number from 0 to 1, a
 * message string, or `{ progress?, current?, total?, message? }`.
 */
export function readProgress(value: unknown): ProgressUpdate | undefined {
  const fraction = (n: number): number => Math.min(1, Math.max(0, n));
  if (typeof value === "number") return Number.isFinite(value) ? { progress: fraction(value) } : {};
  if (typeof value === "string") return { message: value };
  if (typeof value !== "object" || value === null) return undefined;
  const { progress, current, total, message } = value as Record<string, unknown>;
  const update: ProgressUpdate = {};
  if (typeof progress === "number" && Number.isFinite(progress)) {
    update.progress = fraction(progress);
  } else if (typeof current === "number" && typeof total === "number" && total > 0) {
    update.progress = fraction(current / total);
  }
  if (typeof message === "string") update.message = message;
  return update;
}

/** The least time between two progress events of a node, in ms. */
export const PROGRESS_INTERVAL = 100;

/**
 * Turns a node's progress reports into `running` events, at most one per
 * interval (a chatty task must not flood the log); `flush` sends the last one.
 */
export class ProgressThrottle {
  readonly #events: RunEvents;
  readonly #path: string;
  #update: ProgressUpdate = {};
  #last = Date.now();
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(events: RunEvents, path: string) {
    this.#events = events;
    this.#path = path;
  }

  /** Takes one report (what `ctx.progress` got). */
  report = (value: unknown): void => {
    const update = readProgress(value);
    if (!update) return;
    Object.assign(this.#update, update);
    if (this.#timer !== undefined) return;
    const wait = this.#last + PROGRESS_INTERVAL - Date.now();
    if (wait <= 0) this.#send();
    else this.#timer = setTimeout(() => this.#send(), wait);
  };

  /** Sends a report still held back, so that the last one is never lost. */
  flush(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#send();
  }

  #send(): void {
    this.#timer = undefined;
    this.#last = Date.now();
    this.#events.node(this.#path, { status: "running", ...this.#update });
  }
}
