// What a WorkerPool needs only once it starts a worker, loaded then (see `loadPoolParts`), so that
// `import "@atomiton/execution"` stays small and quick: the worker layer with its bootstrap and
// message codec, and the latency histogram.
export { spawnWorker } from "@atomiton/execution/worker";
export { Histogram } from "@atomiton/platform/metrics";
export { packError, unpackError } from "./_codec.ts";
