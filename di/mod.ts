/**
 * Typed, decorator-free dependency injection: registration, lifetimes, lazy resolution, async disposal and test overrides.
 *
 * This package is reserved: its API lands with its own issue (#3) and
 * nothing is exported yet.
 *
 * @example Nothing to import yet
 * ```ts
 * import * as pkg from "@atomiton/di";
 *
 * console.log(Object.keys(pkg).length); // 0
 * ```
 *
 * @module
 */
export {};
