import { taskData } from "./_engine_context.ts";
import type { AttemptPlan } from "./_engine_attempt.ts";
import type { NodeRun } from "./_engine_node.ts";

/** A task a node runs: its own module, or its `while` condition's. */
export interface NodeTask {
  readonly module?: string | undefined;
  readonly export?: string | undefined;
}

/**
 * One task of a node with `input` (an attempt, a mapped element, a `while`
 * condition): the node's time limit, retry policy and `sandbox` go with each.
 */
export function attemptPlan(
  run: NodeRun,
  input: unknown,
  task: NodeTask = taskData(run.node),
): AttemptPlan {
  const data = taskData(run.node);
  return {
    request: {
      module: task.module!,
      export: task.export,
      input,
      nodeId: run.path,
      baseUrl: run.graph.baseUrl,
      // Code from a flow's file runs only where its permissions hold: every request says so.
      ...(data.sandbox ? { sandbox: data.sandbox } : {}),
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
