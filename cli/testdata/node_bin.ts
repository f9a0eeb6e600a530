/**
 * The CLI bundled for Node.js from source, as the npm copy loads it: commands
 * stay lazy chunks, and Redis and TypeScript (not bundled) stay out unless a
 * command needs them.
 *
 * @module
 */
import { join } from "node:path";
import * as esbuild from "esbuild";
import { workspaceFromSource } from "../../scripts/_esbuild_workspace.ts";

/** Bundles cli/bin.ts into `dir`/bin and returns the path of the script to give `node`. */
export async function buildNodeBin(dir: string): Promise<string> {
  await esbuild.build({
    entryPoints: { atomiton: new URL("../bin.ts", import.meta.url).pathname },
    outdir: join(dir, "bin"),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "error",
    external: ["ioredis", "typescript"],
    plugins: [workspaceFromSource("node", { external: false })],
  }).finally(() => esbuild.stop());
  return join(dir, "bin", "atomiton.js");
}

/** What `node <bin> <args>` printed and exited with (no colours). */
export async function runNodeBin(
  bin: string,
  args: readonly string[],
  cwd: string,
): Promise<{ code: number; out: string; err: string }> {
  const output = await new Deno.Command("node", {
    args: [bin, ...args],
    cwd,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);
  return { code: output.code, out: decode(output.stdout), err: decode(output.stderr) };
}
