import { ConductorError } from "./conductor_error.ts";
import { taskData } from "./_engine_context.ts";
import { runAttempts } from "./_engine_attempt.ts";
import type { NodeRun } from "./_engine_node.ts";
import { ProgressThrottle } from "./_engine_progress.ts";
import { attemptPlan } from "./_engine_request.ts";
import { runChild } from "./_engine_sub.ts";
import { readItems, writeItem } from "./_records.ts";
import { AbortScope } from "./_schedule_abort.ts";

/**
 * Runs a mapped node: its task (or its whole sub-blueprint, under
 * `node/<index>/`) once per element of the input array named by `data.map`,
 * with that field replaced by the element; at most `data.concurrency` elements
 * at once, each task on the run's slots with its own retries. Every finished
 * element is recorded, so a resume does not redo it; the first element that
 * fails for good stops the others and fails the node. The output is the
 * elements' outputs in order, or `{ count }` with `discard`.
 */
export async function runMap(run: NodeRun): Promise<unknown> {
  const items = mappedItems(run);
  const data = taskData(run.node);
  await run.begin(1, { total: items.length, message: `0 of ${items.length} items` });
  const done = run.previous
    ? await readItems(run.context.storage, run.context.runId, run.path)
    : new Map<number, unknown>();
  const outputs = data.discard ? undefined : new Array<unknown>(items.length);
  const element = elementRunner(run);
  const count = counter(run, items.length);
  const one = async (index: number, signal: AbortSignal): Promise<void> => {
    const output = done.has(index) ? done.get(index) : await element(items[index], index, signal);
    if (!done.has(index)) {
      // With `discard` only that it finished matters: its output is not kept.
      const kept = outputs ? output : undefined;
      await writeItem(run.context.storage, run.context.runId, run.path, index, kept);
    }
    if (outputs) outputs[index] = output;
    count();
  };
  await eachLimited(items.length, data.concurrency ?? items.length, run.signal, one)
    .finally(count.flush);
  return outputs ?? { count: items.length };
}

/**
 * Calls `one(index, signal)` for 0..length-1, at most `limit` at once, in
 * order of index; the first that rejects stops the rest (their signals abort)
 * and, once every call has ended, is what this rejects with.
 */
async function eachLimited(
  length: number,
  limit: number,
  parent: AbortSignal,
  one: (index: number, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const scope = new AbortScope(parent);
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < length && !scope.signal.aborted) {
      const { signal, release } = scope.child();
      await one(next++, signal).finally(release);
    }
  };
  const lanes = Array.from({ length: Math.min(limit, length) }, () =>
    lane().catch((error) => {
      if (failure) return;
      failure = { error };
      scope.abort(error);
    }));
  await Promise.all(lanes);
  if (failure) throw failure.error;
  // Stopped before every element started (a cancel between two of them).
  if (next < length) throw scope.signal.reason;
}

/** How one element runs: the node's task, or its sub-blueprint under `node/<index>/`. */
function elementRunner(
  run: NodeRun,
): (item: unknown, index: number, signal: AbortSignal) => Promise<unknown> {
  const data = taskData(run.node);
  const inputOf = (item: unknown): unknown => // Object.fromEntries and spread define own properties: a "__proto__" field stays data.
  ({ ...(run.input as object), ...Object.fromEntries([[data.map!, item]]) });
  if (data.blueprint) {
    return (item, index, signal) => runChild(run, `${run.path}/${index}/`, inputOf(item), signal);
  }
  return (item, _index, signal) =>
    runAttempts(run.context, attemptPlan(run, inputOf(item)), signal);
}

/** Counts finished elements into the node's progress (`3 of 10 items`); `flush` sends the last. */
function counter(run: NodeRun, total: number): (() => void) & { flush: () => void } {
  const throttle = new ProgressThrottle(run.context.events, run.path);
  let finished = 0;
  const count = (): void => {
    finished++;
    throttle.report({ current: finished, total, message: `${finished} of ${total} items` });
  };
  return Object.assign(count, { flush: () => throttle.flush() });
}

function mappedItems(run: NodeRun): readonly unknown[] {
  const field = taskData(run.node).map!;
  const input = run.input;
  const value = typeof input === "object" && input !== null && Object.hasOwn(input, field)
    ? (input as Record<string, unknown>)[field]
    : undefined;
  if (Array.isArray(value)) return value;
  const got = value === undefined ? "missing" : value === null ? "null" : typeof value;
  throw new ConductorError(
    "INVALID_INPUT",
    `Node "${run.path}" maps over its input field "${field}", which is ${got}: it must be an array.`,
  );
}
