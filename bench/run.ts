/**
 * Runs side-by-side benchmarks (files that call `compare` from `_harness.ts`)
 * on Deno and on Node. For Node, esbuild bundles the file with this project's
 * packages taken from source (the `_node.ts` variant where there is one) and
 * peers left to Node's resolver.
 *
 * Run: `deno run -A bench/run.ts [bench/events_compare.ts ...] [--deno-only|--node-only]`
 * (no file: every `bench/*_compare.ts`; a `*_browser_compare.ts` runs once, from
 * Deno, and measures in Chromium).
 *
 * @module
 */
import * as esbuild from "esbuild";
import { basename, join } from "node:path";
import { root } from "../scripts/_workspace.ts";
import { workspaceFromSource } from "../scripts/_esbuild_workspace.ts";

/** Bundles a benchmark for Node; returns the path of the `.mjs` written. */
export async function bundleForNode(file: string): Promise<string> {
  const outDir = join(root, ".tmp", "bench");
  await Deno.mkdir(outDir, { recursive: true });
  const outfile = join(outDir, basename(file).replace(/\.ts$/, ".mjs"));
  await esbuild.build({
    entryPoints: [file],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "error",
    plugins: [workspaceFromSource("node")],
  });
  return outfile;
}

async function run(command: string, args: string[]): Promise<void> {
  const status = await new Deno.Command(command, {
    args,
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  })
    .spawn().status;
  if (!status.success) throw new Error(`${command} ${args.join(" ")} failed (${status.code})`);
}

if (import.meta.main) {
  const named = Deno.args.filter((arg) => !arg.startsWith("--"));
  // No file named: every side-by-side comparison in bench/.
  const files = named.length > 0 ? named : [...Deno.readDirSync(join(root, "bench"))]
    .map((entry) => entry.name)
    .filter((name) => name.endsWith("_compare.ts"))
    .sort()
    .map((name) => join(root, "bench", name));
  try {
    for (const file of files) {
      if (!Deno.args.includes("--node-only")) await run(Deno.execPath(), ["run", "-A", file]);
      // A `_browser_compare.ts` drives Chromium itself, from Deno.
      if (!Deno.args.includes("--deno-only") && !file.endsWith("_browser_compare.ts")) {
        await run("node", ["--expose-gc", await bundleForNode(file)]);
      }
    }
  } finally {
    await esbuild.stop();
  }
}
