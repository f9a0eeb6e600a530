/**
 * One key-value storage interface with memory, file-system, IndexedDB and Redis backends, and monitored, cached and resilient wrappers.
 *
 * This package is reserved: its API lands with its own issue (#5) and
 * nothing is exported yet.
 *
 * @example Nothing to import yet
 * ```ts
 * import * as pkg from "@atomiton/storage";
 *
 * console.log(Object.keys(pkg).length); // 0
 * ```
 *
 * @module
 */
export {};
