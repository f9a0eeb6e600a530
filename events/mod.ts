/**
 * A typed event client with subscriptions, async iteration, record and replay, and transports across tabs, workers and machines.
 *
 * This package is reserved: its API lands with its own issue (#4) and
 * nothing is exported yet.
 *
 * @example Nothing to import yet
 * ```ts
 * import * as pkg from "@atomiton/events";
 *
 * console.log(Object.keys(pkg).length); // 0
 * ```
 *
 * @module
 */
export {};
