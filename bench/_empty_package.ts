// The loader's floor for start-up and memory: a package of one empty module, imported where the
// runtime's imports look (the npm copy's node_modules on Node, a file on Deno).
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { npmRoot } from "../scripts/build_npm.ts";
import { root } from "../scripts/_workspace.ts";

/** Writes the empty package for the runtime; returns the specifier that imports it. */
export function emptyPackage(runtime: "deno" | "node"): string {
  const dir = runtime === "node"
    ? join(npmRoot, "..", "atomiton-bench-empty")
    : join(root, ".tmp", "atomiton-bench-empty");
  Deno.mkdirSync(dir, { recursive: true });
  Deno.writeTextFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: "atomiton-bench-empty", type: "module", exports: "./mod.js" }),
  );
  Deno.writeTextFileSync(join(dir, "mod.js"), "export default 1;\n");
  return runtime === "node" ? "atomiton-bench-empty" : pathToFileURL(join(dir, "mod.js")).href;
}
