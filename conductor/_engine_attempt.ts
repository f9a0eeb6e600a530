import { retry, RetryError } from "@atomiton/resilience";
import { ConductorError } from "./conductor_error.ts";
import type { NodeRequest } from "./node_executor.ts";
import type { RunContext } from "./_engine_context.ts";
import type { StoredNode } from "./_records.ts";
import type { NodeRetryPolicy } from "./validate_blueprint.ts";

/** One task to run with its retries: a node's, or one element of a mapped node. */
export interface AttemptPlan {
  readonly request: NodeRequest;
  readonly timeout: number | undefined;
  /** From {@linkcode nodePolicy}. */
  readonly policy: NodeRetryPolicy;
  /** The node's record from an earlier try of the run, if any: attempts go on from it. */
  readonly previous: StoredNode | undefined;
  /** Runs before each attempt, once it has its slot (the node's `running` record and event). */
  readonly onAttempt: (attempt: number, of: number) => Promise<void> | void;
  readonly onProgress: (value: unknown) => void;
}

/** What `retry` of `@atomiton/resilience` waits at most between attempts unless told. */
const RESILIENCE_MAX_DELAY = 60_000;

/**
 * A node's retry policy, once per node, as the engine runs it: one attempt
 * unless it says more; `maxDelay` defaults to 60 s or `minDelay` when that is
 * longer (resilience refuses a `minDelay` over its default `maxDelay`).
 */
export function nodePolicy(policy: NodeRetryPolicy | undefined): NodeRetryPolicy {
  const { maxAttempts = 1, minDelay, maxDelay } = policy ?? {};
  const max = maxDelay ??
    (minDelay !== undefined && minDelay > RESILIENCE_MAX_DELAY ? minDelay : undefined);
  return { ...policy, maxAttempts, ...(max === undefined ? {} : { maxDelay: max }) };
}

/**
 * How often an attempt interrupted by its orchestrator's end is repeated under
 * its own number before such attempts are charged as failed ones: a task that
 * kills its orchestrator every time (a poison task) runs at most `maxAttempts`
 * plus this many times before its node fails, instead of forever.
 */
export const INTERRUPTED_REPEATS = 10;

/** Attempts of a node that an orchestrator's end interrupted: one more when its record says `running`. */
export const interruptions = (previous: StoredNode | undefined): number =>
  (previous?.interrupted ?? 0) + (previous?.status === "running" ? 1 : 0);

/**
 * Numbers attempts on from an earlier try. An attempt its orchestrator's end
 * interrupted (recorded `running`) is repeated under its own number, not
 * charged: the crash may have come before its task ever reached a worker, and
 * it says nothing of the task. Past {@linkcode INTERRUPTED_REPEATS}
 * interruptions of the node, each is charged as a failed attempt, and a budget
 * of 0 fails the node (`INTERRUPTED`). A node that failed or was stopped gets
 * its full budget again.
 */
export function attemptBudget(
  policy: NodeRetryPolicy,
  previous: StoredNode | undefined,
): { readonly first: number; readonly budget: number } {
  const max = policy.maxAttempts ?? 1;
  const before = previous?.attempts ?? 0;
  if (previous?.status !== "running") return { first: before + 1, budget: max };
  const last = Math.max(1, before);
  if (interruptions(previous) <= INTERRUPTED_REPEATS) {
    return { first: last, budget: Math.max(1, max - last + 1) };
  }
  return { first: last + 1, budget: Math.max(0, max - last) };
}

/**
 * Runs a task through `retry` of `@atomiton/resilience`: each attempt waits
 * for a slot of the run's concurrency; a crashed worker or a time limit is a
 * failed attempt; once `signal` aborts (a cancel, another node's failure) there
 * is no other. Rejects with the last attempt's own error.
 */
export async function runAttempts(
  context: RunContext,
  plan: AttemptPlan,
  signal: AbortSignal,
): Promise<unknown> {
  const { first, budget } = attemptBudget(plan.policy, plan.previous);
  const { policy } = plan;
  if (budget === 0) throw interrupted(plan);
  try {
    return await retry(async (attempt, attemptSignal) => {
      const release = await context.slots.acquire(attemptSignal);
      try {
        await plan.onAttempt(first + attempt - 1, first + budget - 1);
        return await context.executor.run(plan.request, {
          signal: attemptSignal,
          timeout: plan.timeout,
          onProgress: plan.onProgress,
        });
      } finally {
        release();
      }
    }, {
      maxAttempts: budget,
      minDelay: policy.minDelay,
      maxDelay: policy.maxDelay,
      multiplier: policy.multiplier,
      jitter: policy.jitter,
      signal,
      isRetriable: () => !signal.aborted,
    });
  } catch (error) {
    throw error instanceof RetryError ? error.cause : error;
  }
}

function interrupted(plan: AttemptPlan): ConductorError {
  const { nodeId } = plan.request;
  const times = interruptions(plan.previous);
  return new ConductorError(
    "INTERRUPTED",
    `Node "${nodeId}" had ${times} attempts interrupted by the end of their orchestrator (a task ` +
      `that kills it?): past ${INTERRUPTED_REPEATS}, each counts as a failed attempt, and none of ` +
      `its ${plan.policy.maxAttempts ?? 1} is left. Resume the run to give it its attempts again.`,
  );
}
