/**
 * The `atomiton` command: run blueprints (the main job), inspect and migrate
 * storage, tail, record and replay event logs, profile, doctor, serve
 * distributed nodes, and migrate imports from the old `@atomiton/core`.
 *
 * Run it: `deno run -A jsr:@atomiton/cli run blueprint.json`, or
 * `npx @atomiton/cli run blueprint.json`. Imported, it gives
 * {@linkcode main} (the command line as a function) and its exit codes.
 *
 * @example The command line, in-process
 * ```ts
 * import { ExitCode, main } from "@atomiton/cli";
 * import assert from "node:assert/strict";
 *
 * const io = {
 *   stdout: () => {},
 *   stderr: () => {},
 *   isTTY: false,
 *   columns: 80,
 *   env: () => undefined,
 *   cwd: ".",
 * };
 * assert.equal(await main(["no-such-command"], { io }), ExitCode.USAGE);
 * ```
 *
 * @module
 */
export * from "./main.ts";
export * from "./cli_error.ts";
export * from "./exit_code.ts";
export type { Io } from "./_common/io.ts";

if (import.meta.main) {
  const { main } = await import("./main.ts");
  Deno.exit(await main(Deno.args));
}
