import { Histogram, type HistogramSnapshot, now } from "@atomiton/platform/metrics";

/** How long each operation is measured: a fixed number of calls, or a time. */
export type ProfileBudget =
  | { readonly iterations: number; readonly durationMs?: undefined }
  | { readonly durationMs: number; readonly iterations?: undefined };

/** One measured operation, as printed and as `--json` gives it. */
export interface OperationResult {
  /** What was measured, such as `set` or `round trip, one at a time`. */
  readonly name: string;
  /** Calls measured. */
  readonly count: number;
  /** Calls per second over the measured time. */
  readonly opsPerSecond: number;
  /** Latency of one call in ms: count, min, max, mean, p50, p90, p99. */
  readonly latencyMs: HistogramSnapshot;
}

/** A budget split in `parts` (a duration is shared; iterations are not). */
export function splitBudget(budget: ProfileBudget, parts: number): ProfileBudget {
  return budget.iterations !== undefined
    ? budget
    : { durationMs: Math.max(1, budget.durationMs / parts) };
}

/** True while a measurement that began at `start` with `count` calls done may go on. */
export function withinBudget(
  budget: ProfileBudget,
  count: number,
  start: number,
  signal: AbortSignal,
): boolean {
  if (signal.aborted) return false;
  return budget.iterations !== undefined
    ? count < budget.iterations
    : count === 0 || now() - start < budget.durationMs;
}

/**
 * Lets timers and signals (Ctrl-C) through now and then during a loop that
 * would otherwise only ever wait on microtasks, and keeps the time it spent so.
 */
export class Pacer {
  #last = now();
  /** Time spent letting others run, in ms: not part of any measurement. */
  paused = 0;

  /** A promise to await when it is time to let others run; otherwise undefined. */
  due(): Promise<void> | undefined {
    if (now() - this.#last < 50) return undefined;
    const start = now();
    return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
      this.#last = now();
      this.paused += this.#last - start;
    });
  }
}

/** An operation's figures from its latencies and how long it all took. */
export function resultOf(name: string, latency: Histogram, elapsedMs: number): OperationResult {
  return {
    name,
    count: latency.count,
    opsPerSecond: elapsedMs > 0 ? (latency.count * 1000) / elapsedMs : 0,
    latencyMs: latency.snapshot(),
  };
}

/**
 * Calls `operation` one at a time, each with its call number, until the
 * budget is spent, `limit` calls were made or the signal aborts, and times every call.
 */
export async function measureSequential(
  name: string,
  operation: (index: number) => unknown,
  budget: ProfileBudget,
  signal: AbortSignal,
  limit = Infinity,
): Promise<OperationResult> {
  const latency = new Histogram();
  const pacer = new Pacer();
  const start = now();
  while (latency.count < limit && withinBudget(budget, latency.count, start, signal)) {
    const began = now();
    const result = operation(latency.count);
    if (result instanceof Promise) await result;
    latency.record(now() - began);
    const pause = pacer.due();
    if (pause) await pause;
  }
  return resultOf(name, latency, now() - start - pacer.paused);
}
