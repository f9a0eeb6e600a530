import { runtimeOf } from "./_detect.ts";
import { globalScope } from "./_scope.ts";

/**
 * The JavaScript runtimes this package tells apart.
 *
 * Deno and Bun expose a Node-like `process` but are not Node. Electron's main
 * process (and its utility processes) is `electron-main`; a renderer is
 * `electron-renderer`, with or without Node integration.
 */
export type Runtime =
  | "deno"
  | "node"
  | "bun"
  | "browser"
  | "web-worker"
  | "workerd"
  | "electron-main"
  | "electron-renderer"
  | "unknown";

/**
 * Detects the JavaScript runtime this code runs on.
 *
 * It reads only globals, so it never throws and never asks Deno for a permission.
 *
 * @returns The runtime's name, or `"unknown"`.
 *
 * @example Choose a code path by runtime
 * ```ts
 * import { detectRuntime } from "@atomiton/platform";
 *
 * const runtime = detectRuntime();
 * console.log(runtime === "deno" ? "running on Deno" : `running on ${runtime}`);
 * ```
 */
export function detectRuntime(): Runtime {
  return runtimeOf(globalScope)[0];
}
