import { taskData } from "./_engine_context.ts";
import { runAttempts } from "./_engine_attempt.ts";
import type { NodeRun } from "./_engine_node.ts";
import { ProgressThrottle } from "./_engine_progress.ts";
import { attemptPlan } from "./_engine_request.ts";
import { runChild } from "./_engine_sub.ts";
import { readItems, writeItem } from "./_records.ts";

/**
 * Runs a sub-blueprint node with `while`: iteration `i` (under `node/<i>/`)
 * runs once its condition task, given `{ ...while.input, index, previous,
 * input }`, returns something truthy; at most `while.max` iterations, one
 * after the other. Each finished iteration is recorded: a resume takes those
 * as they are (their conditions are not asked again). The output is the
 * iterations' outputs in order, or `{ count }` with `discard`.
 */
export async function runWhile(run: NodeRun): Promise<unknown> {
  const data = taskData(run.node);
  const { max } = data.while!;
  const { storage, runId } = run.context;
  await run.begin(1);
  const done = run.previous ? await readItems(storage, runId, run.path) : new Map();
  const throttle = new ProgressThrottle(run.context.events, run.path);
  const outputs: unknown[] = [];
  let previous: unknown;
  let count = 0;
  // Only the unbroken run of recorded iterations from 0 counts: each one's input is the last's output.
  let restoring = true;
  try {
    for (let index = 0; index < max; index++) {
      restoring &&= done.has(index);
      if (restoring) previous = done.get(index);
      else {
        if (!await goOn(run, index, previous)) break;
        const input = iterationInput(run.input, index, previous);
        previous = await runChild(run, `${run.path}/${index}/`, input, run.signal);
        // The next iteration needs `previous`, so it is kept even with `discard`.
        await writeItem(storage, runId, run.path, index, previous);
      }
      count++;
      if (!data.discard) outputs.push(previous);
      throttle.report(`${count} iteration${count === 1 ? "" : "s"} of at most ${max}`);
    }
  } finally {
    throttle.flush();
  }
  return data.discard ? { count } : outputs;
}

/** Asks the condition task whether iteration `index` runs. */
async function goOn(run: NodeRun, index: number, previous: unknown): Promise<boolean> {
  const condition = taskData(run.node).while!;
  const own = condition.input as object | undefined;
  // Spread defines own properties: a "__proto__" field of `while.input` stays data.
  const input = { ...own, index, previous, input: run.input };
  return Boolean(await runAttempts(run.context, attemptPlan(run, input, condition), run.signal));
}

/** `{ index, previous }` over the node's input (an input that is no object goes under `input`). */
function iterationInput(input: unknown, index: number, previous: unknown): unknown {
  const isObject = typeof input === "object" && input !== null && !Array.isArray(input);
  if (isObject || input === undefined) return { ...input as object, index, previous };
  return { input, index, previous };
}
