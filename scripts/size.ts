// deno-lint-ignore-file no-console
/**
 * The size budget: bundles every export of every member's npm copy for the
 * browser (server-only entries as Node loads them), minified, gzips it, prints a table and fails when one is over budget
 * or pulls a `node:` module. Third-party npm packages (zustand, the Redis client)
 * are not counted; sibling `@atomiton/*` packages are, since a user downloads them.
 *
 * Run: `deno task size` (add `--update-readme` to rewrite the README's table and
 * `cli/_doctor_sizes.ts`, which `atomiton doctor` reports; `--update-sizes` writes only the latter).
 *
 * @module
 */
import * as esbuild from "esbuild";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildNpm, npmRoot } from "./build_npm.ts";
import { readMembers, root } from "./_workspace.ts";

const KB = 1024;

/** Budgets in gzip bytes by package entry; every other entry gets {@linkcode DEFAULT_BUDGET}. */
export const BUDGETS: Readonly<Record<string, number>> = {
  "@atomiton/platform": 2 * KB,
  "@atomiton/platform/metrics": 2 * KB,
  "@atomiton/resilience": 2.5 * KB,
  "@atomiton/di": 2.5 * KB,
  "@atomiton/events": 2 * KB,
  // Issue 5 asked for 3 KB per entry. Main, fs and redis miss it (the wrappers, Histogram and
  // resilience policies they reuse); held at their current size so they cannot grow unseen.
  "@atomiton/storage": 4.5 * KB,
  "@atomiton/storage/fs": 4.75 * KB,
  "@atomiton/storage/indexeddb": 3 * KB,
  "@atomiton/storage/redis": 4.75 * KB,
  "@atomiton/storage/auto": 3 * KB,
  // Issue 6 asked for 4 KB; the CircuitBreaker (1.5 KB) and Histogram (0.9 KB) it reuses,
  // and the worker bootstrap that ships as source (1.2 KB), leave no room: see execution/README.md.
  "@atomiton/execution": 6.5 * KB,
  // Server-only; the worker side includes the whole WorkerPool.
  "@atomiton/execution/redis": 12 * KB,
  "@atomiton/execution/redis-worker": 12 * KB,
  // Issue 7's contract puts all eight names in the main entry; its 3 KB goal fits the three
  // core stores (which is what a tree-shaking bundler keeps when only they are imported).
  "@atomiton/store": 6.75 * KB,
  "@atomiton/store/ui": 1.5 * KB,
  "@atomiton/store/persist": 2 * KB,
  "@atomiton/store/sync": 1.5 * KB,
  "@atomiton/store/events": 1 * KB,
  "@atomiton/store/history": 1 * KB,
  "@atomiton/store/react": 1 * KB,
  // A server-only command: seven commands and the family packages they drive (its own code is
  // ~43 KB); each command loads on demand, so start-up, not size, is its budget (bench/startup.ts).
  "@atomiton/cli": 75 * KB,
};

/**
 * Entries that only run on a server runtime (files, processes, sockets): they
 * are measured as Node loads them (their `node` condition), their `node:`
 * imports are allowed, and they stay out of browser bundles.
 */
export const SERVER_ONLY: ReadonlySet<string> = new Set([
  "@atomiton/events/redis",
  "@atomiton/storage/fs",
  "@atomiton/storage/redis",
  "@atomiton/execution/process",
  "@atomiton/execution/redis",
  "@atomiton/execution/redis-worker",
  "@atomiton/cli",
]);

/** Entries that are a `bin` script importing the package's main entry: nothing of their own to measure. */
export const EXECUTABLES: ReadonlySet<string> = new Set(["@atomiton/cli/bin"]);

/** The roadmap's budget per package. */
export const DEFAULT_BUDGET: number = 5 * KB;

/** Peers measured the same way, for the README's comparison. */
export const PEERS: readonly string[] = ["std-env"];

/** One measured entry. */
export interface SizeRow {
  readonly entry: string;
  readonly minified: number;
  readonly gzip: number;
  readonly budget: number | undefined;
  readonly nodeModules: readonly string[];
}

/**
 * Bundles one import specifier from a folder, minified, and returns its sizes:
 * as a browser gets it, or, for a server-only entry, as Node gets it (its
 * `node` condition; a browser never loads it).
 */
export async function measure(
  specifier: string,
  resolveDir: string,
  platform: "browser" | "node" = "browser",
): Promise<SizeRow> {
  const result = await esbuild.build({
    stdin: { contents: `export * from ${JSON.stringify(specifier)};`, resolveDir },
    bundle: true,
    minify: true,
    format: "esm",
    platform,
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [{
      name: "third-party-external",
      setup(build): void {
        // Only this project's packages count toward its budget.
        build.onResolve({ filter: /^[^./]/ }, (args) => {
          const isOwn = args.path.startsWith("@atomiton/") || args.path === specifier;
          return isOwn ? undefined : { path: args.path, external: true };
        });
      },
    }],
  });
  const code = result.outputFiles[0]!.contents;
  const nodeModules = Object.values(result.metafile.outputs).flatMap((output) =>
    output.imports.filter((i) => i.path.startsWith("node:")).map((i) => i.path)
  );
  return {
    entry: specifier,
    minified: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
    budget: undefined,
    nodeModules,
  };
}

/** Measures every export of every member, from a fresh npm build. */
export async function measureMembers(): Promise<SizeRow[]> {
  await buildNpm();
  const members = readMembers();
  const rows: SizeRow[] = [];
  for (const member of members) {
    for (const key of Object.keys(member.exports)) {
      const entry = key === "." ? member.name : `${member.name}/${key.slice(2)}`;
      if (EXECUTABLES.has(entry)) continue;
      const serverOnly = SERVER_ONLY.has(entry);
      const row = await measure(entry, npmRoot, serverOnly ? "node" : "browser");
      const nodeModules = serverOnly ? [] : row.nodeModules;
      rows.push({ ...row, nodeModules, budget: BUDGETS[entry] ?? DEFAULT_BUDGET });
    }
  }
  return rows;
}

/** Formats rows as a Markdown table. */
export function formatTable(rows: readonly SizeRow[]): string {
  const lines = [
    "| package | minified | gzip | budget (gzip) | |",
    "|---|---:|---:|---:|---|",
  ];
  for (const row of rows) {
    const ok = row.budget === undefined || (row.gzip <= row.budget && row.nodeModules.length === 0);
    const budget = row.budget === undefined ? "peer" : `${row.budget} B`;
    lines.push(
      `| \`${row.entry}\` | ${row.minified} B | ${row.gzip} B | ${budget} | ${
        ok ? "ok" : "OVER"
      } |`,
    );
  }
  return lines.join("\n");
}

/** Rewrites the table between the size markers of the README. */
export function updateReadme(table: string): void {
  const path = join(root, "README.md");
  const readme = Deno.readTextFileSync(path);
  const updated = readme.replace(
    /(<!-- sizes:start -->\n)[\s\S]*?(\n<!-- sizes:end -->)/,
    `$1${table}$2`,
  );
  Deno.writeTextFileSync(path, updated);
  // deno fmt aligns Markdown tables; keep `deno fmt --check` clean.
  new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", path] }).outputSync();
}

/** The module `atomiton doctor` reads its size figures from (see {@linkcode sizesModule}). */
export const SIZES_MODULE: string = join(root, "cli", "_doctor_sizes.ts");

/**
 * The source of `cli/_doctor_sizes.ts`: the measured members' entries with
 * their budgets, when, and for which CLI version, so that an installed CLI
 * reports the budgets without a bundler.
 */
export function sizesModule(rows: readonly SizeRow[], measuredAt: Date, version: string): string {
  const entries = rows
    .filter((row) => row.budget !== undefined)
    .map((row) =>
      `    { entry: ${JSON.stringify(row.entry)}, gzip: ${row.gzip}, budget: ${row.budget} },`
    );
  // The module's types and comments stay as written there; only the data is replaced.
  const template = Deno.readTextFileSync(SIZES_MODULE);
  const at = template.indexOf("export const MEASURED_SIZES");
  if (at < 0) throw new Error(`${SIZES_MODULE} has no "export const MEASURED_SIZES"`);
  const head = template.slice(0, at);
  return `${head}export const MEASURED_SIZES: MeasuredSizes = {
  measuredAt: ${JSON.stringify(measuredAt.toISOString())},
  version: ${JSON.stringify(version)},
  entries: [
${entries.join("\n")}
  ],
};
`;
}

/** Rewrites `cli/_doctor_sizes.ts` with freshly measured rows. */
export function updateSizesModule(rows: readonly SizeRow[]): void {
  const cli = readMembers().find((member) => member.folder === "cli");
  Deno.writeTextFileSync(SIZES_MODULE, sizesModule(rows, new Date(), cli?.version ?? "0.0.0"));
  new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", SIZES_MODULE] }).outputSync();
}

if (import.meta.main) {
  try {
    const rows = await measureMembers();
    const peers = await Promise.all(PEERS.map((peer) => measure(peer, root)));
    const table = formatTable([...rows, ...peers]);
    console.log(table);
    if (Deno.args.includes("--update-readme")) updateReadme(table);
    if (Deno.args.includes("--update-readme") || Deno.args.includes("--update-sizes")) {
      updateSizesModule(rows);
    }
    const failures = rows.filter((row) => row.gzip > row.budget! || row.nodeModules.length > 0);
    for (const row of failures) {
      console.error(
        row.nodeModules.length > 0
          ? `${row.entry}: the browser bundle imports ${row.nodeModules.join(", ")}`
          : `${row.entry}: ${row.gzip} B gzip is over its budget of ${row.budget} B`,
      );
    }
    if (failures.length > 0) Deno.exitCode = 1;
  } finally {
    await esbuild.stop();
  }
}
