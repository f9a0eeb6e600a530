// Bundles a test page or benchmark for a browser (or Node) with esbuild, taking
// this workspace's packages from source, as bench/run.ts does for Node.
import * as esbuild from "esbuild";
import { workspaceFromSource } from "../../scripts/_esbuild_workspace.ts";

/** Bundles `entry` into one ES module; `platform` picks the `_browser.ts` or `_node.ts` variants. */
export async function bundle(
  entry: string,
  platform: "browser" | "node" = "browser",
): Promise<string> {
  try {
    const result = await esbuild.build({
      entryPoints: [entry],
      bundle: true,
      format: "esm",
      platform,
      write: false,
      logLevel: "silent",
      plugins: [workspaceFromSource(platform, { external: false })],
    });
    return result.outputFiles[0]!.text;
  } finally {
    await esbuild.stop();
  }
}
