/**
 * Runs side-by-side benchmarks (files that call `compare` from `_harness.ts`)
 * on Deno and on Node. For Node, esbuild bundles the file with this project's
 * packages taken from source (the `_node.ts` variant where there is one) and
 * peers left to Node's resolver.
 *
 * Run: `deno run -A bench/run.ts [bench/events_compare.ts ...] [--deno-only|--node-only]
 * [--startup] [--docs=<folder>]`. With no file named it runs everything and writes the
 * benchmarks page: every `bench/*_compare.ts` (a `*_browser_compare.ts` runs once, from
 * Deno, and measures in Chromium), every `bench/*_growth.ts` (N against 4N, from
 * `_growth.ts`) on Deno and on Node, every `bench/*_bench.ts` through `deno bench --json`,
 * and `bench/startup.ts`; then `docs/benchmarks.md` and its charts in `docs/bench/`, and a
 * summary of every growth line. Named files run alone (a growth file too); `--docs=<folder>`
 * writes their page there, and `--startup` adds the start-up figures.
 *
 * Every run records the ratios it prints (each peer's, each growth line's) in
 * `bench/baseline.json` (a run of named files replaces their ratios only). With `--check` it
 * writes nothing: it fails when a ratio is more than 20% worse than the baseline, after
 * measuring each failing file twice more and keeping each ratio's best (see `_baseline.ts`).
 *
 * @module
 */
// deno-lint-ignore-file no-console
import * as esbuild from "esbuild";
import { basename, join, relative, resolve } from "node:path";
import { readMembers, root, runShowing } from "../scripts/_workspace.ts";
import { bundleEntry } from "../scripts/testing/bundle.ts";
import {
  type BenchRecord,
  type DenoBenchOutput,
  formatRate,
  formatRatio,
  fromDenoBench,
  packageOf,
  renderPage,
} from "../scripts/bench_page.ts";
import { buildNpm } from "../scripts/build_npm.ts";
import type { StartupReport } from "../cli/doctor/startup.ts";
import { BENCH_OUT } from "./_harness.ts";
import { measureFamilyStartup, printStartup } from "./startup.ts";
import { measureFamilyMemory, memoryMarkdown, printMemory } from "./memory.ts";
import {
  type Baseline,
  bestOf,
  comparisonRatios,
  describeRegressions,
  growthRatio,
  type Measurement,
  recordBaseline,
  regressions,
} from "./_baseline.ts";

/** Bundles a benchmark for Node; returns the path of the `.mjs` written. */
export async function bundleForNode(file: string): Promise<string> {
  const outDir = join(root, ".tmp", "bench");
  await Deno.mkdir(outDir, { recursive: true });
  const outfile = join(outDir, basename(file).replace(/\.ts$/, ".mjs"));
  return await bundleEntry(file, { platform: "node", outfile });
}

/** The lines `growth()` of `_growth.ts` prints: `name: N=… ms, 4N=… ms, 4N/N = r (…)`. */
export function growthLines(output: string): string[] {
  return output.split("\n").filter((line) => /: N=\d+ .*4N\/N = [\d.]+/.test(line));
}

/**
 * The benchmark files run as processes on Deno and Node: every `*_compare.ts` and
 * `*_growth.ts` of a folder listing, not the private `_growth.ts` harness itself.
 */
export function processBenchmarks(names: readonly string[]): string[] {
  return names.filter((name) => !name.startsWith("_") && /_(compare|growth)\.ts$/.test(name))
    .sort();
}

/** Runs a benchmark process, its output shown as it comes; returns its standard output. */
async function run(command: string, args: string[], out?: string): Promise<string> {
  // The harness appends every result to the file `out`, for the page.
  const { code, output } = await runShowing(command, args, out ? { [BENCH_OUT]: out } : {});
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} failed (${code})`);
  return output;
}

/** Reads the JSON lines the harness appended for one benchmark file. */
export function readResults(path: string, file: string): BenchRecord[] {
  let text: string;
  try {
    text = Deno.readTextFileSync(path);
  } catch {
    return [];
  }
  return text.split("\n").filter(Boolean).map((line) => {
    const { runtime, group, name, opsPerSecond, ratio } = JSON.parse(line);
    return { package: packageOf(file), file, runtime, group, name, opsPerSecond, ratio };
  });
}

/** Runs `deno bench --json` on `*_bench.ts` files and prints their ratios as the harness does. */
async function denoBench(files: readonly string[]): Promise<BenchRecord[]> {
  const { code, stdout } = await new Deno.Command(Deno.execPath(), {
    args: ["bench", "-A", "--json", ...files],
    cwd: root,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  if (code !== 0) throw new Error(`deno bench ${files.join(" ")} failed (${code})`);
  const records = fromDenoBench(JSON.parse(new TextDecoder().decode(stdout)) as DenoBenchOutput);
  let group = "";
  for (const r of records) {
    if (r.group !== group) console.log(`\n${group = r.group} (deno bench)`);
    const ratio = r.ratio === 1 ? "(ours)" : `ours is ${formatRatio(r.ratio).replace("×", "x")}`;
    console.log(`  ${r.name.padEnd(40)} ${formatRate(r.opsPerSecond).padStart(12)}  ${ratio}`);
  }
  return records;
}

async function output(command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await new Deno.Command(command, { args, stdout: "piped", stderr: "null" })
      .output();
    return new TextDecoder().decode(stdout).trim();
  } catch {
    return "";
  }
}

async function machine(): Promise<string> {
  const cpu = (await Deno.readTextFile("/proc/cpuinfo").catch(() => ""))
    .match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim();
  return `${
    cpu ?? "a CPU"
  }, ${navigator.hardwareConcurrency} CPUs, ${Deno.build.os} ${Deno.build.arch}`;
}

/** Writes the page and its charts (old charts go) into `folder`. */
async function writePage(
  folder: string,
  records: BenchRecord[],
  startup: StartupReport[],
  runtimes: ReadonlySet<string>,
  tookMs: number,
  memory = "",
): Promise<void> {
  const versions: Record<string, string> = { deno: Deno.version.deno };
  if (runtimes.has("node")) versions.node = (await output("node", ["--version"])).replace(/^v/, "");
  if (runtimes.has("chromium")) {
    versions.chromium = (await output("/usr/bin/chromium", ["--version"])).match(/[\d.]+/)?.[0] ??
      "";
  }
  const page = renderPage({
    generatedAt: new Date(),
    machine: await machine(),
    versions,
    records,
    startup,
    packages: readMembers().map((member) => member.name),
    tookMs,
  });
  const charts = join(folder, "bench");
  await Deno.remove(charts, { recursive: true }).catch(() => {});
  await Deno.mkdir(charts, { recursive: true });
  for (const [name, svg] of page.charts) await Deno.writeTextFile(join(charts, name), svg);
  // The memory section (bench/memory.ts) goes last: its figures are MB, not rates or times.
  const markdown = memory ? `${page.markdown}\n${memory}` : page.markdown;
  await Deno.writeTextFile(join(folder, "benchmarks.md"), markdown);
  console.log(
    `\nwrote ${relative(root, join(folder, "benchmarks.md"))} and ${page.charts.size} charts`,
  );
}

/** The committed baseline of ratios. */
export const BASELINE: string = join(root, "bench", "baseline.json");

/** What running benchmark files gave: their records and their growth ratios. */
interface Outcome {
  readonly records: BenchRecord[];
  readonly growth: Measurement[];
  /** The growth lines as printed, `file (runtime) line`, for the summary. */
  readonly lines: string[];
}

/** Runs one process benchmark on Deno and on Node (as the flags allow), its output shown. */
async function runProcessFile(file: string, resultsDir: string): Promise<Outcome> {
  const out = join(resultsDir, `${basename(file)}.jsonl`);
  await Deno.remove(out).catch(() => {});
  const outputs: [string, string][] = [];
  if (!Deno.args.includes("--node-only")) {
    outputs.push(["deno", await run(Deno.execPath(), ["run", "-A", file], out)]);
  }
  // A `_browser_compare.ts` drives Chromium itself, from Deno.
  if (!Deno.args.includes("--deno-only") && !file.endsWith("_browser_compare.ts")) {
    outputs.push(["node", await run("node", ["--expose-gc", await bundleForNode(file)], out)]);
  }
  const printed = outputs.flatMap(([runtime, text]) =>
    growthLines(text).map((line) => ({ runtime, line }))
  );
  return {
    records: readResults(out, basename(file)),
    growth: printed.flatMap(({ runtime, line }) =>
      growthRatio(basename(file), runtime, line) ?? []
    ),
    lines: printed.map(({ runtime, line }) => `  ${basename(file)} (${runtime}) ${line}`),
  };
}

/** Measures one benchmark file again, for a ratio below the baseline. */
async function measureAgain(file: string, resultsDir: string): Promise<Measurement[]> {
  if (file === "startup.ts") return comparisonRatios((await measureFamilyStartup()).peers);
  const path = join(root, "bench", file);
  if (file.endsWith("_bench.ts")) return comparisonRatios(await denoBench([path]));
  const { records, growth } = await runProcessFile(path, resultsDir);
  return [...comparisonRatios(records), ...growth];
}

function readBaseline(): Baseline | undefined {
  try {
    return JSON.parse(Deno.readTextFileSync(BASELINE));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** Compares with the baseline, measuring a failing file up to twice more; true when none fails. */
async function checkBaseline(measured: Measurement[], resultsDir: string): Promise<boolean> {
  const baseline = readBaseline();
  if (!baseline) {
    console.error(`\nno baseline: run \`deno task bench\` and commit ${relative(root, BASELINE)}`);
    return false;
  }
  let best = measured;
  let found = regressions(baseline, best);
  for (let run = 2; run <= 3 && found.length > 0; run++) {
    const files = [...new Set(found.map((r) => r.file))];
    console.log(
      `\n${found.length} ratios below the baseline; run ${run} of 3 of ${files.join(", ")}`,
    );
    const again: Measurement[] = [];
    for (const file of files) again.push(...await measureAgain(file, resultsDir));
    best = bestOf(best, again);
    found = regressions(baseline, best);
  }
  const judged = new Set(baseline.ratios.map((m) => m.key));
  const count = best.filter((m) => judged.has(m.key)).length;
  if (found.length === 0) console.log(`\nbaseline: ${count} ratios within 20% of it`);
  for (const line of describeRegressions(found)) console.error(`regression: ${line}`);
  return found.length === 0;
}

/** Writes the baseline with the ratios measured (a full run replaces it, a partial one merges). */
async function writeBaseline(measured: Measurement[], everything: boolean): Promise<void> {
  const old = everything ? undefined : readBaseline();
  const baseline = recordBaseline(old, measured, new Date(), await machine());
  await Deno.writeTextFile(BASELINE, `${JSON.stringify(baseline, null, 2)}\n`);
  console.log(`recorded ${measured.length} ratios in ${relative(root, BASELINE)}`);
}

if (import.meta.main) {
  const started = performance.now();
  const check = Deno.args.includes("--check");
  const named = Deno.args.filter((arg) => !arg.startsWith("--")).map((file) => resolve(file));
  const everything = named.length === 0;
  const docsFlag = Deno.args.find((arg) => arg.startsWith("--docs="))?.slice("--docs=".length);
  const docs = check
    ? undefined
    : docsFlag
    ? resolve(docsFlag)
    : everything
    ? join(root, "docs")
    : undefined;
  const inBench = [...Deno.readDirSync(join(root, "bench"))].map((entry) => entry.name).sort();
  const files = everything
    ? processBenchmarks(inBench).map((name) => join(root, "bench", name))
    : named.filter((file) => !file.endsWith("_bench.ts"));
  const benchFiles = everything
    ? inBench.filter((name) => name.endsWith("_bench.ts")).map((name) => join(root, "bench", name))
    : named.filter((file) => file.endsWith("_bench.ts"));
  const resultsDir = join(root, ".tmp", "bench", "results");
  await Deno.remove(resultsDir, { recursive: true }).catch(() => {});
  await Deno.mkdir(resultsDir, { recursive: true });
  const records: BenchRecord[] = [];
  const growth: Measurement[] = [];
  const growthSummary: string[] = [];
  const runtimes = new Set<string>();
  try {
    for (const file of files) {
      const outcome = await runProcessFile(file, resultsDir);
      records.push(...outcome.records);
      growth.push(...outcome.growth);
      growthSummary.push(...outcome.lines);
    }
    if (growthSummary.length > 0) {
      console.log(
        `\nGrowth, N against 4N (linear is 4, quadratic 16):\n${growthSummary.join("\n")}`,
      );
    }
    if (benchFiles.length > 0) records.push(...await denoBench(benchFiles));
    let startup: StartupReport[] = [];
    let memory = "";
    if (everything || Deno.args.includes("--startup")) {
      await buildNpm();
      const measured = await measureFamilyStartup();
      for (const report of measured.reports) printStartup(report, measured.peers);
      startup = measured.reports;
      records.push(...measured.peers);
      runtimes.add("node");
      if (!check) {
        const memoryReports = await measureFamilyMemory();
        for (const report of memoryReports) printMemory(report);
        memory = memoryMarkdown(memoryReports);
      }
    }
    for (const record of records) runtimes.add(record.runtime);
    const measured = [...comparisonRatios(records), ...growth];
    if (check) {
      if (!await checkBaseline(measured, resultsDir)) Deno.exitCode = 1;
    } else {
      await writeBaseline(measured, everything);
    }
    const tookMs = performance.now() - started;
    if (docs) await writePage(docs, records, startup, runtimes, tookMs, memory);
  } finally {
    await esbuild.stop();
  }
}
