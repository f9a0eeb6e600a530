// deno-lint-ignore-file no-console
/**
 * Builds the npm copy of every workspace member into `npm/<member>/`: `.d.ts`
 * per source file (the TypeScript compiler from npm), one ESM `.js` per export
 * entry with shared code in `_chunks/` (esbuild with code splitting, so classes
 * keep one identity across entries), README, LICENSE and a package.json whose
 * `exports` choose runtime files by condition. The `.d.ts` files carry the docs;
 * the `.js` files carry code and a license header (no JSDoc, so no examples).
 * `npm/` holds the packages only; a copy that imports its siblings by name (as
 * after `npm install`) is written to {@linkcode npmRoot}.
 *
 * Why bundle the JavaScript: Node's ES module loader costs about half a
 * millisecond per file, and a package of a dozen files missed the roadmap's
 * 10 ms start-up budget on Node; one file per entry meets it.
 *
 * A member entry `x.ts` with siblings `x_deno.ts`, `x_browser.ts` or `x_node.ts`
 * gets the conditions `types`, `deno`, `browser`, `node`, `default`, in that order.
 *
 * Run: `deno task build:npm`.
 *
 * @module
 */
import * as esbuild from "esbuild";
import ts from "typescript";
import { cpSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { type Member, readMembers, readRootConfig, root } from "./_workspace.ts";
import { stripDocComments } from "./_strip_docs.ts";
import { unhideImports } from "./_esbuild_workspace.ts";
import { checkRange } from "./_npm_range.ts";

/** Where the npm packages are written, one folder per member: `npm/<member>/`, nothing else. */
export const npmOut: string = join(root, "npm");

/**
 * The built packages as `npm install` lays them out (`<npmRoot>/<member>/` in a
 * `node_modules/@atomiton/` folder under `.tmp/`), so that they import each other
 * by name: for the size budget, start-up benchmarks and tests that run the copy.
 */
export const npmRoot: string = join(root, ".tmp", "npm", "node_modules", "@atomiton");

/**
 * The versions of third-party packages the npm copies declare: the ranges the code
 * supports (the consumer tests install the lowest and the highest of each beside the
 * packages). The import map pins one version of each for development.
 */
export const NPM_RANGES: Readonly<Record<string, string>> = {
  // The hooks use useSyncExternalStore, in React since 18.0.
  react: "^18.0.0 || ^19.0.0",
  // `import { Redis } from "ioredis"` finds the named export on Node from 5.2.5 on.
  ioredis: "^5.2.5 || ^6.0.0",
  // The declarations use NoInfer in rest parameters (TypeScript 5.4.5 reads them; 5.4.4 does
  // not) and type-check on 7 too. migrate-imports needs the compiler API (5.4.5 to 6.x), which
  // TypeScript 7's package does not have: there it says so and names typescript@6.
  typescript: "^5.4.5 || ^6.0.0 || ^7.0.0",
  zustand: "^5.0.0",
  // The flow node library: YAML flow files, CSV/TSV, workbooks, images (sharp, an optional peer).
  yaml: "^2.6.0",
  papaparse: "^5.4.1",
  "@e965/xlsx": "^0.20.3",
  sharp: "^0.35.0",
};

const RUNTIME_CONDITIONS = ["deno", "browser", "node"] as const;

type Conditions = Record<string, string>;

/** Files of a member that belong in its package: sources, not tests or fixtures. */
export function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of Deno.readDirSync(folder)) {
      const path = join(folder, entry.name);
      if (entry.isDirectory) {
        if (entry.name !== "testdata" && entry.name !== "node_modules") walk(path);
      } else if (
        entry.name.endsWith(".ts") && !entry.name.endsWith("_test.ts") &&
        !entry.name.endsWith(".d.ts")
      ) {
        files.push(path);
      }
    }
  };
  walk(dir);
  return files.sort();
}

/**
 * The package.json `exports` for a member: one entry per deno.json export, with
 * runtime conditions where `<entry>_<runtime>.ts` files exist beside the entry.
 */
export function npmExports(
  exports: Readonly<Record<string, string>>,
  exists: (relativePath: string) => boolean,
): Record<string, Conditions | string> {
  const result: Record<string, Conditions | string> = {};
  for (const [key, file] of Object.entries(exports)) {
    const base = file.replace(/\.ts$/, "");
    const conditions: Conditions = { types: `${base}.d.ts` };
    for (const runtime of RUNTIME_CONDITIONS) {
      if (exists(`${base}_${runtime}.ts`)) conditions[runtime] = `${base}_${runtime}.js`;
    }
    conditions.default = `${base}.js`;
    result[key] = conditions;
  }
  result["./package.json"] = "./package.json";
  return result;
}

/**
 * The files a package is made of: its entry files and every file they import, relatively,
 * directly or not. A stray file in the folder (a scratch script, a fixture) is not shipped
 * and its imports are not dependencies.
 */
export function reachableFiles(
  entries: readonly string[],
  sources: readonly string[],
): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = Deno.readTextFileSync(file);
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (fileName.startsWith("./") || fileName.startsWith("../")) {
        visit(join(dirname(file), fileName));
      }
    }
    // `import(\`./${folder}/mod.ts\`)`: esbuild bundles every file the pattern matches.
    for (const [, pattern] of text.matchAll(/import\(\s*`(\.\.?\/[^`]*)`\s*\)/g)) {
      const parts = join(dirname(file), pattern!).split(/\$\{[^}]*\}/);
      const glob = new RegExp(`^${parts.map(escapeRegExp).join("[^/]*")}$`);
      for (const source of sources) if (glob.test(source)) visit(source);
    }
  };
  for (const entry of entries) visit(entry);
  return [...seen].sort();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The bare specifiers (packages) a source imports, without `node:` built-ins. */
export function bareImports(source: string): string[] {
  const found = new Set<string>();
  for (const { fileName } of ts.preProcessFile(source, true, true).importedFiles) {
    if (fileName.startsWith(".") || fileName.startsWith("node:")) continue;
    const parts = fileName.split("/");
    found.add(fileName.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!);
  }
  return [...found];
}

// tsc rewrites `.ts` specifiers in `.js` output but leaves them in declarations.
const TS_SPECIFIER = /((?:from\s+|import\(\s*)["'])(\.{1,2}\/[^"']+)\.ts(["'])/g;

/**
 * npm packages that only an optional entry needs (the Redis client for `/redis`,
 * React for `/react`, the TypeScript compiler for `atomiton migrate-imports`,
 * ~24 MB, sharp for the flows' image node, a native addon): optional peer dependencies, so a user who never imports
 * that entry never installs them.
 */
export const OPTIONAL_PEERS: ReadonlySet<string> = new Set([
  "ioredis",
  "react",
  "typescript",
  "sharp",
]);

/**
 * Executables by package: the npm `bin` field. An entry `./bin` must exist and
 * start with a `#!/usr/bin/env node` line (esbuild keeps it).
 */
export const BINS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "@atomiton/cli": { atomiton: "./bin.js" },
};

/**
 * npm packages an application installs for its users although it imports them
 * only through a sibling's optional entry: `npx @atomiton/cli … redis://…` must
 * work without a second install.
 */
export const APPLICATION_DEPENDENCIES: Readonly<Record<string, readonly string[]>> = {
  "@atomiton/cli": ["ioredis", "sharp"],
};

/** Splits dependencies into required ones and optional peers (see {@linkcode OPTIONAL_PEERS}). */
export function splitOptionalPeers(
  dependencies: Readonly<Record<string, string>>,
): Record<string, Record<string, unknown>> {
  const required: Record<string, string> = {};
  const peers: Record<string, string> = {};
  for (const [name, version] of Object.entries(dependencies)) {
    if (OPTIONAL_PEERS.has(name)) peers[name] = version;
    else required[name] = version;
  }
  if (Object.keys(peers).length === 0) return { dependencies: required };
  const meta = Object.fromEntries(Object.keys(peers).map((name) => [name, { optional: true }]));
  return { dependencies: required, peerDependencies: peers, peerDependenciesMeta: meta };
}

/**
 * Maps a member's imports to npm dependency versions: siblings by their version,
 * third-party packages by their range in `ranges`, which must hold the version the
 * import map pins.
 */
export function npmDependencies(
  member: Member,
  members: readonly Member[],
  importMap: Readonly<Record<string, string>>,
  imports: readonly string[],
  ranges: Readonly<Record<string, string>> = NPM_RANGES,
): Record<string, string> {
  const dependencies: Record<string, string> = {};
  for (const name of imports) {
    const sibling = members.find((candidate) => candidate.name === name);
    if (sibling) {
      if (sibling === member) continue;
      dependencies[name] = `^${sibling.version}`;
      continue;
    }
    const target = importMap[name];
    const npm = target?.match(/^npm:(@?[^@]+)@(.+)$/);
    if (!npm) {
      throw new Error(
        `${member.name} imports "${name}", which the root import map does not pin as an npm package`,
      );
    }
    const range = ranges[npm[1]!];
    if (range === undefined) {
      throw new Error(
        `${member.name} imports "${name}": add the versions it supports to NPM_RANGES in scripts/build_npm.ts`,
      );
    }
    checkRange(npm[1]!, npm[2]!, range);
    dependencies[npm[1]!] = range;
  }
  return Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)));
}

/** Writes a file whole (a temporary file renamed over it), so no reader sees half of it. */
function writeWhole(path: string, text: string): void {
  const temporary = `${path}.${Deno.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function emitDeclarations(member: Member, files: string[], outDir: string): void {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    declaration: true,
    emitDeclarationOnly: true,
    allowImportingTsExtensions: true,
    rewriteRelativeImportExtensions: true,
    // Deno has type-checked the sources; tsc only writes declarations.
    noCheck: true,
    noResolve: true,
    skipLibCheck: true,
    isolatedModules: true,
    removeComments: false,
    rootDir: member.dir,
    outDir,
    newLine: ts.NewLineKind.LineFeed,
  });
  const result = program.emit(undefined, (fileName, text) => {
    mkdirSync(dirname(fileName), { recursive: true });
    writeWhole(fileName, text.replace(TS_SPECIFIER, "$1$2.js$3"));
  });
  const errors = result.diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length > 0 || result.emitSkipped) {
    const text = ts.formatDiagnostics(errors, {
      getCanonicalFileName: (name) => name,
      getCurrentDirectory: () => root,
      getNewLine: () => "\n",
    });
    throw new Error(`TypeScript could not emit ${member.name}:\n${text}`);
  }
}

/**
 * Bundles each entry file (and its runtime variants) into one ESM file, sharing chunks;
 * writes them without their doc comments, under a license header.
 */
async function bundleEntries(member: Member, entries: string[], outDir: string): Promise<void> {
  // A plain comment, not a legal one (`/*!`): a minifier drops it, so a user's bundle and the
  // size budget do not carry one copy per chunk.
  const license =
    `// ${member.name} ${member.version} | SPDX-License-Identifier: ${member.license} | see LICENSE\n`;
  const { outputFiles } = await esbuild.build({
    entryPoints: entries,
    outbase: member.dir,
    outdir: outDir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    chunkNames: "_chunks/[name]-[hash]",
    logLevel: "warning",
    write: false,
    plugins: [{
      name: "packages-stay-imports",
      setup(build): void {
        // Other packages (siblings, npm, `node:`) are dependencies, not bundled.
        build.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
      },
    }, unhideImports()],
  });
  for (const file of outputFiles) {
    const code = stripDocComments(file.text);
    // A `#!` line stays first.
    const shebang = code.match(/^#!.*\n/)?.[0] ?? "";
    mkdirSync(dirname(file.path), { recursive: true });
    writeWhole(file.path, shebang + license + code.slice(shebang.length));
  }
}

/** Builds one member's npm copy into `<out>/<member>/` and returns that folder. */
export async function buildMember(
  member: Member,
  members: readonly Member[],
  importMap: Readonly<Record<string, string>> = readRootConfig().imports,
  out: string = npmOut,
): Promise<string> {
  const outDir = join(out, member.folder);
  rmSync(outDir, { recursive: true, force: true });
  const sources = sourceFiles(member.dir);
  const exists = (path: string): boolean => sources.includes(join(member.dir, path));
  const entries = Object.values(member.exports).flatMap((file) => {
    const base = file.replace(/\.ts$/, "");
    const variants = RUNTIME_CONDITIONS.map((runtime) => `${base}_${runtime}.ts`).filter(exists);
    return [file, ...variants].map((path) => join(member.dir, path));
  });
  const files = reachableFiles(entries, sources);
  emitDeclarations(member, files, outDir);
  await bundleEntries(member, entries, outDir);
  const imports = new Set(files.flatMap((file) => bareImports(Deno.readTextFileSync(file))));
  const split = splitOptionalPeers(npmDependencies(member, members, importMap, [...imports]));
  for (const name of APPLICATION_DEPENDENCIES[member.name] ?? []) {
    split.dependencies![name] = npmDependencies(member, members, importMap, [name])[name]!;
  }
  const manifest = {
    name: member.name,
    version: member.version,
    description: member.description,
    license: member.license,
    type: "module",
    sideEffects: false,
    // 20.16 added process.getBuiltinModule, through which platform counts CPUs without a
    // static node:os import (which would break browser bundles); older 20.x would see one CPU.
    engines: { node: ">=20.16" },
    exports: npmExports(member.exports, exists),
    ...(BINS[member.name] ? { bin: BINS[member.name] } : {}),
    ...split,
  };
  Deno.writeTextFileSync(join(outDir, "package.json"), JSON.stringify(manifest, null, 2) + "\n");
  Deno.copyFileSync(join(member.dir, "README.md"), join(outDir, "README.md"));
  Deno.copyFileSync(join(root, "LICENSE"), join(outDir, "LICENSE"));
  return outDir;
}

/**
 * Builds every member's npm copy into `out` (packages only) and returns the folders
 * written; copies them to `installed` too, laid out as `npm install` would, so that
 * they import each other by name there (a copy, not a link: Node and esbuild resolve
 * a link's imports from its target).
 */
export async function buildNpm(
  out: string = npmOut,
  installed: string = npmRoot,
): Promise<string[]> {
  const members = readMembers();
  const folders = [];
  const importMap = readRootConfig().imports;
  // Older builds linked the copies here; the output folder holds packages only.
  rmSync(join(out, "node_modules"), { recursive: true, force: true });
  for (const member of members) folders.push(await buildMember(member, members, importMap, out));
  rmSync(installed, { recursive: true, force: true });
  for (const member of members) {
    cpSync(join(out, member.folder), join(installed, member.folder), { recursive: true });
  }
  return folders;
}

if (import.meta.main) {
  try {
    for (const dir of await buildNpm()) {
      const files = [...Deno.readDirSync(dir)].length;
      console.log(`built ${relative(root, dir)} (${files} entries)`);
    }
  } finally {
    await esbuild.stop();
  }
}
