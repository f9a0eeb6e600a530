import { detectRuntime } from "@atomiton/platform";
import { logicalCpus } from "@atomiton/platform/cpus";
import type { StorageClient } from "@atomiton/storage";
import { ConductorError } from "./conductor_error.ts";
import type { NodeExecutor } from "./node_executor.ts";
import type { RunLease } from "./run_lease.ts";
import { webLocksLease } from "./web_locks_lease.ts";
import { storageLease } from "./_storage_lease.ts";
import type { RunBlueprintOptions } from "./run_blueprint.ts";
import { workerPoolExecutor } from "./worker_pool_executor.ts";
import type { NodeRetryPolicy } from "./validate_blueprint.ts";
import { checkRetry } from "./_validate_retry.ts";
import { whole } from "./_whole.ts";
import { defaultHolder } from "./_holder.ts";

/** Makes the executor of a run given none: a local WorkerPool the run closes (a test watches it here). */
export const defaultExecutor = { create: (): NodeExecutor => workerPoolExecutor() };

/**
 * The lease of a run given none: in a page or web worker with Web Locks, a lock
 * the browser frees when the page ends (its scope, the origin, is IndexedDB's);
 * elsewhere (Deno has per-process Web Locks) a lease in the run's storage.
 */
export function defaultLease(storage: StorageClient): RunLease {
  const runtime = detectRuntime();
  const locks = (globalThis as { navigator?: { locks?: unknown } }).navigator?.locks;
  const browser = runtime === "browser" || runtime === "web-worker";
  return browser && locks ? webLocksLease() : storageLease(storage);
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Whether `runId` is one a run can have (and so a safe storage key). */
export const isRunId = (runId: unknown): runId is string =>
  typeof runId === "string" && RUN_ID.test(runId);

/** Refuses a run id that would not make a safe storage key; returns it. */
export function checkRunId(runId: unknown): string {
  if (isRunId(runId)) return runId;
  throw new ConductorError(
    "INVALID_OPTION",
    `Invalid runId ${JSON.stringify(runId)}: expected 1 to 128 letters, digits, ".", "_" or "-", ` +
      `starting with a letter or digit.`,
  );
}

/** The options a run goes by, checked, with their defaults. */
export interface RunSettings {
  readonly concurrency: number;
  readonly timeout: number | undefined;
  readonly retry: NodeRetryPolicy | undefined;
  readonly leaseTtl: number;
  readonly holder: string;
}

/**
 * Checks the options (`stored` are the run's own, from its record, on resume).
 * Default concurrency: the machine's logical CPUs.
 */
export function runSettings(
  options: RunBlueprintOptions,
  stored: { concurrency?: number; timeout?: number; retry?: NodeRetryPolicy } = {},
): RunSettings {
  const concurrency = whole("concurrency", options.concurrency, 1, 1_000_000) ??
    stored.concurrency ?? Math.max(1, logicalCpus());
  const timeout = whole("timeout", options.timeout, 0, 2147483647) ?? stored.timeout;
  const retry = options.retry === undefined ? stored.retry : checkedRetry(options.retry);
  const leaseTtl = whole("leaseTtl", options.leaseTtl, 3, 2147483647) ?? 30_000;
  const holder = options.holder ?? defaultHolder();
  if (typeof holder !== "string" || !holder) {
    throw new ConductorError(
      "INVALID_OPTION",
      `Invalid holder ${JSON.stringify(holder)}: expected a non-empty string.`,
    );
  }
  return { concurrency, timeout, retry, leaseTtl, holder };
}

/** The run's default retry policy, checked as a node's `data.retry` is. */
function checkedRetry(retry: unknown): NodeRetryPolicy {
  const problems: string[] = [];
  const policy = checkRetry(retry, problems);
  if (policy) return policy;
  const said = problems.join("; ").replaceAll(`"data.retry`, `"retry`);
  throw new ConductorError("INVALID_OPTION", `Invalid retry option: ${said}.`);
}
