const clock: { now(): number } = typeof performance === "object" &&
    typeof performance.now === "function"
  ? performance
  : Date;

/**
 * Returns a monotonic time in milliseconds, for measuring durations.
 *
 * It uses `performance.now()` (never goes backwards, sub-millisecond) where the
 * runtime has it, else `Date.now()`. Only differences between two calls mean anything.
 *
 * @returns Milliseconds since an arbitrary start.
 *
 * @example Time a piece of work
 * ```ts
 * import { now } from "@atomiton/platform/metrics";
 *
 * const start = now();
 * await new Promise((resolve) => setTimeout(resolve, 5));
 * console.log(`took ${(now() - start).toFixed(1)} ms`);
 * ```
 */
export function now(): number {
  return clock.now();
}
