// Written by `deno task size --update-sizes` (scripts/size.ts), so that an installed CLI can
// report the sizes without a bundler. Only figures: the budgets are in _size_budgets.ts, the one
// list `deno task size` holds the build to. Do not edit by hand.

/** What an import of one entry loads (its file and static chunks; server-only entries: as Node loads them), gzipped. */
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
  measuredAt: "2026-12-06T22:33:19.259Z",
  version: "0.1.0",
  entries: [
    { entry: "@atomiton/platform", gzip: 2048 },
    { entry: "@atomiton/platform/metrics", gzip: 1057 },
    { entry: "@atomiton/platform/cpus", gzip: 177 },
    { entry: "@atomiton/platform/di", gzip: 1883 },
    { entry: "@atomiton/resilience", gzip: 2481 },
    { entry: "@atomiton/resilience/error-boundary", gzip: 226 },
    { entry: "@atomiton/resilience/di", gzip: 2297 },
    { entry: "@atomiton/di", gzip: 2157 },
    { entry: "@atomiton/events", gzip: 2367 },
    { entry: "@atomiton/events/recorder", gzip: 2349 },
    { entry: "@atomiton/events/broadcast-channel", gzip: 915 },
    { entry: "@atomiton/events/redis", gzip: 4896 },
    { entry: "@atomiton/storage", gzip: 4528 },
    { entry: "@atomiton/storage/fs", gzip: 6000 },
    { entry: "@atomiton/storage/indexeddb", gzip: 2911 },
    { entry: "@atomiton/storage/redis", gzip: 5628 },
    { entry: "@atomiton/storage/auto", gzip: 3231 },
    { entry: "@atomiton/storage/resilient", gzip: 2355 },
    { entry: "@atomiton/storage/di", gzip: 4323 },
    { entry: "@atomiton/execution", gzip: 4505 },
    { entry: "@atomiton/execution/worker", gzip: 1702 },
    { entry: "@atomiton/execution/process", gzip: 2525 },
    { entry: "@atomiton/execution/redis", gzip: 10326 },
    { entry: "@atomiton/execution/redis-worker", gzip: 9524 },
    { entry: "@atomiton/store", gzip: 5366 },
    { entry: "@atomiton/store/ui", gzip: 1321 },
    { entry: "@atomiton/store/persist", gzip: 750 },
    { entry: "@atomiton/store/sync", gzip: 803 },
    { entry: "@atomiton/store/events", gzip: 492 },
    { entry: "@atomiton/store/history", gzip: 820 },
    { entry: "@atomiton/store/react", gzip: 456 },
    { entry: "@atomiton/conductor", gzip: 5299 },
    { entry: "@atomiton/conductor/redis", gzip: 5810 },
    { entry: "@atomiton/conductor/nodes", gzip: 7820 },
    { entry: "@atomiton/conductor/node-types", gzip: 7153 },
    { entry: "@atomiton/core", gzip: 23781 },
    { entry: "@atomiton/cli", gzip: 4167 },
  ],
};
