// deno-lint-ignore-file no-console
/**
 * The size budget: bundles every export of every member's npm copy for the
 * browser (server-only entries as Node loads them), minified and split into chunks,
 * gzips it, prints a table and fails when one is over budget or pulls a `node:` module.
 * Third-party npm packages (zustand, the Redis client) are not counted; sibling
 * `@atomiton/*` packages are, since a user downloads them.
 *
 * The budget counts what an import loads: the entry's output and every chunk it reaches
 * through static imports, as a web app's bundler with code splitting (esbuild's `splitting`)
 * delivers them. A part the entry loads with a dynamic `import()` is a chunk of its own,
 * fetched on first use: shown beside the figure ("on first use"), not held to the budget,
 * since lazy loading is a legitimate way to keep an import small. Each chunk is gzipped on
 * its own (level 9) and the figures summed, since a browser fetches each as its own
 * response; an entry with no dynamic import is one output, measured as a whole. `node:`
 * imports are refused in every output of a browser bundle, eager or lazy.
 *
 * Budgets come from `cli/_size_budgets.ts`, the one list `atomiton doctor` reports too.
 *
 * Run: `deno task size` (add `--update-readme` to rewrite the generated tables, the root
 * README's and each package README's between `<!-- sizes:start -->` markers, and
 * `cli/_doctor_sizes.ts`, which `atomiton doctor` reports; `--update-sizes` writes only the
 * latter; `--check` also fails when one of them is stale, see `_size_table.ts`).
 *
 * @module
 */
import * as esbuild from "esbuild";
import { join, relative } from "node:path";
import { gzipSync } from "node:zlib";
import { buildNpm, npmRoot } from "./build_npm.ts";
import { readMembers, root } from "./_workspace.ts";
import { budgetOf } from "../cli/_size_budgets.ts";
import { lazyCell, parseSizeTable, type SizeRow, staleRows, withinBudget } from "./_size_table.ts";

// One list of budgets, which `atomiton doctor` reports too.
export { BUDGETS, DEFAULT_BUDGET } from "../cli/_size_budgets.ts";

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
  "@atomiton/conductor/redis",
  "@atomiton/cli",
]);

/** Entries that are a `bin` script importing the package's main entry: nothing of their own to measure. */
export const EXECUTABLES: ReadonlySet<string> = new Set(["@atomiton/cli/bin"]);

/** Peers measured the same way, for the README's comparison. */
export const PEERS: readonly string[] = ["std-env"];

export type { SizeRow } from "./_size_table.ts";

/**
 * Bundles one import specifier from a folder, minified and split into chunks as a web
 * app's bundler delivers it, and returns its sizes: as a browser gets it, or, for a
 * server-only entry, as Node gets it (its `node` condition; a browser never loads it).
 * `minified` and `gzip` count what the import loads (see the module doc), `lazyGzip`
 * what its dynamic `import()`s load on first use.
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
    splitting: true,
    // Never written (write: false): only names the outputs, relative to absWorkingDir.
    outdir: "size-out",
    absWorkingDir: resolveDir,
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
  const outputs = result.metafile.outputs;
  const eager = eagerOutputs(outputs);
  const sizes = { eager: { minified: 0, gzip: 0 }, lazy: { minified: 0, gzip: 0 } };
  for (const file of result.outputFiles) {
    const name = relative(resolveDir, file.path).replaceAll("\\", "/");
    if (!Object.hasOwn(outputs, name)) {
      throw new Error(`esbuild wrote ${name}, not in its metafile`);
    }
    // Each chunk is its own response, compressed on its own.
    const part = eager.has(name) ? sizes.eager : sizes.lazy;
    part.minified += file.contents.byteLength;
    part.gzip += gzipSync(file.contents, { level: 9 }).byteLength;
  }
  // Refused wherever they are, eager or lazy: a browser cannot load either.
  const nodeModules = Object.values(outputs).flatMap((output) =>
    output.imports.filter((i) => i.path.startsWith("node:")).map((i) => i.path)
  );
  return {
    entry: specifier,
    minified: sizes.eager.minified,
    gzip: sizes.eager.gzip,
    lazyGzip: sizes.lazy.gzip,
    budget: undefined,
    nodeModules: [...new Set(nodeModules)],
  };
}

/**
 * The outputs an import of the entry loads before it runs: the entry's own output and every
 * chunk it reaches through static imports. What only a dynamic `import()` reaches is left out.
 */
function eagerOutputs(outputs: esbuild.Metafile["outputs"]): Set<string> {
  const entries = Object.keys(outputs).filter((name) => outputs[name]!.entryPoint === "<stdin>");
  if (entries.length !== 1) throw new Error(`expected one entry output, found ${entries.length}`);
  const eager = new Set(entries);
  for (const name of eager) {
    for (const { path, kind } of outputs[name]!.imports) {
      // Externals (npm packages, `node:`) are not outputs; only a chunk is counted.
      if (kind !== "dynamic-import" && Object.hasOwn(outputs, path)) eager.add(path);
    }
  }
  return eager;
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
      rows.push({ ...row, nodeModules, budget: budgetOf(entry) });
    }
  }
  return rows;
}

/** Formats rows as a Markdown table. */
export function formatTable(rows: readonly SizeRow[]): string {
  const lines = [
    "| package | minified | gzip | on first use (gzip) | budget (gzip) | |",
    "|---|---:|---:|---:|---:|---|",
  ];
  for (const row of rows) {
    const ok = withinBudget(row);
    const budget = row.budget === undefined ? "peer" : `${row.budget} B`;
    lines.push(
      `| \`${row.entry}\` | ${row.minified} B | ${row.gzip} B | ${
        lazyCell(row.lazyGzip)
      } | ${budget} | ${ok ? "ok" : "OVER"} |`,
    );
  }
  return lines.join("\n");
}

const MARKERS = /(<!-- sizes:start -->)[\s\S]*?(<!-- sizes:end -->)/;

/**
 * The READMEs that hold a generated size table and the rows each holds: the root README
 * every entry and the peers; a member's README (when it has the size markers) its own
 * entries, under a link to the root table.
 */
export function sizeTables(rows: readonly SizeRow[]): Map<string, SizeRow[]> {
  const tables = new Map<string, SizeRow[]>([[join(root, "README.md"), [...rows]]]);
  for (const member of readMembers()) {
    const path = join(member.dir, "README.md");
    if (!MARKERS.test(Deno.readTextFileSync(path))) continue;
    const own = (row: SizeRow): boolean =>
      row.entry === member.name || row.entry.startsWith(`${member.name}/`);
    tables.set(path, rows.filter(own));
  }
  return tables;
}

/** Rewrites the table between the size markers of every README that has them. */
export function updateReadmes(rows: readonly SizeRow[]): void {
  for (const [path, own] of sizeTables(rows)) {
    const readme = Deno.readTextFileSync(path);
    Deno.writeTextFileSync(path, readme.replace(MARKERS, `$1\n\n${formatTable(own)}\n\n$2`));
    // deno fmt aligns Markdown tables; keep `deno fmt --check` clean.
    new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", path] }).outputSync();
  }
}

/**
 * What is stale in the committed tables (every README's and the figures `atomiton doctor`
 * reports) against a fresh measurement; see {@linkcode staleRows} for what counts.
 */
export async function staleTables(rows: readonly SizeRow[]): Promise<string[]> {
  const problems: string[] = [];
  for (const [path, own] of sizeTables(rows)) {
    const table = Deno.readTextFileSync(path).match(MARKERS)?.[0] ?? "";
    const where = path.slice(root.length + 1);
    problems.push(...staleRows(parseSizeTable(table), own).map((p) => `${where}: ${p}`));
  }
  const { MEASURED_SIZES } = await import("../cli/_doctor_sizes.ts");
  const doctor = MEASURED_SIZES.entries.map(({ entry, gzip }) => ({ entry, gzip }));
  const measured = rows.filter((row) => row.budget !== undefined);
  problems.push(...staleRows(doctor, measured).map((p) => `cli/_doctor_sizes.ts: ${p}`));
  return problems;
}

/** The module `atomiton doctor` reads its size figures from (see {@linkcode sizesModule}). */
export const SIZES_MODULE: string = join(root, "cli", "_doctor_sizes.ts");

/**
 * The source of `cli/_doctor_sizes.ts`: the measured members' entries (their
 * budgets are in `cli/_size_budgets.ts`), when, and for which CLI version, so that
 * an installed CLI reports the sizes without a bundler.
 */
export function sizesModule(rows: readonly SizeRow[], measuredAt: Date, version: string): string {
  const entries = rows
    .filter((row) => row.budget !== undefined)
    .map((row) => `    { entry: ${JSON.stringify(row.entry)}, gzip: ${row.gzip} },`);
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
    if (Deno.args.includes("--update-readme")) updateReadmes([...rows, ...peers]);
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
    if (Deno.args.includes("--check")) {
      const stale = await staleTables([...rows, ...peers]);
      for (const problem of stale) console.error(`stale size table: ${problem}`);
      if (stale.length > 0) {
        console.error("Run `deno task size --update-readme` and commit the tables.");
        Deno.exitCode = 1;
      }
    }
  } finally {
    await esbuild.stop();
  }
}
