// The package layers, from the workspace's own imports: who imports which member, and npm packages.
import { join } from "node:path";
import { bareImports, sourceFiles } from "./build_npm.ts";
import { readMembers } from "./_workspace.ts";
import {
  arrowShape,
  type Box,
  boxShape,
  connect,
  labelWidth,
  svgDocument,
} from "./_architecture_svg.ts";

/** A member and what its non-test sources import: sibling members and npm packages. */
export interface PackageImports {
  readonly name: string;
  readonly members: readonly string[];
  readonly npm: readonly string[];
}

/** What each member imports, in workspace order, each list sorted. */
export function readPackageImports(): PackageImports[] {
  const members = readMembers();
  const names = new Set(members.map((member) => member.name));
  return members.map((member) => {
    const found = new Set<string>();
    for (const file of sourceFiles(member.dir)) {
      for (const name of bareImports(Deno.readTextFileSync(file))) found.add(name);
    }
    found.delete(member.name);
    const all = [...found].sort();
    return {
      name: member.name,
      members: all.filter((name) => names.has(name)),
      npm: all.filter((name) => !names.has(name) && !name.startsWith("@atomiton/")),
    };
  });
}

/** Each package's layer: 0 for one that imports no member, else one above its highest import. */
export function layers(packages: readonly PackageImports[]): Map<string, number> {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const depth = new Map<string, number>();
  const visit = (name: string, path: string[]): number => {
    if (path.includes(name)) {
      throw new Error(`import cycle: ${[...path.slice(path.indexOf(name)), name].join(" -> ")}`);
    }
    const known = depth.get(name);
    if (known !== undefined) return known;
    const imports = byName.get(name)?.members ?? [];
    const result = Math.max(-1, ...imports.map((dep) => visit(dep, [...path, name]))) + 1;
    depth.set(name, result);
    return result;
  };
  for (const { name } of packages) visit(name, []);
  return depth;
}

/** The imports not implied by another path: the edges the picture draws. */
export function directEdges(packages: readonly PackageImports[]): [string, string][] {
  const byName = new Map(packages.map((p) => [p.name, p.members]));
  const reaches = (from: string, to: string, skip: string): boolean => {
    const stack = (byName.get(from) ?? []).filter((dep) => !(from === skip && dep === to));
    const seen = new Set<string>();
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === to) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(byName.get(next) ?? []));
    }
    return false;
  };
  return packages.flatMap(({ name, members }) =>
    members.filter((dep) => !reaches(name, dep, name)).map((dep): [string, string] => [name, dep])
  );
}

/** The layer diagram: the top layer at the top, each import an arrow down to what it uses. */
export function renderLayersSvg(packages: readonly PackageImports[]): string {
  const depth = layers(packages);
  const top = Math.max(0, ...depth.values());
  const width = Math.max(
    ...packages.flatMap((p) => [labelWidth(p.name), labelWidth(p.npm.join(", "))]),
  );
  const rows = Array.from(
    { length: top + 1 },
    (_, layer) => packages.filter((p) => depth.get(p.name) === layer),
  );
  const perRow = Math.max(...rows.map((row) => row.length));
  const canvas = 40 + perRow * (width + 30);
  const boxes = new Map<string, Box>();
  rows.forEach((row, layer) => {
    const left = (canvas - row.length * (width + 30) + 30) / 2;
    row.forEach((p, i) => {
      boxes.set(p.name, {
        x: left + i * (width + 30),
        y: 20 + (top - layer) * 90,
        width,
        height: 50,
      });
    });
  });
  const body = [
    ...directEdges(packages).map(([from, to]) =>
      arrowShape(...connect(boxes.get(from)!, boxes.get(to)!))
    ),
    ...packages.map((p) =>
      boxShape(boxes.get(p.name)!, p.npm.length ? [p.name, p.npm.join(", ")] : [p.name])
    ),
  ];
  return svgDocument(
    canvas,
    20 + (top + 1) * 90,
    body,
    "Atomiton packages by layer and what each imports",
  );
}

/** The full import table, a row per package, top layer first. */
export function renderLayersTable(packages: readonly PackageImports[]): string {
  const depth = layers(packages);
  const rows = [...packages].sort((a, b) => depth.get(b.name)! - depth.get(a.name)!);
  return [
    "| layer | package | imports members | imports npm packages |",
    "|---:|---|---|---|",
    ...rows.map((p) =>
      `| ${depth.get(p.name)} | \`${p.name}\` | ${list(p.members)} | ${list(p.npm)} |`
    ),
  ].join("\n");
}

function list(names: readonly string[]): string {
  return names.length ? names.map((name) => `\`${name}\``).join(", ") : "nothing";
}

/** Where the layer picture is written, relative to the root. */
export const LAYERS_SVG = join("docs", "architecture", "layers.svg");
