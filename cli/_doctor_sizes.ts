// Written by `deno task size --update-sizes` (scripts/size.ts), so that an installed CLI can
// report the sizes without a bundler. Only figures: the budgets are in _size_budgets.ts, the one
// list `deno task size` holds the build to. Do not edit by hand.

/** One entry's browser bundle (server-only entries: as Node loads them), gzipped. */
export interface MeasuredSize {
  readonly entry: string;
  /** Minified and gzipped, in bytes. */
  readonly gzip: number;
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
  measuredAt: "2026-12-06T14:24:40.563Z",
  version: "0.1.0",
  entries: [
    { entry: "@atomiton/platform", gzip: 2170 },
    { entry: "@atomiton/platform/metrics", gzip: 1188 },
    { entry: "@atomiton/platform/di", gzip: 2015 },
    { entry: "@atomiton/resilience", gzip: 2594 },
    { entry: "@atomiton/resilience/error-boundary", gzip: 342 },
    { entry: "@atomiton/resilience/di", gzip: 2423 },
    { entry: "@atomiton/di", gzip: 2237 },
    { entry: "@atomiton/events", gzip: 2135 },
    { entry: "@atomiton/events/recorder", gzip: 2482 },
    { entry: "@atomiton/events/broadcast-channel", gzip: 1033 },
    { entry: "@atomiton/events/redis", gzip: 4852 },
    { entry: "@atomiton/storage", gzip: 4712 },
    { entry: "@atomiton/storage/fs", gzip: 6421 },
    { entry: "@atomiton/storage/indexeddb", gzip: 2963 },
    { entry: "@atomiton/storage/redis", gzip: 5700 },
    { entry: "@atomiton/storage/auto", gzip: 3312 },
    { entry: "@atomiton/storage/resilient", gzip: 2507 },
    { entry: "@atomiton/storage/di", gzip: 4521 },
    { entry: "@atomiton/execution", gzip: 7156 },
    { entry: "@atomiton/execution/worker", gzip: 1837 },
    { entry: "@atomiton/execution/process", gzip: 2801 },
    { entry: "@atomiton/execution/redis", gzip: 11675 },
    { entry: "@atomiton/execution/redis-worker", gzip: 11679 },
    { entry: "@atomiton/store", gzip: 7058 },
    { entry: "@atomiton/store/ui", gzip: 1437 },
    { entry: "@atomiton/store/persist", gzip: 1968 },
    { entry: "@atomiton/store/sync", gzip: 1343 },
    { entry: "@atomiton/store/events", gzip: 582 },
    { entry: "@atomiton/store/history", gzip: 910 },
    { entry: "@atomiton/store/react", gzip: 537 },
    { entry: "@atomiton/cli", gzip: 79629 },
  ],
};
