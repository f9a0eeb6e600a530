/**
 * The `atomiton` command: run blueprints, inspect and migrate storage, record and replay events, profile and doctor.
 *
 * This package is reserved: its API lands with its own issue (#8) and
 * nothing is exported yet.
 *
 * @example Nothing to import yet
 * ```ts
 * import * as pkg from "@atomiton/cli";
 *
 * console.log(Object.keys(pkg).length); // 0
 * ```
 *
 * @module
 */
export {};
