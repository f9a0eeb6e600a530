import type { TypeScript } from "./_rewrite.ts";
import { CliError } from "../cli_error.ts";

/** The command users can run when the project's TypeScript cannot parse: 6 has the compiler API. */
const WORKING_COMMAND = "`npx -p typescript@6 -p @atomiton/cli atomiton migrate-imports <dir>`";

/**
 * The TypeScript compiler, which parses the sources: loaded only when a file
 * names the old package, since it is large.
 *
 * @param load Imports the compiler (a test passes a failing one).
 * @returns The compiler's module.
 */
export async function loadTypeScript(
  load: () => Promise<unknown> = () => import("typescript"),
): Promise<TypeScript> {
  let module: { default?: unknown };
  try {
    module = await load() as { default?: unknown };
  } catch (error) {
    throw new CliError(
      "UNAVAILABLE",
      "migrate-imports parses sources with the typescript package, which could not be loaded: " +
        "add it to the project (npm install -D typescript@6), or run " + WORKING_COMMAND + ".",
      { cause: error },
    );
  }
  const compiler = [module.default, module].find(hasCompilerApi);
  if (compiler) return compiler;
  // TypeScript 7's package exports only its version from its root, no compiler API (yet).
  const found = [module.default, module]
    .map((candidate) => (candidate as { version?: unknown } | undefined)?.version)
    .find((version) => typeof version === "string");
  throw new CliError(
    "UNAVAILABLE",
    `migrate-imports parses sources with the TypeScript compiler API, which the typescript ` +
      `package found (${found === undefined ? "version unknown" : `version ${found}`}) does ` +
      "not have: it needs TypeScript 5.4.5 to 6.x (TypeScript 7's package has no compiler API " +
      "yet). Run " + WORKING_COMMAND + ".",
  );
}

function hasCompilerApi(candidate: unknown): candidate is TypeScript {
  return typeof (candidate as { createSourceFile?: unknown } | null | undefined)
    ?.createSourceFile === "function";
}
