import { ConductorError } from "./conductor_error.ts";
import { taskData } from "./_engine_context.ts";
import { type AttemptPlan, runAttempts } from "./_engine_attempt.ts";
import type { NodeRun } from "./_engine_node.ts";
import { ProgressThrottle } from "./_engine_progress.ts";
import { readItems, writeItem } from "./_records.ts";
import { AbortScope } from "./_schedule_abort.ts";

/**
 * Runs a mapped node: its task once per element of the input array named by
 * `data.map`, each element a task of its own (with its own retries) on the
 * run's slots. Every finished element is recorded, so a resume does not redo
 * it; the first element that fails for good stops the others and fails the node.
 */
export async function runMap(run: NodeRun): Promise<unknown[]> {
  const items = mappedItems(run);
  await run.begin(1, { total: items.length, message: `0 of ${items.length} items` });
  const done = run.previous
    ? await readItems(run.context.storage, run.context.runId, run.path)
    : new Map<number, unknown>();
  const scope = new AbortScope(run.signal);
  const throttle = new ProgressThrottle(run.context.events, run.path);
  const outputs = new Array<unknown>(items.length);
  let finished = 0;
  const count = (): void => {
    finished++;
    throttle.report({
      current: finished,
      total: items.length,
      message: `${finished} of ${items.length} items`,
    });
  };
  const element = async (item: unknown, index: number): Promise<void> => {
    if (done.has(index)) {
      outputs[index] = done.get(index);
      return count();
    }
    const { signal, release } = scope.child();
    const output = await runAttempts(run.context, elementPlan(run, item), signal).finally(release);
    await writeItem(run.context.storage, run.context.runId, run.path, index, output);
    outputs[index] = output;
    count();
  };
  try {
    await Promise.all(items.map((item, index) =>
      element(item, index).catch((error) => {
        scope.abort(error);
        throw error;
      })
    ));
  } finally {
    throttle.flush();
  }
  return outputs;
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

function elementPlan(run: NodeRun, item: unknown): AttemptPlan {
  const data = taskData(run.node);
  // Object.fromEntries and spread define own properties: a "__proto__" field stays data.
  const input = { ...(run.input as object), ...Object.fromEntries([[data.map!, item]]) };
  return {
    request: {
      module: data.module!,
      export: data.export,
      input,
      nodeId: run.path,
      baseUrl: run.graph.baseUrl,
    },
    timeout: data.timeout ?? run.context.timeout,
    policy: run.policy,
    previous: undefined,
    onAttempt: (attempt: number) => {
      run.attempts = Math.max(run.attempts, attempt);
    },
    onProgress: () => {},
  };
}
