import { deprecated } from "./_deprecation.ts";
import { OldStore } from "./old_store.ts";
import { sharedStoreClient } from "./_shared_store_client.ts";

/**
 * Where a job of the old execution store is.
 *
 * @deprecated Use `JobStatus` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import type { JobStatus } from "@atomiton/core";
 *
 * const status: JobStatus = "queued";
 * console.log(status);
 * ```
 */
export type JobStatus = "queued" | "running" | "paused" | "completed" | "failed" | "cancelled";

/**
 * How far a job of the old execution store is.
 *
 * @deprecated Use `JobProgress` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import type { JobProgress } from "@atomiton/core";
 *
 * const progress: JobProgress = { current: 1, total: 4, percentage: 25 };
 * console.log(progress.percentage);
 * ```
 */
export interface JobProgress {
  /** Steps done. */
  current: number;
  /** Steps in all. */
  total: number;
  /** Done, in percent. */
  percentage: number;
  /** What it is doing. */
  message?: string;
  /** Milliseconds left, estimated. */
  estimatedTimeRemaining?: number;
}

/**
 * How a job of the old execution store ended.
 *
 * @deprecated Use `Job["result"]` (and `Job["error"]`) from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import type { JobResult } from "@atomiton/core";
 *
 * const result: JobResult = { success: true, data: 42, logs: [] };
 * console.log(result.success);
 * ```
 */
export interface JobResult {
  /** Whether it succeeded. */
  success: boolean;
  /** What it produced. */
  data?: unknown;
  /** Why it failed. */
  error?: Error;
  /** Its log lines. */
  logs: string[];
  /** Its timings and counts. */
  metrics?: {
    startTime: Date;
    endTime: Date;
    duration: number;
    nodesExecuted: number;
    memoryUsed?: number;
  };
}

/**
 * A job of the old execution store.
 *
 * @deprecated Use `Job` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { createExecutionStore, type Job } from "@atomiton/core";
 *
 * const jobs: Job[] = [...createExecutionStore().getState().jobs.values()];
 * console.log(jobs.length);
 * ```
 */
export interface Job {
  /** Its id. */
  id: string;
  /** The blueprint it runs. */
  blueprintId: string;
  /** The blueprint's name. */
  blueprintName: string;
  /** Where it is. */
  status: JobStatus;
  /** Its priority. */
  priority: number;
  /** How far it is. */
  progress: JobProgress;
  /** Its result, when ended. */
  result?: JobResult;
  /** When it started running. */
  startedAt?: Date;
  /** When it ended. */
  completedAt?: Date;
  /** Why it failed. */
  error?: string;
  /** Each node's state by node id. */
  nodeStates: Map<
    string,
    {
      status: "pending" | "running" | "completed" | "failed" | "skipped";
      startTime?: Date;
      endTime?: Date;
      output?: unknown;
      error?: string;
    }
  >;
  /** Its inputs. */
  inputs: Record<string, unknown>;
  /** Its outputs. */
  outputs: Record<string, unknown>;
  /** Its tags. */
  tags: string[];
}

/**
 * The old execution store's state.
 *
 * @deprecated Use `ExecutionState` from `@atomiton/store`: actions are part of the state.
 *
 * @example
 * ```ts
 * import { createExecutionStore, type ExecutionState } from "@atomiton/core";
 *
 * const state: ExecutionState = createExecutionStore().getState();
 * console.log(state.maxConcurrentJobs);
 * ```
 */
export interface ExecutionState {
  /** The jobs by id. */
  jobs: Map<string, Job>;
  /** Ids of the queued jobs, next first. */
  queue: string[];
  /** Ids of the running jobs. */
  activeJobs: string[];
  /** How many jobs may run at once. */
  maxConcurrentJobs: number;
  /** Whether failed jobs are retried. */
  autoRetryFailures: boolean;
  /** How many times. */
  retryLimit: number;
  /** Jobs ended as completed or failed. */
  totalJobsRun: number;
  /** Jobs completed. */
  totalJobsSucceeded: number;
  /** Jobs failed. */
  totalJobsFailed: number;
  /** Mean milliseconds of a completed job. */
  averageExecutionTime: number;
  /** The selected job. */
  selectedJobId: string | null;
  /** Whether the list shows ended jobs. */
  showCompletedJobs: boolean;
  /** Which jobs the list shows. */
  jobFilter: "all" | "active" | "completed" | "failed";
}

const INSTEAD = "createExecutionStore from @atomiton/store: `executions.getState().action(...)`";
const ENDED = new Set<JobStatus>(["completed", "failed", "cancelled"]);

/**
 * The old execution store (not persisted).
 *
 * @deprecated Use `ExecutionStore` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { createExecutionStore } from "@atomiton/core";
 *
 * console.log(createExecutionStore().getState().queue);
 * ```
 */
export class ExecutionStore extends OldStore<ExecutionState> {
  /** The store's actions. */
  readonly actions: ExecutionActions = new ExecutionActions(this);
}

/**
 * Makes the old execution store.
 *
 * @deprecated Use `createExecutionStore()` from `@atomiton/store`.
 * @returns The store, with `actions`.
 *
 * @example
 * ```ts
 * import { createExecutionStore } from "@atomiton/core";
 *
 * const jobs = createExecutionStore();
 * const id = jobs.actions.addJob({
 *   blueprintId: "bp", blueprintName: "Report", status: "queued", priority: 1,
 *   progress: { current: 0, total: 100, percentage: 0 }, nodeStates: new Map(),
 *   inputs: {}, outputs: {}, tags: [],
 * });
 * jobs.actions.cancelJob(id);
 * ```
 */
export function createExecutionStore(): ExecutionStore {
  deprecated("createExecutionStore", INSTEAD);
  return new ExecutionStore(
    sharedStoreClient().createZustandStore<ExecutionState>({
      initialState: {
        jobs: new Map(),
        queue: [],
        activeJobs: [],
        maxConcurrentJobs: 3,
        autoRetryFailures: false,
        retryLimit: 3,
        totalJobsRun: 0,
        totalJobsSucceeded: 0,
        totalJobsFailed: 0,
        averageExecutionTime: 0,
        selectedJobId: null,
        showCompletedJobs: true,
        jobFilter: "all",
      },
    }),
  );
}

/**
 * The old execution store's actions. New: `signal(jobId)`, aborted when the
 * job is cancelled, so cancelling reaches the task that runs it.
 *
 * @deprecated Actions live in the state of `@atomiton/store`'s execution store.
 *
 * @example
 * ```ts
 * import { createExecutionStore } from "@atomiton/core";
 *
 * const jobs = createExecutionStore();
 * console.log(jobs.actions.signal("job-1").aborted);
 * ```
 */
export class ExecutionActions {
  readonly #store: ExecutionStore;
  readonly #controllers = new Map<string, AbortController>();

  /**
   * Acts on `store` (made by `createExecutionStore`).
   *
   * @param store The store acted on.
   */
  constructor(store: ExecutionStore) {
    this.#store = store;
  }

  #set(change: (state: ExecutionState) => Partial<ExecutionState>): void {
    this.#store.setState((state) => ({ ...state, ...change(state) }));
  }

  #job(jobId: string, change: (job: Job) => Job): void {
    this.#set((s) => {
      const job = s.jobs.get(jobId);
      return job ? { jobs: new Map(s.jobs).set(jobId, change(job)) } : {};
    });
  }

  /**
   * Adds a job; a `queued` one joins the queue.
   *
   * @param job The job without an id.
   * @returns Its id. /
   */
  addJob(job: Omit<Job, "id">): string {
    const id = `job-${Date.now()}-${Math.random().toString(36).slice(2, 11)}`;
    const full: Job = {
      ...job,
      id,
      progress: job.progress,
      nodeStates: job.nodeStates ?? new Map(),
    };
    this.#set((s) => ({
      jobs: new Map(s.jobs).set(id, full),
      queue: job.status === "queued" ? [...s.queue, id] : s.queue,
    }));
    return id;
  }

  /**
   * The signal a runner passes to the task (`pool.run(input, { signal })`): aborted by `cancelJob`.
   *
   * @param jobId The job.
   * @returns Its signal.
   */
  signal(jobId: string): AbortSignal {
    let controller = this.#controllers.get(jobId);
    if (!controller) this.#controllers.set(jobId, controller = new AbortController());
    return controller.signal;
  }

  /**
   * Sets a job's status.
   *
   * @param jobId The job.
   * @param status Its new status; the queue, the active list and the statistics follow. /
   */
  updateJobStatus(jobId: string, status: JobStatus): void {
    this.#set((s) => {
      const job = s.jobs.get(jobId);
      if (!job) return {};
      const now = new Date();
      const updated: Job = { ...job, status };
      if (status === "running" && !updated.startedAt) updated.startedAt = now;
      if (ENDED.has(status)) updated.completedAt = now;
      const others = (ids: string[]): string[] => ids.filter((id) => id !== jobId);
      const queue = status === "queued" ? s.queue : others(s.queue);
      const activeJobs = status === "running"
        ? [...others(s.activeJobs), jobId]
        : others(s.activeJobs);
      const duration = now.getTime() - (updated.startedAt ?? now).getTime();
      const stats: Partial<ExecutionState> = status === "completed"
        ? {
          totalJobsRun: s.totalJobsRun + 1,
          totalJobsSucceeded: s.totalJobsSucceeded + 1,
          averageExecutionTime: (s.averageExecutionTime * s.totalJobsRun + duration) /
            (s.totalJobsRun + 1),
        }
        : status === "failed"
        ? { totalJobsRun: s.totalJobsRun + 1, totalJobsFailed: s.totalJobsFailed + 1 }
        : {};
      return { jobs: new Map(s.jobs).set(jobId, updated), queue, activeJobs, ...stats };
    });
  }

  /**
   * Updates a job's progress.
   *
   * @param jobId The job.
   * @param progress What changed; with `total`, the percentage is recomputed. /
   */
  updateJobProgress(jobId: string, progress: Partial<JobProgress>): void {
    this.#job(jobId, (job) => ({
      ...job,
      progress: {
        ...job.progress,
        ...progress,
        percentage: progress.total
          ? ((progress.current ?? job.progress.current) / progress.total) * 100
          : job.progress.percentage,
      },
    }));
  }

  /**
   * Updates the state of one node of a job.
   *
   * @param jobId The job.
   * @param nodeId The node.
   * @param nodeState What changed (a new node starts `pending`). /
   */
  updateNodeState(
    jobId: string,
    nodeId: string,
    nodeState: Partial<Job["nodeStates"] extends Map<string, infer V> ? V : never>,
  ): void {
    this.#job(jobId, (job) => {
      const nodeStates = new Map(job.nodeStates);
      nodeStates.set(nodeId, {
        ...(nodeStates.get(nodeId) ?? { status: "pending" }),
        ...nodeState,
      });
      return { ...job, nodeStates };
    });
  }

  /**
   * Records a job's result.
   *
   * @param jobId The job.
   * @param result Its result: `completed` or `failed` by `success`. /
   */
  setJobResult(jobId: string, result: JobResult): void {
    this.#job(jobId, (job) => ({
      ...job,
      result,
      status: result.success ? "completed" : "failed",
      completedAt: new Date(),
    }));
  }

  /**
   * Cancels a job.
   *
   * @param jobId The job: `cancelled`, out of the queue, and its `signal` aborted.
   */
  cancelJob(jobId: string): void {
    this.updateJobStatus(jobId, "cancelled");
    this.signal(jobId);
    this.#controllers.get(jobId)!.abort(
      new DOMException(`job ${jobId} was cancelled`, "AbortError"),
    );
  }

  /**
   * Pauses a job.
   *
   * @param jobId The job to pause.
   */
  pauseJob(jobId: string): void {
    this.updateJobStatus(jobId, "paused");
  }

  /**
   * Queues a paused job again.
   *
   * @param jobId The job to queue again.
   */
  resumeJob(jobId: string): void {
    this.updateJobStatus(jobId, "queued");
    this.#set((s) => (s.queue.includes(jobId) ? {} : { queue: [...s.queue, jobId] }));
  }

  /**
   * Forgets a job.
   *
   * @param jobId The job to forget.
   */
  removeJob(jobId: string): void {
    this.#controllers.delete(jobId);
    this.#set((s) => {
      const jobs = new Map(s.jobs);
      jobs.delete(jobId);
      return {
        jobs,
        queue: s.queue.filter((id) => id !== jobId),
        activeJobs: s.activeJobs.filter((id) => id !== jobId),
        selectedJobId: s.selectedJobId === jobId ? null : s.selectedJobId,
      };
    });
  }

  /** Forgets every ended job. */
  clearCompletedJobs(): void {
    this.#set((s) => ({ jobs: new Map([...s.jobs].filter(([, job]) => !ENDED.has(job.status))) }));
  }

  /**
   * Changes how many jobs run at once and the retry settings.
   *
   * @param settings Concurrency and retry settings.
   */
  updateSettings(
    settings: Partial<
      Pick<ExecutionState, "maxConcurrentJobs" | "autoRetryFailures" | "retryLimit">
    >,
  ): void {
    this.#set(() => settings);
  }

  /**
   * Selects a job.
   *
   * @param jobId The job to select, or `null`.
   */
  selectJob(jobId: string | null): void {
    this.#set(() => ({ selectedJobId: jobId }));
  }

  /**
   * Sets which jobs the list shows.
   *
   * @param filter Which jobs to list.
   */
  setJobFilter(filter: ExecutionState["jobFilter"]): void {
    this.#set(() => ({ jobFilter: filter }));
  }
}

/**
 * The old execution store's selectors.
 *
 * @deprecated Select with `(s) => s.field` on `@atomiton/store`'s execution store.
 *
 * @example
 * ```ts
 * import { createExecutionStore, ExecutionSelectors } from "@atomiton/core";
 *
 * console.log(ExecutionSelectors.canStartNewJob(createExecutionStore().getState()));
 * ```
 */
export class ExecutionSelectors {
  /**
   * Every job.
   *
   * @param state The state.
   * @returns Every job.
   */
  static getAllJobs(state: ExecutionState): Job[] {
    deprecated("ExecutionSelectors", INSTEAD);
    return [...state.jobs.values()];
  }

  /**
   * The jobs the list shows.
   *
   * @param state The state.
   * @returns The jobs `jobFilter` lets through.
   */
  static getFilteredJobs(state: ExecutionState): Job[] {
    const jobs = ExecutionSelectors.getAllJobs(state);
    const keep: Record<ExecutionState["jobFilter"], (job: Job) => boolean> = {
      all: () => true,
      active: (job) => ["queued", "running", "paused"].includes(job.status),
      completed: (job) => job.status === "completed",
      failed: (job) => job.status === "failed",
    };
    return jobs.filter(keep[state.jobFilter]);
  }

  /**
   * The selected job.
   *
   * @param state The state.
   * @returns The selected job, or `null`.
   */
  static getSelectedJob(state: ExecutionState): Job | null {
    deprecated("ExecutionSelectors", INSTEAD);
    return state.selectedJobId ? state.jobs.get(state.selectedJobId) ?? null : null;
  }

  /**
   * One job.
   *
   * @param state The state.
   * @param jobId The job.
   * @returns It, or `null`.
   */
  static getJob(state: ExecutionState, jobId: string): Job | null {
    deprecated("ExecutionSelectors", INSTEAD);
    return state.jobs.get(jobId) ?? null;
  }

  /**
   * The job to run next.
   *
   * @param state The state.
   * @returns The first queued job, or `null`.
   */
  static getNextQueuedJob(state: ExecutionState): Job | null {
    deprecated("ExecutionSelectors", INSTEAD);
    const id = state.queue[0];
    return id === undefined ? null : state.jobs.get(id) ?? null;
  }

  /**
   * Whether another job may start now.
   *
   * @param state The state.
   * @returns Whether another job may start.
   */
  static canStartNewJob(state: ExecutionState): boolean {
    deprecated("ExecutionSelectors", INSTEAD);
    return state.activeJobs.length < state.maxConcurrentJobs;
  }

  /**
   * The job statistics.
   *
   * @param state The state.
   * @returns Counts, success rate (%) and mean time.
   */
  static getStatistics(state: ExecutionState): {
    totalJobs: number;
    activeJobs: number;
    queuedJobs: number;
    successRate: number;
    averageExecutionTime: number;
  } {
    deprecated("ExecutionSelectors", INSTEAD);
    return {
      totalJobs: state.jobs.size,
      activeJobs: state.activeJobs.length,
      queuedJobs: state.queue.length,
      successRate: state.totalJobsRun > 0
        ? (state.totalJobsSucceeded / state.totalJobsRun) * 100
        : 0,
      averageExecutionTime: state.averageExecutionTime,
    };
  }
}
