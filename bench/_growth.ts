// deno-lint-ignore-file no-console
/**
 * A growth benchmark: the same work at N and at 4N, timed in one process, with
 * the ratio printed. Linear work prints a ratio near 4; a quadratic cost prints
 * near 16. Each size runs `rounds` times and the median counts, so one noisy
 * round does not decide. Growth files are `bench/*_growth.ts`; `bench/run.ts`
 * runs them on Deno and on Node.
 *
 * @module
 */

/** One growth case: `run(n)` does the whole job for `n` items (setup included where it grows). */
export interface GrowthCase {
  readonly name: string;
  /** The smaller size; the case also runs at 4 times this. */
  readonly n: number;
  readonly run: (n: number) => unknown | Promise<unknown>;
  /** Rounds per size (default 5). */
  readonly rounds?: number;
}

/** One measured case. */
export interface GrowthResult {
  readonly name: string;
  readonly n: number;
  readonly msAtN: number;
  readonly msAt4N: number;
  /** `msAt4N / msAtN`: about 4 when the cost grows linearly. */
  readonly ratio: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeOnce(run: GrowthCase["run"], n: number): Promise<number> {
  const start = performance.now();
  await run(n);
  return performance.now() - start;
}

/** Runs each case at N and 4N, interleaved, and prints `name: N … ms, 4N … ms, 4N/N = r`. */
export async function growth(cases: readonly GrowthCase[]): Promise<GrowthResult[]> {
  const results: GrowthResult[] = [];
  for (const item of cases) {
    await timeOnce(item.run, Math.max(1, Math.floor(item.n / 10))); // warm-up
    const small: number[] = [];
    const large: number[] = [];
    for (let round = 0; round < (item.rounds ?? 5); round++) {
      small.push(await timeOnce(item.run, item.n));
      large.push(await timeOnce(item.run, item.n * 4));
    }
    const msAtN = median(small);
    const msAt4N = median(large);
    const result = { name: item.name, n: item.n, msAtN, msAt4N, ratio: msAt4N / msAtN };
    results.push(result);
    console.log(
      `${item.name}: N=${item.n} ${msAtN.toFixed(1)} ms, 4N=${item.n * 4} ${
        msAt4N.toFixed(1)
      } ms, 4N/N = ${result.ratio.toFixed(2)} (linear is 4)`,
    );
  }
  return results;
}
