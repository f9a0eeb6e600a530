import type { EventClient } from "@atomiton/events";
import type { JsonValue, StorageClient } from "@atomiton/storage";
import type { ExecutionEvents } from "@atomiton/store/events";
import type { BlueprintRun } from "./blueprint_run.ts";
import type { NodeExecutor } from "./node_executor.ts";
import type { NodeType } from "./node_type.ts";
import type { RunLease } from "./run_lease.ts";
import { newRunId } from "./new_run_id.ts";
import { startRun } from "./_engine_start.ts";
import {
  type NodeRetryPolicy,
  validateBlueprint,
  type ValidBlueprint,
} from "./validate_blueprint.ts";

/** Options of {@linkcode runBlueprint} (and {@linkcode resumeRun}). */
export interface RunBlueprintOptions {
  /** Where the run's record and every node's output live. Default: a new `MemoryClient`. */
  readonly storage?: StorageClient | undefined;
  /** Runs the nodes. Default: `workerPoolExecutor()`, closed when the run ends. */
  readonly executor?: NodeExecutor | undefined;
  /** Gets every `execution:*` event of the run too (jobId: the run id). */
  readonly events?: EventClient<ExecutionEvents> | undefined;
  /** Cancels the run when it aborts. */
  readonly signal?: AbortSignal | undefined;
  /** Tasks running at once, across sub-blueprints and mapped elements. Default: the logical CPUs. */
  readonly concurrency?: number | undefined;
  /** Each node's time limit in ms, unless its `data.timeout` says otherwise. */
  readonly timeout?: number | undefined;
  /**
   * The retry policy of nodes without `data.retry`, checked as that is. Default:
   * one attempt. `maxDelay` defaults to 60 s, or `minDelay` when that is longer.
   */
  readonly retry?: NodeRetryPolicy | undefined;
  /** The run's id: 1 to 128 letters, digits, `.`, `_` or `-`. Default: time-sortable and random. */
  readonly runId?: string | undefined;
  /** The blueprint file's URL, when the blueprint given is not validated yet. */
  readonly baseUrl?: string | URL | undefined;
  /**
   * Lets nodes load `http:` and `https:` modules (validation refuses them
   * otherwise). A page needs it: every module it runs is on the network.
   */
  readonly allowRemoteModules?: boolean | undefined;
  /** Node types for a flow that is not validated yet, beside the built-in ones (see `validateBlueprint`). */
  readonly nodeTypes?: readonly NodeType[] | undefined;
  /**
   * Keeps two orchestrators from running the run at once. Default: `webLocksLease()` in a
   * browser with `navigator.locks`, else a lease in `storage` (`run-leases/<runId>`).
   */
  readonly lease?: RunLease | undefined;
  /**
   * This orchestrator's id for the lease. Default: `<host>:<pid>:<uuid>` on Deno and
   * Node (so that a resume on the same host takes over the lease of a dead process at
   * once), a uuid in browsers.
   */
  readonly holder?: string | undefined;
  /** Milliseconds the lease lasts unless renewed (every third of it). Default `30000`. */
  readonly leaseTtl?: number | undefined;
  /** Kept in the run's record (the CLI keeps the file, process and log path there); a resume's is merged over it. */
  readonly metadata?: Record<string, JsonValue> | undefined;
}

/**
 * Runs a blueprint: validates it (JSON text or an object, sub-blueprint files
 * loaded), then runs every node whose inputs are ready on the executor, up to
 * `concurrency` tasks at once, with each node's retries, time limit, branches,
 * `map` and sub-blueprints. Every node's record (status, attempts, times,
 * output) is written to `storage` before the node is announced or anything it
 * feeds starts, so `resumeRun` can finish a run whose process died without
 * running a completed node again. An output the storage refuses (not JSON) is
 * recorded without it (`unsaved`), and that node runs again on resume.
 *
 * @param blueprint A blueprint (JSON text or object), validated first.
 * @param options Storage, executor, events, signal, concurrency, timeout, retry, run id, lease.
 * @returns The run: its id at once, its events, its result.
 *
 * @example Retry a flaky node, then read the run's record
 * ```ts
 * import { getRun, inThreadExecutor, runBlueprint } from "@atomiton/conductor";
 * import { MemoryClient } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * const state = (globalThis as { tries?: number });
 * state.tries = 0;
 * const flaky = `data:text/javascript,${encodeURIComponent(
 *   "export default () => { if (++globalThis.tries < 3) throw new Error('flaky'); return 'ok'; };",
 * )}`;
 * const storage = new MemoryClient();
 * const run = runBlueprint({
 *   id: "flaky",
 *   name: "Flaky",
 *   nodes: [{
 *     id: "call",
 *     type: "task",
 *     position: { x: 0, y: 0 },
 *     data: { module: flaky, retry: { maxAttempts: 3, minDelay: 0 } },
 *   }],
 *   edges: [],
 * }, { executor: inThreadExecutor(), storage });
 * const result = await run.result;
 * assert.equal(result.outputs.get("call"), "ok");
 * assert.equal(result.nodes.get("call")?.attempts, 3);
 * const record = await getRun(storage, run.id);
 * assert.equal(record?.status, "completed");
 * ```
 */
export function runBlueprint(
  blueprint: unknown,
  options: RunBlueprintOptions = {},
): BlueprintRun {
  const runId = options.runId ?? newRunId();
  return startRun(runId, options, async () => {
    const { checkRunId, runSettings } = await import("./_engine.ts");
    checkRunId(runId);
    const { retry } = runSettings(options);
    const valid = await validateBlueprint(blueprint, {
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      allowRemoteModules: options.allowRemoteModules === true,
      nodeTypes: options.nodeTypes,
    });
    const stored = {
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      ...(retry === undefined ? {} : { retry }),
    };
    return {
      record: {
        runId,
        status: "running",
        blueprint: valid as ValidBlueprint,
        options: stored,
        started: new Date().toISOString(),
        ...(options.metadata ? { metadata: options.metadata } : {}),
      },
      previous: new Map(),
      storage: options.storage ?? new (await import("./_default_storage.ts")).MemoryClient(),
      options,
    };
  });
}
