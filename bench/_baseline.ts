/**
 * The benchmark baseline: the ratios `deno task bench` prints, recorded in
 * `bench/baseline.json`, and the check `deno task bench --check` makes against them. A
 * comparison's ratio (ours over the peer's rate) is better higher; a growth ratio (4N over N)
 * is better lower. A ratio regresses when it is more than {@linkcode TOLERANCE} worse than
 * recorded; a growth ratio is judged against linear (4) when it was recorded below that, since
 * sub-linear figures come from fixed costs and move with the machine's load, not the code. Pure functions of the numbers, so the check is tested without running a benchmark.
 *
 * @module
 */
import type { BenchRecord } from "../scripts/bench_page.ts";

/** How much worse than the baseline a ratio may get before the check fails: 20%. */
export const TOLERANCE = 0.2;

/** The growth ratio of linear work; a growth ratio at or below it is no regression. */
export const LINEAR = 4;

/** One ratio a run printed, under a key that names its file, runtime, group and case. */
export interface Measurement {
  readonly key: string;
  /** The benchmark file (`events_compare.ts`), so a failing ratio can be measured again. */
  readonly file: string;
  readonly ratio: number;
  readonly better: "higher" | "lower";
}

/** The committed baseline: when it was recorded, where, and every ratio by key. */
export interface Baseline {
  readonly recordedAt: string;
  readonly machine: string;
  readonly ratios: readonly Measurement[];
}

/** A ratio worse than the baseline allows. */
export interface Regression {
  readonly key: string;
  readonly file: string;
  readonly baseline: number;
  readonly now: number;
  readonly better: "higher" | "lower";
}

/** The peers' ratios of a run's records (ours is 1 against itself and is left out). */
export function comparisonRatios(records: readonly BenchRecord[]): Measurement[] {
  return records.filter((record) => record.ratio !== 1 && Number.isFinite(record.ratio)).map((
    record,
  ) => ({
    key: `${record.file} ${record.runtime} | ${record.group} | ${record.name}`,
    file: record.file,
    ratio: record.ratio,
    better: "higher",
  }));
}

const GROWTH = /^(.*): N=\d+ .*4N\/N = ([\d.]+)/;

/** The ratio of a line `growth()` prints (`name: N=… ms, 4N=… ms, 4N/N = r …`). */
export function growthRatio(file: string, runtime: string, line: string): Measurement | undefined {
  const match = line.trim().match(GROWTH);
  if (!match) return undefined;
  return {
    key: `${file} ${runtime} | growth | ${match[1]}`,
    file,
    ratio: Number(match[2]),
    better: "lower",
  };
}

/** How much better `now` is than `then`, as a factor: above 1 better, below 1 worse. */
function gain(measurement: Measurement, then: number): number {
  return measurement.better === "higher" ? measurement.ratio / then : then / measurement.ratio;
}

/** The ratios worse than the baseline by more than `tolerance`; keys it lacks are not judged. */
export function regressions(
  baseline: Baseline,
  measured: readonly Measurement[],
  tolerance: number = TOLERANCE,
): Regression[] {
  const recorded = new Map(baseline.ratios.map((m) => [m.key, m.ratio]));
  return measured.flatMap((m) => {
    const then = recorded.get(m.key);
    if (then === undefined) return [];
    const reference = m.better === "lower" ? Math.max(then, LINEAR) : then;
    if (gain(m, reference) >= 1 - tolerance) return [];
    return [{ key: m.key, file: m.file, baseline: then, now: m.ratio, better: m.better }];
  });
}

/** Each key's best ratio over several runs of the same benchmarks (noise only makes it worse). */
export function bestOf(...runs: readonly (readonly Measurement[])[]): Measurement[] {
  const best = new Map<string, Measurement>();
  for (const m of runs.flat()) {
    const old = best.get(m.key);
    if (!old || gain(m, old.ratio) > 1) best.set(m.key, m);
  }
  return [...best.values()];
}

/** A new baseline: the old one's ratios with every measured key replaced, sorted by key. */
export function recordBaseline(
  old: Baseline | undefined,
  measured: readonly Measurement[],
  recordedAt: Date,
  machine: string,
): Baseline {
  const ratios = new Map((old?.ratios ?? []).map((m) => [m.key, m]));
  for (const m of measured) ratios.set(m.key, m);
  const sorted = [...ratios.values()].sort((a, b) => a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return { recordedAt: recordedAt.toISOString(), machine, ratios: sorted };
}

/** The lines that say which ratios regressed, each with its baseline and its best run. */
export function describeRegressions(found: readonly Regression[]): string[] {
  return found.map((r) =>
    `${r.key}: ${r.now.toFixed(2)}, baseline ${r.baseline.toFixed(2)} (${r.better} is better; ` +
    `more than ${TOLERANCE * 100}% worse)`
  );
}
