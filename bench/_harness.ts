// deno-lint-ignore-file no-console
/**
 * A side-by-side benchmark that runs the same way on Deno and on Node (through
 * `bench/run.ts`): each case runs in rounds, interleaved so that machine noise
 * hits every case alike; the median round gives the rate, and every case is
 * printed as a ratio against ours.
 *
 * With `ATOMITON_BENCH_OUT=<file>` set (`bench/run.ts` sets it), every result
 * is also appended to that file as a JSON line `{ runtime, group, name,
 * opsPerSecond, ratio }`, for the benchmarks page.
 *
 * @module
 */

/** One contender: `fn` does `ops` operations per call. */
export interface BenchCase {
  readonly name: string;
  readonly fn: () => unknown;
  /** Operations per call of `fn` (default 1). */
  readonly ops?: number;
}

/** One measured case. */
export interface BenchResult {
  readonly group: string;
  readonly name: string;
  readonly opsPerSecond: number;
  /** Our rate divided by this case's rate (1 for ours; above 1 means we are faster). */
  readonly ratio: number;
}

/** Every result measured in this process, for the report written by `bench/run.ts`. */
export const results: BenchResult[] = [];

function runtimeName(): string {
  return "Deno" in globalThis ? "deno" : "node";
}

/** The environment variable naming the file results are appended to. */
export const BENCH_OUT = "ATOMITON_BENCH_OUT";

/**
 * Appends results as JSON lines to the file named by `ATOMITON_BENCH_OUT`, if
 * it is set (on Deno or Node; in a browser page there is nowhere to write).
 *
 * @param out The results to record.
 * @param runtime Where they were measured: `deno`, `node`, `chromium`.
 */
export async function recordResults(
  out: readonly BenchResult[],
  runtime: string = runtimeName(),
): Promise<void> {
  const lines = out.map((r) => JSON.stringify({ runtime, ...r }) + "\n").join("");
  if ("Deno" in globalThis) {
    const path = Deno.env.get(BENCH_OUT);
    if (path) Deno.writeTextFileSync(path, lines, { append: true });
    return;
  }
  const process = (globalThis as { process?: { env: Record<string, string | undefined> } })
    .process;
  const path = process?.env[BENCH_OUT];
  if (!path) return;
  // A specifier esbuild cannot follow: the browser page bundles this file too.
  const fs = "node:fs";
  const { appendFileSync } = await import(fs);
  appendFileSync(path, lines);
}

async function timeRound(fn: () => unknown, calls: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < calls; i++) {
    const result = fn();
    if (result instanceof Promise) await result;
  }
  return performance.now() - start;
}

/**
 * Measures `ours` and its peers in one process and prints their rates and
 * ratios (ours divided by the peer's).
 *
 * @param group What is measured, e.g. "emit, one listener".
 * @param ours This project's case.
 * @param peers The libraries a user would pick instead.
 * @param options `roundMs`: target length of one round; `rounds`: how many.
 * @returns The results, ours first.
 */
export async function compare(
  group: string,
  ours: BenchCase,
  peers: readonly BenchCase[],
  options: { roundMs?: number; rounds?: number } = {},
): Promise<BenchResult[]> {
  const roundMs = options.roundMs ?? 50;
  const rounds = options.rounds ?? 15;
  const cases = [ours, ...peers];
  // Calibrate: calls per round so that one round lasts about roundMs.
  const calls = [];
  for (const c of cases) {
    let n = 1;
    for (;;) {
      const ms = await timeRound(c.fn, n);
      if (ms >= roundMs / 4 || n >= 1 << 30) {
        calls.push(Math.max(1, Math.round((n * roundMs) / Math.max(ms, 0.001))));
        break;
      }
      n *= 4;
    }
  }
  const samples: number[][] = cases.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < cases.length; i++) {
      const c = cases[i]!;
      const ms = await timeRound(c.fn, calls[i]!);
      samples[i]!.push((calls[i]! * (c.ops ?? 1) * 1000) / ms);
    }
  }
  const rates = samples.map((s) => s.sort((a, b) => a - b)[Math.floor(s.length / 2)]!);
  const out = cases.map((c, i) => ({
    group,
    name: c.name,
    opsPerSecond: rates[i]!,
    ratio: rates[0]! / rates[i]!,
  }));
  results.push(...out);
  await recordResults(out);
  console.log(`\n${group} (${runtimeName()})`);
  for (const r of out) {
    const rate = r.opsPerSecond >= 1e6
      ? `${(r.opsPerSecond / 1e6).toFixed(2)} M/s`
      : `${(r.opsPerSecond / 1e3).toFixed(1)} k/s`;
    const ratio = r === out[0] ? "(ours)" : `ours is ${r.ratio.toFixed(2)}x`;
    console.log(`  ${r.name.padEnd(28)} ${rate.padStart(12)}  ${ratio}`);
  }
  return out;
}
