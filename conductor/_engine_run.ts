import type { StorageClient } from "@atomiton/storage";
import type { NodeResult, RunResult } from "./blueprint_run.ts";
import type { NodeExecutor } from "./node_executor.ts";
import type { RunBlueprintOptions } from "./run_blueprint.ts";
import { flatten, type RunContext } from "./_engine_context.ts";
import type { RunEvents } from "./_engine_events.ts";
import { holdLease } from "./_engine_lease.ts";
import { describeError } from "./_engine_node.ts";
import { defaultExecutor, defaultLease, type RunSettings, runSettings } from "./_engine_options.ts";
import { guardedStorage } from "./_engine_storage.ts";
import {
  errorInfo,
  isSettled,
  nodeResult,
  type StoredNode,
  type StoredRun,
  writeRun,
} from "./_records.ts";
import { type GraphOutcome, runGraph } from "./_schedule.ts";
import { Slots } from "./_schedule_slots.ts";

/** What a run starts from: a new run's record, or a stored one with its node records. */
export interface RunPlan {
  readonly record: StoredRun;
  /** Node records of an earlier try, by path (a node forced by `from` left out). */
  readonly previous: ReadonlyMap<string, StoredNode>;
  readonly storage: StorageClient;
  readonly options: RunBlueprintOptions;
}

/** Runs a prepared run under its lease, to its end: loaded on the first run, not on import. */
export async function execute(
  plan: RunPlan,
  controller: AbortController,
  events: RunEvents,
): Promise<RunResult> {
  const { record, options } = plan;
  const settings = runSettings(options, record.options);
  const runId = record.runId;
  const lease = await holdLease(
    options.lease ?? defaultLease(plan.storage),
    { runId, holder: settings.holder, ttl: settings.leaseTtl },
    record.status === "running" ? record.holder : undefined,
    (reason) => controller.abort(reason),
  );
  try {
    const storage = guardedStorage(plan.storage, lease.lost);
    const running: StoredRun = { ...record, status: "running", holder: settings.holder };
    const { finished: _, error: __, ...fresh } = running;
    await writeRun(storage, fresh);
    const executor = options.executor ?? defaultExecutor.create();
    let outcome: GraphOutcome;
    const context = runContext(plan, storage, executor, settings, events);
    events.emit("execution:started", {
      jobId: runId,
      blueprintId: record.blueprint.id,
      total: context.progress.total,
    });
    try {
      outcome = await runGraph(context, { ...record.blueprint, prefix: "" }, controller.signal);
    } finally {
      // Cancelled tasks get their grace to stop before the run is recorded as ended.
      if (!options.executor) await executor.close();
    }
    await Promise.all(context.writes);
    return await finish(context, fresh, outcome, controller.signal, lease.lost());
  } finally {
    await lease.release();
  }
}

/** Each node's result and each settled output from the records of an earlier try. */
export function storedResults(
  record: StoredRun,
  previous: ReadonlyMap<string, StoredNode>,
): { results: Map<string, NodeResult>; outputs: Map<string, unknown> } {
  const results = new Map<string, NodeResult>();
  const outputs = new Map<string, unknown>();
  for (const [path] of flatten(record.blueprint)) {
    const stored = previous.get(path);
    results.set(path, stored ? nodeResult(stored) : { status: "pending", attempts: 0 });
    if (isSettled(stored)) outputs.set(path, stored!.output);
  }
  return { results, outputs };
}

function runContext(
  plan: RunPlan,
  storage: StorageClient,
  executor: NodeExecutor,
  settings: RunSettings,
  events: RunEvents,
): RunContext {
  const { results, outputs } = storedResults(plan.record, plan.previous);
  return {
    runId: plan.record.runId,
    storage,
    executor,
    slots: new Slots(settings.concurrency),
    events,
    timeout: settings.timeout,
    retry: settings.retry,
    previous: plan.previous,
    outputs,
    results,
    writes: new Set(),
    progress: { total: results.size, settled: 0 },
  };
}

/** Records how the run ended (unless its lease was lost), then emits its last event. */
async function finish(
  context: RunContext,
  record: StoredRun,
  outcome: GraphOutcome,
  signal: AbortSignal,
  leaseLost: boolean,
): Promise<RunResult> {
  const { runId, events } = context;
  const info = outcome.status === "failed"
    ? errorInfo(outcome.error)
    : outcome.status === "cancelled"
    ? errorInfo(signal.reason)
    : undefined;
  const error: StoredRun["error"] = info && {
    ...(outcome.status === "failed" ? { nodeId: outcome.origin } : {}),
    message: info.message,
    ...(info.code === undefined ? {} : { code: info.code }),
  };
  const ended = { status: outcome.status, ...(error ? { error } : {}) };
  if (!leaseLost) {
    await writeRun(context.storage, { ...record, ...ended, finished: new Date().toISOString() })
      .catch(() => {});
  }
  const why = info === undefined ? "" : describeError(info);
  if (outcome.status === "completed") events.emit("execution:completed", { jobId: runId });
  else if (outcome.status === "failed") {
    events.emit("execution:failed", {
      jobId: runId,
      error: `node "${outcome.origin}" failed: ${why}`,
    });
  } else events.emit("execution:cancelled", { jobId: runId, reason: why });
  return { ...ended, outputs: context.outputs, nodes: context.results } as RunResult;
}
