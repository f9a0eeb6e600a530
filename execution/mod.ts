/**
 * Worker pools, process clients and distributed execution that never lose a task.
 *
 * This package is reserved: its API lands with its own issue (#6) and
 * nothing is exported yet.
 *
 * @example Nothing to import yet
 * ```ts
 * import * as pkg from "@atomiton/execution";
 *
 * console.log(Object.keys(pkg).length); // 0
 * ```
 *
 * @module
 */
export {};
