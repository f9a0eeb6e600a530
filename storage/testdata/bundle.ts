// Bundles a test page or benchmark for a browser (or Node) with esbuild, taking
// this workspace's packages from source, as bench/run.ts does for Node.
import * as esbuild from "esbuild";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readMembers } from "../../scripts/_workspace.ts";

/** Bundles `entry` into one ES module; `platform` picks the `_browser.ts` or `_node.ts` variants. */
export async function bundle(
  entry: string,
  platform: "browser" | "node" = "browser",
): Promise<string> {
  const members = readMembers();
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: "esm",
      platform,
      write: false,
      logLevel: "silent",
      plugins: [{
        name: "workspace-from-source",
        setup(build): void {
          build.onResolve({ filter: /^@atomiton\// }, (args) => {
            const member = members.find((m) =>
              args.path === m.name || args.path.startsWith(`${m.name}/`)
            )!;
            const key = args.path === member.name
              ? "."
              : `./${args.path.slice(member.name.length + 1)}`;
            const path = join(member.dir, member.exports[key]!);
            const variant = path.replace(/\.ts$/, `_${platform}.ts`);
            return { path: existsSync(variant) ? variant : path };
          });
        },
      }],
    });
    return result.outputFiles[0]!.text;
  } finally {
    await esbuild.stop();
  }
}
