// deno-lint-ignore-file no-console
/**
 * The whole test suite, as `deno task test` runs it: format, lint, type check,
 * doc lint, the freshness of the public API report and the architecture pictures,
 * tests with doc examples and a line-coverage floor, the JSR dry run, the npm build
 * with its consumer tests, and the size budget with the freshness of the generated
 * size tables. It ends with one line `N passed, N failed` over every
 * test that ran, naming the step that failed if one did.
 *
 * @module
 */
import { join, relative } from "node:path";
import { readMembers, root, runShowing } from "./_workspace.ts";
import { closingLine, testTotals } from "./_test_summary.ts";

/** The line coverage below which the suite fails, in percent. */
export const COVERAGE_FLOOR = 90;

const deno = Deno.execPath();
const members = readMembers();
const totals = { passed: 0, failed: 0, ignored: 0 };

/** Runs one step; streams its output; returns it. Exits at the first failing step. */
async function step(
  title: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<string> {
  console.log(`\n== ${title}: deno ${args.join(" ")}`);
  const { code, output } = await runShowing(deno, args, { NO_COLOR: "1", ...env });
  // Counted before the exit code is looked at: a failing step still reports what ran.
  const counts = testTotals(output);
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  totals.ignored += counts.ignored;
  if (code !== 0) {
    console.log(`\n== ${title} failed (exit code ${code})`);
    finish(code, title);
  }
  return output;
}

function finish(code: number, failedStep?: string): never {
  console.log(`\n${closingLine(totals, failedStep)}`);
  Deno.exit(code);
}

/** Line coverage per member from an lcov report, counting member sources only. */
export function lineCoverage(
  lcov: string,
  folders: readonly string[],
): Map<string, { hit: number; found: number }> {
  const byMember = new Map(folders.map((folder) => [folder, { hit: 0, found: 0 }]));
  for (const record of lcov.split("end_of_record")) {
    const file = record.match(/^SF:(.+)$/m)?.[1];
    if (!file) continue;
    const [folder] = relative(root, file).split("/");
    const totalsOfMember = byMember.get(folder!);
    if (!totalsOfMember || /_test\.ts$|\/testdata\//.test(file)) continue;
    totalsOfMember.found += Number(record.match(/^LF:(\d+)$/m)?.[1] ?? 0);
    totalsOfMember.hit += Number(record.match(/^LH:(\d+)$/m)?.[1] ?? 0);
  }
  return byMember;
}

if (import.meta.main) {
  const entries = members.flatMap((member) =>
    Object.values(member.exports).map((file) => join(member.folder, file))
  );
  const folders = members.map((member) => member.folder);
  const coverageDir = join(root, "coverage");
  await Deno.remove(coverageDir, { recursive: true }).catch(() => {});

  await step("format", ["fmt", "--check"]);
  await step("lint", ["lint"]);
  await step("type check", ["check", ...entries, "scripts/", "bench/", "examples/"]);
  await step("doc lint", ["doc", "--lint", ...entries]);
  await step("public API report", ["run", "-A", "scripts/api.ts", "--check"]);
  await step("architecture pictures", ["run", "-A", "scripts/architecture.ts", "--check"]);
  await step("tests", [
    "test",
    "-A",
    "--doc",
    "--parallel",
    `--coverage=${coverageDir}`,
    ...folders,
    // @atomiton/core's doc examples would print its deprecation notices; its own test checks them.
  ], { ATOMITON_NO_DEPRECATION: "1" });
  const lcovPath = join(coverageDir, "lcov.info");
  await step("coverage report", ["coverage", coverageDir, "--lcov", `--output=${lcovPath}`]);
  const coverage = lineCoverage(await Deno.readTextFile(lcovPath), folders);
  let hit = 0;
  let found = 0;
  console.log("\n| package | lines | covered |\n|---|---:|---:|");
  for (const [folder, counts] of coverage) {
    if (counts.found === 0) continue;
    hit += counts.hit;
    found += counts.found;
    console.log(
      `| ${folder} | ${counts.found} | ${(100 * counts.hit / counts.found).toFixed(1)}% |`,
    );
  }
  const percent = found === 0 ? 0 : (100 * hit) / found;
  console.log(`| all | ${found} | ${percent.toFixed(1)}% |`);
  if (percent < COVERAGE_FLOOR) {
    console.log(
      `\n== line coverage ${percent.toFixed(1)}% is under the floor of ${COVERAGE_FLOOR}%`,
    );
    finish(1, "coverage report");
  }
  await step("JSR dry run", ["publish", "--dry-run", "--allow-dirty"]);
  await step("npm build and consumer tests", ["test", "-A", "scripts/"]);
  await step("size budget and tables", ["run", "-A", "scripts/size.ts", "--check"]);
  finish(totals.failed > 0 ? 1 : 0);
}
