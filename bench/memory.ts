// deno-lint-ignore-file no-console
/**
 * Resident memory of the whole family in one fresh process, on Deno (the
 * sources) and Node (the npm copy): every member's main entry imported, the
 * heap collected, and the process's resident set size (RSS) read, against a
 * fresh process of the same runtime that imports nothing. The roadmap's goal
 * is under 10 MB over that bare runtime. Each package is also loaded alone,
 * so a figure near the goal shows where it comes from; the CLI, a command rather than a
 * library an app loads, is also left out once.
 *
 * Figures are the median of interleaved fresh processes (the loaded case's
 * median minus the bare one's). RSS counts what the process touched: code the
 * runtime parsed and compiled, the heap after a collection, and the loader's
 * caches.
 *
 * Run: `deno run -A bench/memory.ts [--no-build] [--runs=N]` (it builds the npm copy first);
 * `deno task bench` runs it too and puts the figures in docs/benchmarks.md.
 *
 * @module
 */
import * as esbuild from "esbuild";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runProcess } from "../cli/doctor/_process.ts";
import { buildNpm, npmRoot } from "../scripts/build_npm.ts";
import { readMembers, root } from "../scripts/_workspace.ts";
import { emptyPackage } from "./_empty_package.ts";

/** The roadmap's goal: every package loaded, under this many MB over a bare runtime. */
export const GOAL_MB = 10;

/** Fresh processes per case (after one warm-up round, which fills Deno's transpile cache). */
export const RUNS = 7;

const MB = 1024 * 1024;

/** One case: a set of modules loaded together in a fresh process. */
interface MemoryCase {
  readonly name: string;
  readonly specifiers: readonly string[];
}

/** One case's figure. */
export interface MemoryFigure {
  readonly name: string;
  /** Median RSS over the bare process's median, in MB. */
  readonly overMb: number;
  /** Why the case could not be measured. */
  readonly error?: string;
}

/** One runtime's figures. */
export interface MemoryReport {
  readonly runtime: "deno" | "node";
  readonly runs: number;
  /** The bare process's median RSS, in MB. */
  readonly bareMb: number;
  /** Every package together, then without the CLI, then each alone. */
  readonly figures: readonly MemoryFigure[];
}

/** The floor's row: what importing any package costs before its own code (the file loader). */
export const EMPTY_PACKAGE_LOADED = "an empty package (the loader's floor)";

function cases(runtime: "deno" | "node"): MemoryCase[] {
  // Node imports by name from the npm copy, as an installed copy is; Deno imports the sources.
  const alone = readMembers().map((member): MemoryCase => ({
    name: member.name,
    specifiers: [
      runtime === "deno" ? pathToFileURL(join(member.dir, member.exports["."]!)).href : member.name,
    ],
  }));
  // An app loads the libraries; the CLI is a command of its own, and @atomiton/core a deprecated
  // facade that loads every other package's entries, so the family is shown both ways.
  const libraries = alone.filter((c) => !["@atomiton/cli", "@atomiton/core"].includes(c.name));
  return [
    { name: "every package", specifiers: alone.flatMap((c) => c.specifiers) },
    {
      name: "every library (no CLI, no core)",
      specifiers: libraries.flatMap((c) => c.specifiers),
    },
    { name: EMPTY_PACKAGE_LOADED, specifiers: [emptyPackage(runtime)] },
    ...alone,
  ];
}

// The same script for the bare process (no specifier) and the loaded ones: only the imports differ.
function script(specifiers: readonly string[]): string {
  return `for (const s of ${JSON.stringify(specifiers)}) await import(s);
globalThis.gc();
console.log((globalThis.Deno ? Deno.memoryUsage() : process.memoryUsage()).rss);`;
}

function args(runtime: "deno" | "node", specifiers: readonly string[]): string[] {
  return runtime === "deno"
    ? ["eval", "--quiet", "--no-check", "--v8-flags=--expose-gc", script(specifiers)]
    : ["--expose-gc", "--input-type=module", "-e", script(specifiers)];
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Measures every case on one runtime, `runs` fresh processes each, interleaved with the bare one. */
export async function measureMemory(
  runtime: "deno" | "node",
  runs: number = RUNS,
): Promise<MemoryReport> {
  const all = [{ name: "bare", specifiers: [] }, ...cases(runtime)];
  const samples: number[][] = all.map(() => []);
  const errors: (string | undefined)[] = all.map(() => undefined);
  const executable = runtime === "deno" ? Deno.execPath() : "node";
  for (let run = -1; run < runs; run++) {
    for (const [i, c] of all.entries()) {
      if (errors[i] !== undefined) continue;
      const result = await runProcess(executable, args(runtime, c.specifiers), {
        cwd: runtime === "deno" ? root : npmRoot,
      });
      const rss = Number(result.stdout.trim().split("\n").at(-1));
      if (result.code !== 0 || !Number.isFinite(rss)) {
        errors[i] = result.stderr.trim().split("\n").find((line) => line.trim()) ??
          `exit code ${result.code}`;
      } else if (run >= 0) samples[i]!.push(rss);
    }
  }
  const bare = median(samples[0]!);
  const figures = all.slice(1).map((c, index): MemoryFigure => {
    const error = errors[index + 1] ?? errors[0];
    if (error !== undefined) return { name: c.name, overMb: 0, error };
    return { name: c.name, overMb: Math.max(0, median(samples[index + 1]!) - bare) / MB };
  });
  return { runtime, runs, bareMb: bare / MB, figures };
}

/** Measures on Deno and Node; the npm copy must be built. */
export async function measureFamilyMemory(runs: number = RUNS): Promise<MemoryReport[]> {
  return [await measureMemory("deno", runs), await measureMemory("node", runs)];
}

function verdict(figure: MemoryFigure, together: boolean): string {
  if (figure.error !== undefined) return figure.error;
  if (!together) return "";
  const share = figure.overMb / GOAL_MB;
  return `${share <= 1 ? "ok" : "OVER"}, ${(share * 100).toFixed(0)}% of the ${GOAL_MB} MB goal`;
}

function cell(figure: MemoryFigure | undefined): string {
  if (figure === undefined) return "";
  return figure.error !== undefined ? "failed" : `${figure.overMb.toFixed(1)} MB`;
}

/** Prints one runtime's figures. */
export function printMemory(report: MemoryReport): void {
  console.log(
    `\n${report.runtime}: resident memory over a bare process, median of ${report.runs} fresh ` +
      `processes (bare process ${report.bareMb.toFixed(1)} MB; goal under ${GOAL_MB} MB)`,
  );
  for (const [i, figure] of report.figures.entries()) {
    const line = `${cell(figure).padStart(9)}  ${figure.name.padEnd(28)} ${verdict(figure, i < 2)}`;
    console.log(`  ${line}`);
  }
}

/** The benchmarks page's memory section, Markdown, for `bench/run.ts` to append. */
export function memoryMarkdown(reports: readonly MemoryReport[]): string {
  if (reports.length === 0) return "";
  const names = reports[0]!.figures.map((figure) => figure.name);
  const runtimes = reports.map((r) => r.runtime === "deno" ? "Deno" : "Node");
  const rows = names.map((name, i) => {
    const cells = reports.map((r) => {
      const figure = r.figures.find((f) => f.name === name);
      const mark = i < 2 && figure?.error === undefined
        ? ` (${figure!.overMb < GOAL_MB ? "ok" : "OVER"})`
        : "";
      return cell(figure) + mark;
    });
    const label = i < 2
      ? `**${name}**`
      : name === EMPTY_PACKAGE_LOADED
      ? name
      : `\`${name}\` alone`;
    return `| ${label} | ${cells.join(" | ")} |`;
  });
  return [
    "## Memory",
    "",
    "From [`bench/memory.ts`](../bench/memory.ts): resident memory (RSS) of a fresh process that " +
    "imports every package's main entry, after a garbage collection, over a fresh process that " +
    `imports nothing; the median of ${
      reports[0]!.runs
    } processes. Deno runs the sources, Node the ` +
    `npm copy. Goal: under ${GOAL_MB} MB with every package loaded. \`@atomiton/core\`, the ` +
    "deprecated facade, loads the libraries' entries and the old API on top of them, so the " +
    "libraries are also shown without it (and without the CLI, a command of its own). An empty " +
    "package is what any package's import costs before its own code: on Node, the ESM file loader.",
    "",
    `| loaded | ${runtimes.join(" | ")} |`,
    `|---|${runtimes.map(() => "---:").join("|")}|`,
    `| bare process | ${reports.map((r) => `${r.bareMb.toFixed(1)} MB`).join(" | ")} |`,
    ...rows,
    "",
  ].join("\n");
}

if (import.meta.main) {
  // `--no-build` measures the npm copy already in place (when the sources have not changed).
  if (!Deno.args.includes("--no-build")) await buildNpm();
  await esbuild.stop();
  const runs = Number(Deno.args.find((arg) => arg.startsWith("--runs="))?.slice(7) ?? RUNS);
  for (const report of await measureFamilyMemory(runs)) printMemory(report);
}
