// The npm copy installed as users get it: every member built and packed once, then installed
// into scratch projects ("cells") beside the lowest or the highest versions of the optional
// peers' declared ranges (scripts/build_npm.ts, NPM_RANGES). Shared by the consumer tests.
import { join } from "node:path";
import { buildNpm, NPM_RANGES } from "./build_npm.ts";
import { capture, root } from "./_workspace.ts";

/** Which end of every declared range a cell installs. */
export type Cell = "lowest" | "highest";

/** Packages installed beside the peers: Node's types, for the Node-only declaration check. */
const EXTRA = ["@types/node@^20.0.0"];

/**
 * The npm specifiers a cell installs for the optional peers and zustand: the lowest
 * version of each declared range (the lower bound of its first alternative, exactly) or
 * the highest (npm picks it from the range). react-dom goes with react.
 *
 * @param cell Which end of each range.
 * @param ranges The declared ranges.
 * @returns Specifiers for `npm install`.
 */
export function peerSpecs(
  cell: Cell,
  ranges: Readonly<Record<string, string>> = NPM_RANGES,
): string[] {
  const specs: string[] = [];
  for (const [name, range] of Object.entries(ranges)) {
    const spec = cell === "lowest" ? lowestOf(range) : range;
    specs.push(`${name}@${spec}`);
    if (name === "react") specs.push(`react-dom@${spec}`);
  }
  return specs;
}

/** The lowest version a range of caret alternatives holds: `^18.0.0 || ^19.0.0` gives 18.0.0. */
export function lowestOf(range: string): string {
  return range.split("||")[0]!.trim().replace(/^\^/, "");
}

/** The packed npm copy: where it was built and its tarballs. */
export interface Packed {
  /** The build's output folder (what `deno task build:npm` writes to `npm/`). */
  readonly out: string;
  readonly files: string[];
}

let tarballs: Promise<Packed> | undefined;

/**
 * Builds every member once, into a folder of its own (another build of `npm/` running at the
 * same time cannot change it under the tests), and packs it; returns the tarballs.
 */
export function packedTarballs(): Promise<Packed> {
  tarballs ??= (async () => {
    const dir = await Deno.makeTempDir({ prefix: "atomiton-tarballs-" });
    const out = join(dir, "npm");
    const files = [];
    for (const folder of await buildNpm(out, join(dir, "installed"))) {
      const packed = await capture("npm", ["pack", "--silent", "--pack-destination", dir], folder);
      files.push(join(dir, packed.trim().split("\n").pop()!));
    }
    return { out, files };
  })();
  return tarballs;
}

const cells = new Map<Cell, Promise<string>>();

/**
 * A scratch project (outside the workspace) with every tarball and a cell's peers installed
 * by a plain `npm install` (no --force, no --legacy-peer-deps: a peer conflict fails it),
 * and the smoke scripts of `scripts/consumer/` copied in. One install per cell per process.
 *
 * @param cell Which end of each declared range.
 * @returns The project's folder.
 */
export function consumerProject(cell: Cell): Promise<string> {
  let project = cells.get(cell);
  if (project) return project;
  project = (async () => {
    const { files } = await packedTarballs();
    const dir = await Deno.makeTempDir({ prefix: `atomiton-consumer-${cell}-` });
    await Deno.writeTextFile(
      join(dir, "package.json"),
      JSON.stringify({ name: `consumer-${cell}`, private: true, type: "module" }),
    );
    await capture("npm", [
      "install",
      "--no-audit",
      "--no-fund",
      "--no-package-lock",
      "--loglevel=error",
      ...files,
      ...peerSpecs(cell),
      ...EXTRA,
    ], dir);
    for (const entry of Deno.readDirSync(join(root, "scripts", "consumer"))) {
      await Deno.copyFile(join(root, "scripts", "consumer", entry.name), join(dir, entry.name));
    }
    return dir;
  })();
  cells.set(cell, project);
  return project;
}

/** The version of a package installed in a project. */
export async function installedVersion(dir: string, name: string): Promise<string> {
  const manifest = await Deno.readTextFile(join(dir, "node_modules", name, "package.json"));
  return JSON.parse(manifest).version;
}
