import { memoryUsageOf } from "./_detect.ts";
import { globalScope } from "./_scope.ts";

/** Memory figures in bytes, as far as the runtime reports them. */
export interface MemoryUsage {
  /** Bytes of JavaScript heap in use. */
  readonly heapUsed: number;
  /** Bytes of JavaScript heap reserved. */
  readonly heapTotal: number;
  /** Resident set size of the whole process, where the runtime reports it. */
  readonly rss: number | undefined;
}

/**
 * Reports the program's memory use where the runtime tells it.
 *
 * Deno, Node, Bun and Electron report heap and resident set size; Chromium
 * reports its heap only; other runtimes report nothing.
 *
 * @returns The figures in bytes, or `undefined` where the runtime has none.
 *
 * @example Log the heap in megabytes
 * ```ts
 * import { memoryUsage } from "@atomiton/platform/metrics";
 *
 * const usage = memoryUsage();
 * if (usage) console.log(`heap ${(usage.heapUsed / 1e6).toFixed(1)} MB`);
 * ```
 */
export function memoryUsage(): MemoryUsage | undefined {
  return memoryUsageOf(globalScope);
}
