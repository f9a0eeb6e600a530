import assert from "node:assert/strict";
import { closingLine, testTotals } from "./_test_summary.ts";

// Summary lines as Deno 2.9 prints them (NO_COLOR=1), from real runs.
const SAMPLES: ReadonlyArray<
  readonly [string, { passed: number; failed: number; ignored: number }]
> = [
  ["ok | 12 passed (3 steps) | 0 failed (1s)", { passed: 12, failed: 0, ignored: 0 }],
  ["FAILED | 1220 passed (9 steps) | 1 failed (2m)", { passed: 1220, failed: 1, ignored: 0 }],
  ["ok | 1 passed | 0 failed (5ms)", { passed: 1, failed: 0, ignored: 0 }],
  [
    "FAILED | 3 passed (2 steps) | 1 failed (1 step) | 1 ignored (1 step) (18ms)",
    { passed: 3, failed: 1, ignored: 1 },
  ],
  [
    "ok | 2 passed (2 steps) | 0 failed | 1 ignored (1 step) | 2 filtered out (11ms)",
    { passed: 2, failed: 0, ignored: 1 },
  ],
  ["ok | 0 passed | 0 failed | 4 measured | 3 filtered out (0ms)", {
    passed: 0,
    failed: 0,
    ignored: 0,
  }],
  ["ok | 5 passed | 0 failed | 2 ignored (300ms)", { passed: 5, failed: 0, ignored: 2 }],
];

Deno.test("testTotals() reads every form of deno test's summary line", () => {
  for (const [line, expected] of SAMPLES) {
    const output =
      `running 1 test from ./x_test.ts\nx ... ok (1ms)\n\n${line}\n\nerror: Test failed\n`;
    assert.deepEqual(testTotals(output), expected, line);
  }
});

Deno.test("testTotals() adds up several runs and ignores test names that look like a summary", () => {
  const output = [
    "running 2 tests from ./a_test.ts",
    "prints 3 passed | 4 failed in its name ... ok (1ms)",
    "",
    "ok | 12 passed (3 steps) | 0 failed (1s)",
    "",
    "FAILED | 1220 passed (9 steps) | 1 failed (2m)",
  ].join("\n");
  assert.deepEqual(testTotals(output), { passed: 1232, failed: 1, ignored: 0 });
});

Deno.test("closingLine() counts what ran and names the step that failed", () => {
  const failed = testTotals("FAILED | 1220 passed (9 steps) | 1 failed (2m)\n");
  assert.equal(
    closingLine(failed, "npm build and consumer tests"),
    '1220 passed, 1 failed; FAILED at the step "npm build and consumer tests"',
  );
  assert.equal(closingLine({ passed: 3, failed: 0, ignored: 2 }), "3 passed, 0 failed, 2 skipped");
  assert.equal(
    closingLine({ passed: 0, failed: 0, ignored: 0 }, "lint"),
    '0 passed, 0 failed; FAILED at the step "lint"',
  );
});
