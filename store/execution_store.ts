import type { StoreApi } from "./store_api.ts";
import { createStore, fail, int, missing, newId, num, put, show, str } from "./_common.ts";

/** Where a job is: waiting, working, held, or finished one of three ways. */
export type JobStatus = "queued" | "running" | "paused" | "completed" | "failed" | "cancelled";

/** Where one node of a job's blueprint is. */
export type NodeStatus = "pending" | "running" | "completed" | "failed" | "skipped";

/** One node's state within a job. */
export interface NodeState {
  /** Where the node is. */
  readonly status: NodeStatus;
  /** How far the node is, from 0 to 1. */
  readonly progress?: number;
  /** What the node is doing, for people. */
  readonly message?: string;
  /** Why the node failed. */
  readonly error?: string;
}

/** How far a job is. */
export interface JobProgress {
  /** Steps done (finished nodes, unless set otherwise). */
  readonly current: number;
  /** Steps in all; 0 while unknown. */
  readonly total: number;
  /** `current` out of `total`, from 0 to 100, rounded. */
  readonly percentage: number;
  /** What the job is doing, for people. */
  readonly message?: string;
}

/** When a job went through its stages, in ms since the epoch. */
export interface JobTimestamps {
  /** When it was queued. */
  readonly queued: number;
  /** When it started running. */
  readonly started?: number;
  /** When it was last paused. */
  readonly paused?: number;
  /** When it completed, failed or was cancelled. */
  readonly finished?: number;
}

/** One run of a blueprint. */
export interface Job {
  /** Unique in its store. */
  readonly id: string;
  /** The blueprint it runs. */
  readonly blueprintId: string;
  /** Where it is. */
  readonly status: JobStatus;
  /** How far it is. */
  readonly progress: JobProgress;
  /** Node states by node id. */
  readonly nodeStates: ReadonlyMap<string, NodeState>;
  /** What a completed job returned. */
  readonly result?: unknown;
  /** Why a job failed or was cancelled. */
  readonly error?: string;
  /** When it went through its stages. */
  readonly timestamps: JobTimestamps;
}

/** Counts of finished jobs since the store was created. */
export interface ExecutionStats {
  /** Jobs that completed. */
  readonly completed: number;
  /** Jobs that failed. */
  readonly failed: number;
  /** Jobs that were cancelled. */
  readonly cancelled: number;
  /** The sum of started-to-finished times of completed and failed jobs, in ms. */
  readonly duration: number;
}

/** The execution store's state and actions. Every transition returns the changed job. */
export interface ExecutionState {
  /** Every job by id, finished ones too until removed. */
  readonly jobs: ReadonlyMap<string, Job>;
  /** Ids of queued jobs, oldest first. */
  readonly queue: readonly string[];
  /** Ids of running and paused jobs (a paused job keeps its slot). */
  readonly active: readonly string[];
  /** How many jobs may be active at once. */
  readonly concurrency: number;
  /** Counts of finished jobs; they outlive removed jobs. */
  readonly stats: ExecutionStats;
  /**
   * Queues a run of a blueprint.
   * @throws {StoreError} `DUPLICATE` for a taken id, `INVALID_OPTION` for a bad argument.
   */
  enqueue(blueprintId: string, options?: { readonly id?: string; readonly total?: number }): Job;
  /**
   * Starts a queued job, or the oldest one; returns `undefined` when none is queued.
   * `force` ignores the concurrency limit (for jobs run elsewhere, as `bindEvents` reports them).
   * @throws {StoreError} `LIMIT_REACHED`, `NOT_FOUND`, or `INVALID_TRANSITION` unless queued.
   */
  start(id?: string, force?: boolean): Job | undefined;
  /** Holds a running job. @throws {StoreError} `INVALID_TRANSITION` unless running. */
  pause(id: string): Job;
  /** Goes on with a paused job. @throws {StoreError} `INVALID_TRANSITION` unless paused. */
  resume(id: string): Job;
  /** Sets how far a running or paused job is. @throws {StoreError} `INVALID_TRANSITION` otherwise. */
  progress(id: string, progress: { current: number; total?: number; message?: string }): Job;
  /**
   * Sets a node's state; `current` becomes the count of finished nodes.
   * @throws {StoreError} `INVALID_TRANSITION` unless running or paused.
   */
  nodeProgress(id: string, nodeId: string, state: NodeState): Job;
  /** Finishes a running job. @throws {StoreError} `INVALID_TRANSITION` unless running. */
  complete(id: string, result?: unknown): Job;
  /** Fails a job that has not finished. @throws {StoreError} `INVALID_TRANSITION` once finished. */
  fail(id: string, error: string): Job;
  /** Cancels a job that has not finished. @throws {StoreError} `INVALID_TRANSITION` once finished. */
  cancel(id: string, reason?: string): Job;
  /** Removes a finished job. @throws {StoreError} `INVALID_TRANSITION` unless finished. */
  remove(id: string): void;
  /** Removes every finished job; returns how many. */
  clearFinished(): number;
  /**
   * Sets how many jobs may be active at once.
   * @throws {StoreError} `INVALID_OPTION` unless a whole number of 1 or more.
   */
  setConcurrency(concurrency: number): void;
}

/** A zustand store of jobs, as {@linkcode createExecutionStore} makes it. */
export type ExecutionStore = StoreApi<ExecutionState>;

/** Options for {@linkcode createExecutionStore}. */
export interface ExecutionStoreOptions {
  /** How many jobs may be active at once (default 4). */
  readonly concurrency?: number;
  /** The clock for timestamps, in ms since the epoch; default `Date.now`. */
  readonly now?: () => number;
}

const LIVE: JobStatus[] = ["queued", "running", "paused"];
const WORKING = LIVE.slice(1);

const progressOf = (current: number, total: number, message?: string): JobProgress => ({
  current,
  total,
  percentage: total > 0 ? Math.round(Math.min(current / total, 1) * 100) : 0,
  ...message === undefined ? {} : { message },
});

/**
 * Creates a store of jobs: a queue, active jobs under a concurrency limit, and
 * statistics. Every transition is an action; one that makes no sense from the
 * job's status (completing a cancelled job) throws a `StoreError` with code
 * `INVALID_TRANSITION` and changes nothing.
 *
 * `queued → running ⇄ paused → completed`; `failed` and `cancelled` from any
 * of `queued`, `running` and `paused`.
 *
 * @param options The concurrency limit and a clock.
 * @returns A zustand vanilla store.
 *
 * @example Run a job
 * ```ts
 * import { createExecutionStore } from "@atomiton/store";
 * import assert from "node:assert/strict";
 *
 * const store = createExecutionStore({ concurrency: 2 });
 * const { enqueue, start, nodeProgress, complete } = store.getState();
 * const job = enqueue("bp-1", { total: 2 });
 * start();
 * nodeProgress(job.id, "fetch", { status: "completed" });
 * assert.equal(store.getState().jobs.get(job.id)?.progress.percentage, 50);
 * complete(job.id, { saved: 3 });
 * assert.equal(store.getState().stats.completed, 1);
 * assert.deepEqual(store.getState().active, []);
 * ```
 */
export function createExecutionStore(options: ExecutionStoreOptions = {}): ExecutionStore {
  const now = options.now ?? Date.now;
  return createStore<ExecutionState>()((set, get) => {
    // Returns the job when its status is one of `from`; the error says what it is and what is needed.
    const check = (id: string, action: string, from: readonly JobStatus[]): Job => {
      const job = get().jobs.get(id) ?? missing("job", id);
      return from.includes(job.status) ? job : fail(
        "INVALID_TRANSITION",
        `cannot ${action} job ${show(id)}: it is ${job.status}, ${action} needs ${
          from.join(" or ")
        }`,
      );
    };
    // Changes a job whose status is one of `from` (to `status`, stamping `stage`), keeping the
    // queue, the active list and the statistics in step.
    const move = (
      id: string,
      action: string,
      from: readonly JobStatus[],
      status?: JobStatus,
      stage?: keyof JobTimestamps,
      change?: (job: Job) => Partial<Job>,
    ): Job => {
      const job = check(id, action, from);
      const { jobs, queue, active, stats } = get();
      const next: Job = {
        ...job,
        ...change?.(job),
        status: status ??= job.status,
        timestamps: stage ? { ...job.timestamps, [stage]: now() } : job.timestamps,
      };
      const done = !LIVE.includes(status);
      set({
        jobs: put(jobs, id, next),
        // Only a job that leaves the queue changes it: progress keeps the same array.
        queue: job.status !== "queued" || status === "queued"
          ? queue
          : queue.filter((q) => q !== id),
        active: !WORKING.includes(status)
          ? active.filter((a) => a !== id)
          : active.includes(id)
          ? active
          : [...active, id],
        stats: done
          ? {
            ...stats,
            [status]: stats[status as "failed"] + 1,
            duration: stats.duration +
              (status === "cancelled" ? 0 : now() - (job.timestamps.started ?? now())),
          }
          : stats,
      });
      return next;
    };
    return {
      jobs: new Map(),
      queue: [],
      active: [],
      concurrency: int("concurrency", options.concurrency ?? 4, 1),
      stats: { completed: 0, failed: 0, cancelled: 0, duration: 0 },
      enqueue: (blueprintId, { id = newId(), total = 0 } = {}) => {
        const s = get();
        if (s.jobs.has(str("id", id))) fail("DUPLICATE", `job ${show(id)} exists`);
        const job: Job = {
          id,
          blueprintId: str("blueprintId", blueprintId),
          status: "queued",
          progress: progressOf(0, num("total", total)),
          nodeStates: new Map(),
          timestamps: { queued: now() },
        };
        set({ jobs: put(s.jobs, id, job), queue: [...s.queue, id] });
        return job;
      },
      start: (id, force) => {
        const { queue, active, concurrency } = get();
        const next = id ?? queue[0];
        if (next !== undefined && !force && active.length >= concurrency) {
          fail("LIMIT_REACHED", `${active.length} jobs are active, the limit is ${concurrency}`);
        }
        return next === undefined ? next : move(next, "start", ["queued"], "running", "started");
      },
      pause: (id) => move(id, "pause", ["running"], "paused", "paused"),
      resume: (id) => move(id, "resume", ["paused"], "running"),
      progress: (id, { current, total, message }) =>
        move(id, "progress", WORKING, undefined, undefined, (job) => ({
          progress: progressOf(
            num("current", current),
            num("total", total ?? job.progress.total),
            message,
          ),
        })),
      nodeProgress: (id, nodeId, state) =>
        move(id, "nodeProgress", WORKING, undefined, undefined, (job) => {
          const nodeStates = put(job.nodeStates, str("nodeId", nodeId), state);
          const current = [...nodeStates.values()].filter((n) =>
            !["pending", "running"].includes(n.status)
          ).length;
          const { total, message } = job.progress;
          return { nodeStates, progress: progressOf(current, Math.max(total, current), message) };
        }),
      complete: (id, result) =>
        move(id, "complete", ["running"], "completed", "finished", (job) => ({
          result,
          progress: { ...job.progress, current: job.progress.total, percentage: 100 },
        })),
      fail: (id, error) =>
        move(id, "fail", LIVE, "failed", "finished", () => ({ error: String(error) })),
      cancel: (id, error) =>
        move(
          id,
          "cancel",
          LIVE,
          "cancelled",
          "finished",
          () => error === undefined ? {} : { error },
        ),
      remove: (id) => {
        check(id, "remove", ["completed", "failed", "cancelled"]);
        set({ jobs: put(get().jobs, id) });
      },
      clearFinished: () => {
        const jobs = get().jobs;
        const kept = new Map([...jobs].filter(([, job]) => LIVE.includes(job.status)));
        set({ jobs: kept });
        return jobs.size - kept.size;
      },
      setConcurrency: (concurrency) => set({ concurrency: int("concurrency", concurrency, 1) }),
    };
  });
}
