// The number of logical CPUs, counted as getPlatformInfo().hardwareConcurrency of
// @atomiton/platform counts it (a test holds them equal), without the 1.5 KB of
// runtime detection that getPlatformInfo adds to a browser bundle.

interface CpuScope {
  navigator?: { hardwareConcurrency?: number };
  process?: { getBuiltinModule?(id: string): { availableParallelism?(): number } | undefined };
}

/** `navigator.hardwareConcurrency`, else `os.availableParallelism()` (Node.js 20 has no navigator), else 1. */
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
