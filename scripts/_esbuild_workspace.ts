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

/** An `import()` hidden from Deno's loader: a template whose only part is a string literal. */
const HIDDEN_IMPORT = /import\(`\$\{("[^"`]+")\}`\)/g;

/**
 * Gives esbuild back the `import()`s written to be hidden from Deno, such as
 * ``import(`${"./run/mod.ts"}`)``: Deno loads every `import()` it can read before a program starts,
 * which for the CLI is every command; esbuild cannot read them either until they are unwrapped.
 *
 * @returns An esbuild plugin that rewrites them to plain `import("./run/mod.ts")`.
 */
export function unhideImports(): Plugin {
  return {
    name: "unhide-imports",
    setup(build): void {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await Deno.readTextFile(args.path);
        if (!text.includes("import(`${")) return undefined;
        return { contents: text.replaceAll(HIDDEN_IMPORT, "import($1)"), loader: "ts" };
      });
    },
  };
}
