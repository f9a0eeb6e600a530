/**
 * The CLI bundled for Node.js from source, as the npm copy loads it: commands
 * stay lazy chunks, and Redis and TypeScript (not bundled) stay out unless a
 * command needs them.
 *
 * @module
 */
import { join } from "node:path";
import { bundleEntry, runOnNode } from "../../scripts/testing/bundle.ts";

/** Bundles cli/bin.ts into `dir`/bin and returns the path of the script to give `node`. */
export function buildNodeBin(dir: string): Promise<string> {
  return bundleEntry(new URL("../bin.ts", import.meta.url).pathname, {
    platform: "node",
    outdir: join(dir, "bin"),
    entryName: "atomiton",
    splitting: true,
    external: ["ioredis", "typescript"],
  });
}

/** What `node <bin> <args>` printed and exited with (no colours). */
export async function runNodeBin(
  bin: string,
  args: readonly string[],
  cwd: string,
): Promise<{ code: number; out: string; err: string }> {
  const { code, stdout, stderr } = await runOnNode(bin, args, { cwd, env: { NO_COLOR: "1" } });
  return { code, out: stdout, err: stderr };
}
