/**
 * The Node.js `spawnWorker`: a `node:worker_threads` worker, with exit codes
 * and a heap limit. The npm package's `node` condition points here.
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import { serve } from "./_serve.ts";
import type { SpawnedWorker, SpawnWorkerOptions } from "./worker.ts";

let source: string | undefined;

/**
 * Starts a `worker_threads` worker that loads the task module at `moduleUrl`
 * and serves the pool's message protocol.
 *
 * @param moduleUrl The task module's absolute URL.
 * @param options Where its messages and its end are reported.
 * @returns The running worker.
 */
export function spawnWorker(
  moduleUrl: string,
  options: SpawnWorkerOptions,
): Promise<SpawnedWorker> {
  try {
    return Promise.resolve(start(moduleUrl, options));
  } catch (error) {
    return Promise.reject(error);
  }
}

function start(moduleUrl: string, options: SpawnWorkerOptions): SpawnedWorker {
  source ??= `const { parentPort, workerData } = require("node:worker_threads");\n(${serve})(` +
    `workerData, { post: (m, t) => parentPort.postMessage(m, t), listen: (h) => ` +
    `parentPort.on("message", h), load: (u) => import(u) });`;
  const limit = options.memoryLimitMb;
  const worker = new Worker(source, {
    eval: true,
    name: options.name ?? "atomiton-worker",
    workerData: moduleUrl,
    ...(limit === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: limit } }),
  });
  let ended = false;
  let uncaught: unknown;
  worker.on("message", (message: unknown[]) => {
    if (!ended) options.onMessage(message);
  });
  worker.on("error", (error) => uncaught = error);
  worker.on("exit", (code) => {
    if (ended) return;
    ended = true;
    options.onExit(code, uncaught);
  });
  return {
    post: (message, transfer) => worker.postMessage(message, transfer as never),
    keepAlive: (on) => on ? worker.ref() : worker.unref(),
    terminate: async () => {
      ended = true;
      await worker.terminate();
    },
  };
}
