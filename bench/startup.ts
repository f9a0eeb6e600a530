// deno-lint-ignore-file no-console
/**
 * Start-up cost: importing a package and first use, in fresh Deno and Node processes,
 * against the peer a user would pick instead. The roadmap's budget is 10 ms.
 *
 * Run: `deno task bench` (or `deno run -A bench/startup.ts`).
 *
 * @module
 */

import * as esbuild from "esbuild";
import { buildNpm } from "../scripts/build_npm.ts";

interface Case {
  readonly name: string;
  readonly code: string;
}

const CASES: readonly Case[] = [
  {
    name: "baseline: import of an empty module",
    code: `await import("data:text/javascript,export default 1");`,
  },
  {
    name: "@atomiton/platform: import + getPlatformInfo()",
    code:
      `const { getPlatformInfo } = await import("@atomiton/platform"); const i = getPlatformInfo(); i.capabilities.fileSystem;`,
  },
  {
    name: "std-env: import + runtime, isCI, platform",
    code: `const e = await import("std-env"); e.runtime; e.isCI; e.platform;`,
  },
];

const RUNS = 15;

const npmDir = new URL("../npm/", import.meta.url).pathname;

async function timeOnce(runtime: "deno" | "node", code: string): Promise<number> {
  const script =
    `const t = performance.now(); ${code} console.log(JSON.stringify(performance.now() - t));`;
  // Node runs from the npm build, which resolves @atomiton/* there and std-env from the root.
  const { code: exit, stdout, stderr } = await new Deno.Command(
    runtime === "deno" ? Deno.execPath() : "node",
    {
      args: runtime === "deno"
        ? ["eval", "--no-check", script]
        : ["--input-type=module", "-e", script],
      cwd: runtime === "deno" ? Deno.cwd() : npmDir,
      stdout: "piped",
      stderr: "piped",
    },
  ).output();
  if (exit !== 0) throw new Error(new TextDecoder().decode(stderr));
  return JSON.parse(new TextDecoder().decode(stdout));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

await buildNpm();
await esbuild.stop();
for (const runtime of ["deno", "node"] as const) {
  const results: Array<{ name: string; ms: number }> = [];
  for (const { name, code } of CASES) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await timeOnce(runtime, code));
    results.push({ name, ms: median(times) });
  }
  const [base, ours, peer] = results;
  console.log(`${runtime}: start-up, median of ${RUNS} fresh processes (import and first use)`);
  for (const { name, ms } of results) console.log(`  ${ms.toFixed(2).padStart(7)} ms  ${name}`);
  const ratio = (ours!.ms / peer!.ms).toFixed(2);
  const above = (ours!.ms - base!.ms).toFixed(2);
  console.log(
    `  ratio: @atomiton/platform takes ${ratio}x std-env's time (${above} ms above baseline)`,
  );
}
