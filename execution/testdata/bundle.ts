// Bundles a test entry for Node.js or the browser with this workspace's packages
// taken from source, picking each entry's `_node` or `_browser` variant where
// there is one, as the npm package's conditional exports would.
import * as esbuild from "esbuild";
import { workspaceFromSource } from "../../scripts/_esbuild_workspace.ts";

/** Bundles `entry` into `outfile` for `platform`. */
export async function bundle(
  entry: string,
  outfile: string,
  platform: "node" | "browser",
): Promise<void> {
  try {
    await esbuild.build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      format: "esm",
      platform,
      target: platform === "node" ? "node20" : "es2022",
      logLevel: "error",
      plugins: [workspaceFromSource(platform, { external: true })],
    });
  } finally {
    await esbuild.stop();
  }
}
