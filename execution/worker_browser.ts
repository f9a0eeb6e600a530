/**
 * The browser `spawnWorker`: a module Web Worker started from a Blob URL, so
 * no worker file has to be served or bundled. The npm package's `browser`
 * condition points here.
 *
 * @module
 */
import { spawnWebWorker } from "./_web_worker.ts";
import type { SpawnedWorker, SpawnWorkerOptions } from "./worker.ts";

/**
 * Starts a module Web Worker that loads the task module at `moduleUrl` and
 * serves the pool's message protocol.
 *
 * @param moduleUrl The task module's absolute URL.
 * @param options Where its messages and its end are reported.
 * @returns The running worker.
 */
export async function spawnWorker(
  moduleUrl: string,
  options: SpawnWorkerOptions,
): Promise<SpawnedWorker> {
  return await Promise.resolve(spawnWebWorker(moduleUrl, options));
}
