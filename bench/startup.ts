// deno-lint-ignore-file no-console
/**
 * Start-up cost in fresh processes, on Deno (the sources) and Node (the npm
 * copy): `atomiton --version` against an empty process of the same runtime,
 * importing every package's main entry against an empty import, and
 * `@atomiton/platform`'s import and first use against `std-env`'s, the peer a
 * user would pick instead. The roadmap's budget is 10 ms over the baseline.
 *
 * Run: `deno run -A bench/startup.ts` (`deno task bench` runs it too and puts
 * the figures in docs/benchmarks.md).
 *
 * @module
 */
import * as esbuild from "esbuild";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import {
  measureStartup,
  type StartupCase,
  type StartupReport,
  type StartupTiming,
} from "../cli/doctor/startup.ts";
import { buildNpm, npmRoot } from "../scripts/build_npm.ts";
import { type BenchRecord, EMPTY_PACKAGE } from "../scripts/bench_page.ts";
import { readMembers, root } from "../scripts/_workspace.ts";
import { emptyPackage } from "./_empty_package.ts";

/** Fresh processes per case. */
export const RUNS = 15;

const PEERS = [
  {
    name: "@atomiton/platform: getPlatformInfo()",
    import: "@atomiton/platform",
    use: "m.getPlatformInfo().capabilities.fileSystem",
  },
  {
    name: "std-env: runtime, isCI, platform",
    import: "std-env",
    use: "m.runtime; m.isCI; m.platform",
  },
] as const;

function cases(runtime: "deno" | "node"): StartupCase[] {
  const members = readMembers();
  const version: StartupCase = runtime === "deno"
    ? {
      name: "atomiton --version",
      args: ["run", "-A", "--quiet", join(root, "cli/mod.ts"), "--version"],
    }
    : { name: "atomiton --version", args: [join(npmRoot, "cli/bin.js"), "--version"] };
  const imports = members.map((member): StartupCase => ({
    name: `import ${member.name}`,
    // Node imports by name from npm/, as an installed copy is; Deno imports the sources.
    import: runtime === "deno"
      ? pathToFileURL(join(member.dir, member.exports["."]!)).href
      : member.name,
  }));
  return [version, { name: EMPTY_PACKAGE, import: emptyPackage(runtime) }, ...imports, ...PEERS];
}

function peerRecords(report: StartupReport): BenchRecord[] {
  const [ours, peer] = PEERS.map((p) => report.timings.find((t) => t.name === p.name)) as [
    StartupTiming | undefined,
    StartupTiming | undefined,
  ];
  if (!ours || !peer || ours.error !== undefined || peer.error !== undefined) return [];
  return [ours, peer].map((timing) => ({
    package: "@atomiton/platform",
    file: "startup.ts",
    runtime: report.runtime,
    group: "import and first use, over an empty import",
    name: timing.name.split(":")[0]!,
    opsPerSecond: 1000 / Math.max(timing.overMs, 0.001),
    // Ours divided by theirs, as rates: their time over ours.
    ratio: timing === ours ? 1 : Math.max(peer.overMs, 0.001) / Math.max(ours.overMs, 0.001),
    ms: timing.overMs,
  }));
}

/** What {@linkcode measureFamilyStartup} measured. */
export interface FamilyStartup {
  /** `atomiton --version` and each package's import, per runtime (the peer cases left out). */
  readonly reports: StartupReport[];
  /** `@atomiton/platform` against `std-env`, per runtime, for the platform section. */
  readonly peers: BenchRecord[];
}

/** Measures the start-up cases on Deno and Node; the npm copy must be built. */
export async function measureFamilyStartup(runs = RUNS): Promise<FamilyStartup> {
  const reports: StartupReport[] = [];
  const peers: BenchRecord[] = [];
  for (const runtime of ["deno", "node"] as const) {
    const report = await measureStartup(
      {
        runtime,
        executable: runtime === "deno" ? Deno.execPath() : "node",
        cwd: runtime === "deno" ? root : npmRoot,
      },
      cases(runtime),
      { runs },
    );
    const peerNames: readonly string[] = PEERS.map((p) => p.name);
    reports.push({ ...report, timings: report.timings.filter((t) => !peerNames.includes(t.name)) });
    peers.push(...peerRecords(report));
  }
  return { reports, peers };
}

/** Prints one runtime's figures. */
export function printStartup(report: StartupReport, peers: readonly BenchRecord[]): void {
  console.log(
    `\n${report.runtime}: start-up over the baseline, median of ${report.runs} fresh processes ` +
      `(empty process ${report.baseline.processMs.toFixed(1)} ms, empty import ${
        report.baseline.importMs.toFixed(2)
      } ms; budget ${report.budgetMs} ms)`,
  );
  const floor = report.timings.find((t) => t.name === EMPTY_PACKAGE);
  for (const t of report.timings) {
    const figure = t.error !== undefined ? "failed" : `${t.overMs.toFixed(2)} ms`;
    const verdict = t.error ??
      { ok: "ok", warn: "over in the median only", fail: "OVER" }[t.status];
    const overFloor = floor && t.kind === "import" && t !== floor && t.error === undefined
      ? `; ${Math.max(0, t.medianMs - floor.medianMs).toFixed(2)} ms over an empty package`
      : "";
    console.log(`  ${figure.padStart(9)}  ${t.name.padEnd(32)} ${verdict}${overFloor}`);
  }
  const [ours, peer] = peers.filter((p) => p.runtime === report.runtime);
  if (ours && peer) {
    console.log(
      `  @atomiton/platform import + getPlatformInfo(): ${ours.ms!.toFixed(2)} ms; std-env: ${
        peer.ms!.toFixed(2)
      } ms; ours takes ${(1 / peer.ratio).toFixed(2)}x its time`,
    );
  }
}

if (import.meta.main) {
  await buildNpm();
  await esbuild.stop();
  console.log(`built the npm copy in ${relative(root, npmRoot)}/`);
  const { reports, peers } = await measureFamilyStartup();
  for (const report of reports) printStartup(report, peers);
}
