/** The counts of one `deno test` summary line. */
export interface TestCounts {
  passed: number;
  failed: number;
  ignored: number;
}

// Deno's summary: `ok | 3 passed (2 steps) | 1 failed (1 step) | 1 ignored (1 step) | 2 measured
// | 2 filtered out (18ms)`; the step counts, ignored, measured and filtered out are optional.
const STEPS = String.raw`(?: \(\d+ steps?\))?`;
const SUMMARY = new RegExp(
  String.raw`^(?:ok|FAILED) \| (\d+) passed${STEPS} \| (\d+) failed${STEPS}` +
    String.raw`(?: \| (\d+) ignored${STEPS})?(?: \| \d+ measured)?(?: \| \d+ filtered out)? \(`,
  "gm",
);

/**
 * Adds up every `deno test` summary line in an output (a `deno test` run prints one; the
 * doc tests and the module tests of one run print one each).
 *
 * @param output What `deno test` printed, without colours.
 * @returns The tests passed, failed and ignored (steps are not counted as tests).
 */
export function testTotals(output: string): TestCounts {
  const totals = { passed: 0, failed: 0, ignored: 0 };
  for (const match of output.matchAll(SUMMARY)) {
    totals.passed += Number(match[1]);
    totals.failed += Number(match[2]);
    totals.ignored += Number(match[3] ?? 0);
  }
  return totals;
}

/**
 * The line `deno task test` ends with: what ran, and on failure which step failed.
 *
 * @param totals The counts over every step that ran.
 * @param failedStep The step that failed, if one did.
 * @returns One line.
 */
export function closingLine(totals: TestCounts, failedStep?: string): string {
  const skipped = totals.ignored > 0 ? `, ${totals.ignored} skipped` : "";
  const counts = `${totals.passed} passed, ${totals.failed} failed${skipped}`;
  return failedStep === undefined ? counts : `${counts}; FAILED at the step "${failedStep}"`;
}
