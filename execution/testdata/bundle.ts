// Bundles a test entry for Node.js or the browser with this workspace's packages
// taken from source, picking each entry's `_node` or `_browser` variant where
// there is one, as the npm package's conditional exports would.
import * as esbuild from "esbuild";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readMembers } from "../../scripts/_workspace.ts";

/** Bundles `entry` into `outfile` for `platform`. */
export async function bundle(
  entry: string,
  outfile: string,
  platform: "node" | "browser",
): Promise<void> {
  const members = readMembers();
  try {
    await esbuild.build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: "esm",
      platform,
      target: platform === "node" ? "node20" : "es2022",
      logLevel: "error",
      plugins: [{
        name: "workspace-from-source",
        setup(build): void {
          build.onResolve({ filter: /^[^./]/ }, (args) => {
            const member = members.find((m) =>
              args.path === m.name || args.path.startsWith(`${m.name}/`)
            );
            if (!member) return { path: args.path, external: true };
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
  } finally {
    await esbuild.stop();
  }
}
