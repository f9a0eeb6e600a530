import { envOf } from "./_detect.ts";
import { globalScope } from "./_scope.ts";
import { PlatformError } from "./platform_error.ts";

/**
 * Reads an environment variable on any runtime.
 *
 * On Deno it first asks whether reading is granted, so it never prompts: a
 * variable that may not be read is `undefined`, as is every variable in a browser.
 *
 * @param name The variable's name: not empty, without `=` or NUL.
 * @returns The value, or `undefined` when unset or not readable.
 * @throws {PlatformError} `INVALID_ENV_NAME` when `name` is empty or has `=` or NUL.
 *
 * @example Read a setting with a default
 * ```ts
 * import { env } from "@atomiton/platform";
 *
 * const level = env("LOG_LEVEL") ?? "info";
 * console.log(level);
 * ```
 */
export function env(name: string): string | undefined {
  if (typeof name !== "string" || name === "" || name.includes("=") || name.includes("\0")) {
    throw new PlatformError(
      "INVALID_ENV_NAME",
      `Invalid environment variable name ${
        JSON.stringify(name)
      }: expected a non-empty string without "=" or NUL.`,
    );
  }
  return envOf(globalScope, name);
}
