/**
 * An esbuild plugin that takes this project's packages from source, the way a
 * runtime's conditional exports would pick them (the `_node.ts` or
 * `_browser.ts` variant where there is one), and leaves other packages to
 * the runtime's resolver or, for the browser, bundles them from node_modules.
 *
 * @module
 */
import type { Plugin } from "esbuild";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { readMembers } from "./_workspace.ts";

/**
 * Resolves `@atomiton/*` specifiers to workspace sources for `runtime`. Other
 * packages are left external (for the runtime's resolver) or bundled from
 * node_modules; by default external for Node and bundled for the browser.
 */
export function workspaceFromSource(
  runtime: "node" | "browser",
  options: { external?: boolean } = {},
): Plugin {
  const external = options.external ?? runtime === "node";
  const members = readMembers();
  return {
    name: "workspace-from-source",
    setup(build): void {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        const member = members.find((m) =>
          args.path === m.name || args.path.startsWith(`${m.name}/`)
        );
        if (!member) return external ? { path: args.path, external: true } : undefined;
        const key = args.path === member.name
          ? "."
          : `./${args.path.slice(member.name.length + 1)}`;
        const target = member.exports[key];
        if (!target) {
          return { errors: [{ text: `${args.path} is not an export of ${member.name}` }] };
        }
        const path = join(member.dir, target);
        const variant = path.replace(/\.ts$/, `_${runtime}.ts`);
        return { path: existsSync(variant) ? variant : path };
      });
    },
  };
}
