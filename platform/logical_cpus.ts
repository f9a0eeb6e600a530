/**
 * The number of logical CPUs, counted as `getPlatformInfo().hardwareConcurrency`
 * counts it (a test holds them equal), without the 1.5 KB of runtime detection
 * that `getPlatformInfo` adds to a browser bundle: for sizing pools.
 *
 * @module
 */

interface CpuScope {
  navigator?: { hardwareConcurrency?: number };
  process?: { getBuiltinModule?(id: string): { availableParallelism?(): number } | undefined };
}

/**
 * The number of logical CPUs: `navigator.hardwareConcurrency`, else
 * `os.availableParallelism()` (Node.js 20 has no `navigator`), else 1.
 *
 * @returns A whole number, at least 1.
 *
 * @example Size a pool to the machine
 * ```ts
 * import { logicalCpus } from "@atomiton/platform/cpus";
 * import assert from "node:assert/strict";
 *
 * const workers = Math.max(1, logicalCpus() - 1);
 * assert.ok(Number.isInteger(workers) && workers >= 1);
 * ```
 */
export function logicalCpus(): number {
  const scope = globalThis as CpuScope;
  const reported = scope.navigator?.hardwareConcurrency;
  if (reported! > 0) return reported!;
  try {
    return scope.process?.getBuiltinModule?.("os")?.availableParallelism?.() ?? 1;
  } catch {
    return 1;
  }
}
