/**
 * Measuring helpers for the other packages: a monotonic clock, the program's
 * memory use, and a latency histogram in bounded memory, for the monitored
 * wrappers and the profiler.
 *
 * @example Time some work and summarise the latencies
 * ```ts
 * import { Histogram, memoryUsage, now } from "@atomiton/platform/metrics";
 *
 * const latency = new Histogram();
 * for (let i = 0; i < 10; i++) {
 *   const start = now();
 *   JSON.parse(JSON.stringify({ i, items: Array.from({ length: 100 }, (_, n) => n) }));
 *   latency.record(now() - start);
 * }
 * console.log(latency.snapshot(), memoryUsage()?.heapUsed);
 * ```
 *
 * @module
 */
export { now } from "./now.ts";
export { type MemoryUsage, memoryUsage } from "./memory_usage.ts";
export { Histogram, type HistogramOptions, type HistogramSnapshot } from "./histogram.ts";
