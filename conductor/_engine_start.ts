import type { BlueprintRun, RunResult } from "./blueprint_run.ts";
import type { RunBlueprintOptions } from "./run_blueprint.ts";
import { RunEvents } from "./_engine_events.ts";
import type { RunPlan } from "./_engine_run.ts";

/**
 * Starts a run: `prepare` (validation, reading the stored run) and the run
 * itself happen in the background; the returned handle has the id at once.
 * `prepare` may answer with a finished result (a completed run resumed without `from`).
 * The engine loads on the first run, not on import; cancelling before it has loaded
 * aborts the signal it then starts with.
 */
export function startRun(
  runId: string,
  options: RunBlueprintOptions,
  prepare: () => Promise<RunPlan | RunResult>,
): BlueprintRun {
  const controller = new AbortController();
  const stop = (): void => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) stop();
  else options.signal?.addEventListener("abort", stop, { once: true });
  const events = new RunEvents(runId, options.events);
  const result = (async () => {
    const [plan, { execute }] = await Promise.all([prepare(), import("./_engine.ts")]);
    return "status" in plan ? plan : await execute(plan, controller, events);
  })().finally(() => options.signal?.removeEventListener("abort", stop));
  result.then(() => events.end(), (error) => events.end(error));
  // The events' iterators get a start that failed too: an unread result is no unhandled rejection.
  result.catch(() => {});
  return {
    id: runId,
    result,
    cancel: (reason?: unknown) => controller.abort(reason ?? new Error("The run was cancelled.")),
    [Symbol.asyncIterator]: () => events[Symbol.asyncIterator](),
  };
}
