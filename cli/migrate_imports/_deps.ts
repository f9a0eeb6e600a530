import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";

/** What to change in package.json or deno.json after a migration. */
export interface DependencyAdvice {
  /** The new packages the rewritten imports need and the manifests do not list yet. */
  readonly add: readonly string[];
  /** `npm install ...` for them, when a package.json was found (or no manifest at all). */
  readonly npm?: string;
  /** `deno add jsr:...` for them, when a deno.json was found (or no manifest at all). */
  readonly deno?: string;
  /** The manifests found, nearest first. */
  readonly manifests: readonly string[];
  /** Whether a manifest lists `@atomiton/core`. */
  readonly listsCore: boolean;
  /** Places that still name `@atomiton/core`: while there are some, keep it. */
  readonly coreLeft: number;
}

const CORE = "@atomiton/core";

interface Manifest {
  readonly path: string;
  readonly kind: "npm" | "deno";
  readonly names: ReadonlySet<string>;
}

/**
 * Which packages to add (those the rewritten imports need that the nearest
 * package.json or deno.json above `folder` does not list) and whether
 * `@atomiton/core` can go.
 *
 * @param folder Where the migrated sources are.
 * @param needed The new packages the rewritten imports need.
 * @param coreLeft How many places still name `@atomiton/core`.
 * @returns The advice.
 */
export async function dependencyAdvice(
  folder: string,
  needed: ReadonlySet<string>,
  coreLeft: number,
): Promise<DependencyAdvice> {
  const manifests = await findManifests(folder);
  const listed = new Set(manifests.flatMap((manifest) => [...manifest.names]));
  const add = [...needed].filter((name) => !listed.has(name)).sort();
  const none = manifests.length === 0;
  const npm = none || manifests.some((manifest) => manifest.kind === "npm");
  const deno = none || manifests.some((manifest) => manifest.kind === "deno");
  return {
    add,
    ...(add.length && npm ? { npm: `npm install ${add.join(" ")}` } : {}),
    ...(add.length && deno
      ? { deno: `deno add ${add.map((name) => `jsr:${name}`).join(" ")}` }
      : {}),
    manifests: manifests.map((manifest) => manifest.path),
    listsCore: listed.has(CORE),
    coreLeft,
  };
}

/** The nearest package.json and the nearest deno.json(c) at or above `folder`. */
async function findManifests(folder: string): Promise<Manifest[]> {
  const found: Manifest[] = [];
  const want = new Set<"npm" | "deno">(["npm", "deno"]);
  for (let dir = folder; want.size > 0; dir = dirname(dir)) {
    for (
      const [kind, file] of [["npm", "package.json"], ["deno", "deno.json"], [
        "deno",
        "deno.jsonc",
      ]] as const
    ) {
      if (!want.has(kind)) continue;
      const path = join(dir, file);
      const text = await readFile(path, "utf8").catch(() => undefined);
      if (text === undefined) continue;
      want.delete(kind);
      found.push({ path, kind, names: namesIn(kind, text) });
    }
    if (dirname(dir) === dir) break;
  }
  return found;
}

function namesIn(kind: "npm" | "deno", text: string): Set<string> {
  let json: Record<string, unknown>;
  try {
    // deno.jsonc may have comments: drop whole-line ones, the common case.
    json = JSON.parse(text.replace(/^\s*\/\/.*$/gm, "")) as Record<string, unknown>;
  } catch {
    return new Set();
  }
  const fields = kind === "npm"
    ? ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]
    : ["imports"];
  const names = new Set<string>();
  for (const field of fields) {
    const value = json[field];
    if (value && typeof value === "object") {
      for (const key of Object.keys(value)) names.add(key.replace(/\/$/, ""));
    }
  }
  return names;
}
