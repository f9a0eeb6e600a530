// Written by `deno task size --update-readme` (scripts/size.ts), so that an installed CLI can
// report the size budgets without a bundler. Do not edit by hand.

/** One entry's browser bundle (server-only entries: as Node loads them), gzipped, and its budget. */
export interface MeasuredSize {
  readonly entry: string;
  /** Minified and gzipped, in bytes. */
  readonly gzip: number;
  /** Its budget, in gzip bytes. */
  readonly budget: number;
}

/** The sizes measured at build: when, for which version of the CLI, and every entry. */
export interface MeasuredSizes {
  /** An ISO date and time. */
  readonly measuredAt: string;
  readonly version: string;
  readonly entries: readonly MeasuredSize[];
}

/** What `deno task size --update-readme` measured last. */
export const MEASURED_SIZES: MeasuredSizes = {
  measuredAt: "2026-11-24T04:34:12.901Z",
  version: "0.1.0",
  entries: [
    { entry: "@atomiton/platform", gzip: 2041, budget: 2048 },
    { entry: "@atomiton/platform/metrics", gzip: 1035, budget: 2048 },
    { entry: "@atomiton/platform/di", gzip: 1876, budget: 5120 },
    { entry: "@atomiton/resilience", gzip: 2481, budget: 2560 },
    { entry: "@atomiton/resilience/error-boundary", gzip: 226, budget: 5120 },
    { entry: "@atomiton/resilience/di", gzip: 2297, budget: 5120 },
    { entry: "@atomiton/di", gzip: 2077, budget: 2560 },
    { entry: "@atomiton/events", gzip: 1963, budget: 2048 },
    { entry: "@atomiton/events/recorder", gzip: 1951, budget: 5120 },
    { entry: "@atomiton/events/broadcast-channel", gzip: 915, budget: 5120 },
    { entry: "@atomiton/events/redis", gzip: 3970, budget: 5120 },
    { entry: "@atomiton/storage", gzip: 4408, budget: 4608 },
    { entry: "@atomiton/storage/fs", gzip: 4727, budget: 4864 },
    { entry: "@atomiton/storage/indexeddb", gzip: 2732, budget: 3072 },
    { entry: "@atomiton/storage/redis", gzip: 4623, budget: 4864 },
    { entry: "@atomiton/storage/auto", gzip: 3064, budget: 3072 },
    { entry: "@atomiton/storage/resilient", gzip: 2355, budget: 5120 },
    { entry: "@atomiton/storage/di", gzip: 4209, budget: 5120 },
    { entry: "@atomiton/execution", gzip: 6582, budget: 6656 },
    { entry: "@atomiton/execution/worker", gzip: 1686, budget: 5120 },
    { entry: "@atomiton/execution/process", gzip: 2622, budget: 5120 },
    { entry: "@atomiton/execution/redis", gzip: 10193, budget: 12288 },
    { entry: "@atomiton/execution/redis-worker", gzip: 10249, budget: 12288 },
    { entry: "@atomiton/store", gzip: 6656, budget: 6912 },
    { entry: "@atomiton/store/ui", gzip: 1291, budget: 1536 },
    { entry: "@atomiton/store/persist", gzip: 1628, budget: 2048 },
    { entry: "@atomiton/store/sync", gzip: 1225, budget: 1536 },
    { entry: "@atomiton/store/events", gzip: 461, budget: 1024 },
    { entry: "@atomiton/store/history", gzip: 789, budget: 1024 },
    { entry: "@atomiton/store/react", gzip: 456, budget: 1024 },
    { entry: "@atomiton/cli", gzip: 71584, budget: 5120 },
    { entry: "@atomiton/cli/bin", gzip: 20, budget: 5120 },
  ],
};
