// deno-lint-ignore-file no-console
/**
 * Writes the generated parts of `docs/architecture.md` and its pictures in
 * `docs/architecture/`: the package layers from the workspace's own imports, a blueprint
 * run, and the npm build's conditional exports from the build's own `npmExports()`. With
 * `--check` it writes nothing and fails when any of them is stale, naming the imports that
 * changed.
 *
 * Run: `deno task architecture` (write) or `deno task architecture --check`.
 *
 * @module
 */
import { join } from "node:path";
import { root } from "./_workspace.ts";
import {
  LAYERS_SVG,
  type PackageImports,
  readPackageImports,
  renderLayersSvg,
  renderLayersTable,
} from "./_architecture_layers.ts";
import { readNpmEntries, renderNpmSvg, renderNpmTable } from "./_architecture_npm.ts";
import { renderRunSvg } from "./_architecture_run.ts";

/** The page the generated sections go into, relative to the root. */
export const ARCHITECTURE_MD = join("docs", "architecture.md");

/** Replaces the text between `<!-- generated: name -->` and `<!-- end: name -->`. */
export function fillSection(page: string, name: string, text: string): string {
  const start = `<!-- generated: ${name} -->`;
  const end = `<!-- end: ${name} -->`;
  const from = page.indexOf(start);
  const to = page.indexOf(end);
  if (from < 0 || to < from) {
    throw new Error(`${ARCHITECTURE_MD} has no "${start}" ... "${end}" section`);
  }
  return `${page.slice(0, from + start.length)}\n${text}\n${page.slice(to)}`;
}

/** Every generated file (relative to the root) with the text it should hold. */
export function expectedFiles(
  page: string,
  packages: readonly PackageImports[],
): Map<string, string> {
  const entries = readNpmEntries();
  let filled = fillSection(page, "layers", renderLayersTable(packages));
  filled = fillSection(filled, "npm", renderNpmTable(entries));
  return new Map([
    [ARCHITECTURE_MD, filled],
    [LAYERS_SVG, renderLayersSvg(packages)],
    [join("docs", "architecture", "run.svg"), renderRunSvg()],
    [join("docs", "architecture", "npm.svg"), renderNpmSvg(entries)],
  ]);
}

/** What each package imports now and did not in the committed table, and the reverse. */
export function importChanges(page: string, packages: readonly PackageImports[]): string[] {
  const committed = new Map<string, Set<string>>();
  for (const [, name, imports] of page.matchAll(/^\| \d+ \| `([^`]+)` \| ([^|]*) \|/gm)) {
    committed.set(name!, new Set([...imports!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!)));
  }
  const lines: string[] = [];
  for (const { name, members } of packages) {
    const before = committed.get(name);
    if (!before) lines.push(`  new package: ${name}`);
    for (const dep of members) {
      if (before && !before.has(dep)) lines.push(`  ${name} now imports ${dep}`);
    }
    for (const dep of before ?? []) {
      if (!members.includes(dep)) lines.push(`  ${name} no longer imports ${dep}`);
    }
  }
  for (const name of committed.keys()) {
    if (!packages.some((p) => p.name === name)) lines.push(`  package gone: ${name}`);
  }
  return lines;
}

if (import.meta.main) {
  const page = await Deno.readTextFile(join(root, ARCHITECTURE_MD));
  const packages = readPackageImports();
  const expected = expectedFiles(page, packages);
  if (!Deno.args.includes("--check")) {
    await Deno.mkdir(join(root, "docs", "architecture"), { recursive: true });
    for (const [path, text] of expected) await Deno.writeTextFile(join(root, path), text);
    console.log(`wrote ${[...expected.keys()].join(", ")}`);
  } else {
    const stale: string[] = [];
    for (const [path, text] of expected) {
      if (await Deno.readTextFile(join(root, path)).catch(() => undefined) !== text) {
        stale.push(path);
      }
    }
    if (stale.length === 0) {
      console.log("the architecture page and pictures match the workspace");
    } else {
      const changes = importChanges(page, packages);
      console.log(`the architecture page or pictures are stale: ${stale.join(", ")}`);
      if (changes.length) console.log(changes.join("\n"));
      console.log("regenerate and commit them: deno task architecture");
      Deno.exit(1);
    }
  }
}
