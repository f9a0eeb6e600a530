import type { TypeScript } from "./_migrate_rewrite.ts";
import { CliError } from "./cli_error.ts";

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
  try {
    const module = await load() as { default?: TypeScript };
    return module.default ?? module as TypeScript;
  } catch (error) {
    throw new CliError(
      "UNAVAILABLE",
      "migrate-imports parses sources with the typescript package, which could not be loaded: " +
        "add it to the project (npm install -D typescript), or run " +
        "`npx -p typescript -p @atomiton/cli atomiton migrate-imports <dir>`.",
      { cause: error },
    );
  }
}
