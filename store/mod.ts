/**
 * Zustand stores for Atomiton blueprints, executions, session and UI, with persistence, sync and time travel.
 *
 * This package is reserved: its API lands with its own issue (#7) and
 * nothing is exported yet.
 *
 * @example Nothing to import yet
 * ```ts
 * import * as pkg from "@atomiton/store";
 *
 * console.log(Object.keys(pkg).length); // 0
 * ```
 *
 * @module
 */
export {};
