import type { StorageClient } from "@atomiton/storage";
import type { BlueprintRun, RunResult } from "./blueprint_run.ts";
import { ConductorError } from "./conductor_error.ts";
import type { RunBlueprintOptions } from "./run_blueprint.ts";
import type { RunPlan } from "./_engine_run.ts";
import { startRun } from "./_engine_start.ts";

/** Options of {@linkcode resumeRun}: those of `runBlueprint`, with the run's storage required. */
export interface ResumeRunOptions extends RunBlueprintOptions {
  /** The storage holding the run's record. */
  readonly storage: StorageClient;
  /** Runs this node (a path `parent/child` inside a sub-blueprint) and everything downstream again. */
  readonly from?: string | undefined;
}

/**
 * Continues a run that crashed, failed or was cancelled, from its record:
 * nodes that completed keep their stored outputs and do not run again (nor
 * do finished elements of a mapped node); the rest run. An attempt recorded
 * `running` when its orchestrator died is repeated, not charged (its task may
 * never have started), up to 10 times per node; past that each such attempt
 * counts as failed, so a task that kills its orchestrator every time ends up
 * failing its node (`INTERRUPTED`) instead of looping forever. With `from`, that
 * node and everything downstream of it run again even if they completed. A
 * completed run resumed without `from` gives its result and runs nothing. The
 * run's concurrency, timeout and retry are its own unless given here; its
 * blueprint is the one recorded (validated when the run began). `metadata`
 * given here is merged over the recorded one (a resuming process records its
 * own pid or host, say), field by field.
 *
 * @param runId The run's id.
 * @param options The run's storage, `from`, and the options of `runBlueprint`.
 * @returns The run; its result rejects with `RUN_NOT_FOUND`, `NODE_NOT_FOUND` or `RUN_ACTIVE`.
 *
 * @example Resume a failed run once its cause is fixed
 * ```ts
 * import { inThreadExecutor, resumeRun, runBlueprint } from "@atomiton/conductor";
 * import { MemoryClient } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * const state = globalThis as { broken?: boolean };
 * state.broken = true;
 * const check = `data:text/javascript,${encodeURIComponent(
 *   "export default () => { if (globalThis.broken) throw new Error('broken'); return 'fixed'; };",
 * )}`;
 * const storage = new MemoryClient();
 * const executor = inThreadExecutor();
 * const blueprint = {
 *   id: "fix",
 *   name: "Fix",
 *   nodes: [{ id: "check", type: "task", position: { x: 0, y: 0 }, data: { module: check } }],
 *   edges: [],
 * };
 * const first = runBlueprint(blueprint, { executor, storage });
 * assert.equal((await first.result).status, "failed");
 * state.broken = false;
 * const again = await resumeRun(first.id, { executor, storage }).result;
 * assert.equal(again.status, "completed");
 * assert.equal(again.outputs.get("check"), "fixed");
 * ```
 */
export function resumeRun(runId: string, options: ResumeRunOptions): BlueprintRun {
  return startRun(runId, options, async (): Promise<RunPlan | RunResult> => {
    const {
      asStoredRun,
      checkRunId,
      forcedPaths,
      isForced,
      readNodes,
      runKey,
      runSettings,
      storedResults,
    } = await import("./_engine.ts");
    checkRunId(runId);
    const storage = options.storage;
    if (!storage || typeof storage.get !== "function") {
      throw new ConductorError("INVALID_OPTION", "resumeRun needs the run's storage: { storage }.");
    }
    const value = await storage.get(runKey(runId));
    const record = asStoredRun(value, runId);
    if (!record) {
      const held = value === undefined ? "" : ` (${runKey(runId)} holds something else)`;
      throw new ConductorError(
        "RUN_NOT_FOUND",
        `No run "${runId}" in this storage${held}: listRuns(storage) lists the runs it holds.`,
      );
    }
    runSettings(options, record.options);
    const stored = await readNodes(storage, runId);
    const forced = options.from === undefined
      ? undefined
      : forcedPaths(record.blueprint, options.from);
    if (record.status === "completed" && !forced) {
      const { results, outputs } = storedResults(record, stored);
      return { status: "completed", outputs, nodes: results };
    }
    // A forced node's records go, with those of its elements' nodes (`node/<i>/child`).
    const previous = new Map([...stored].filter(([path]) => !forced || !isForced(forced, path)));
    // This process's metadata (its pid, host, log) over the earlier one's: the record names who runs it now.
    const metadata = options.metadata && { ...record.metadata, ...options.metadata };
    return { record: metadata ? { ...record, metadata } : record, previous, storage, options };
  });
}
