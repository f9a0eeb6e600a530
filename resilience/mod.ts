/**
 * Retry with exponential backoff and jitter, circuit breaker, timeout and deadline, bulkhead, fallback and error boundaries.
 *
 * This package is reserved: its API lands with its own issue (#3) and
 * nothing is exported yet.
 *
 * @example Nothing to import yet
 * ```ts
 * import * as pkg from "@atomiton/resilience";
 *
 * console.log(Object.keys(pkg).length); // 0
 * ```
 *
 * @module
 */
export {};
