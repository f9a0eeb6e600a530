import type { Histogram, HistogramSnapshot } from "@atomiton/platform/metrics";
import type { SpawnedWorker, WorkerPermissions } from "@atomiton/execution/worker";
import { checkPermissions } from "./_permissions.ts";
import { StartBreaker } from "./_start_breaker.ts";
import type { PackedError } from "./_codec.ts";
import { checkNumber, report, unrefTimer } from "./_util.ts";
import { logicalCpus } from "@atomiton/platform/cpus";
import {
  CANCEL,
  DRAIN,
  ERROR,
  LOAD_FAILED,
  NO_TASK,
  OK,
  PROGRESS,
  READY,
  TASKS,
} from "./_protocol.ts";
import { ExecutionError } from "./execution_error.ts";
import { PoolClosedError } from "./pool_closed_error.ts";
import { TaskModuleError } from "./task_module_error.ts";
import { TaskTimeoutError } from "./task_timeout_error.ts";
import { WorkerCrashedError } from "./worker_crashed_error.ts";
import type { TransferableObject } from "./transferable_object.ts";

/**
 * What the pool needs from a circuit breaker; a `CircuitBreaker` from
 * `@atomiton/resilience` is one.
 */
export interface LoadBreaker {
  /** `"closed"` or `"half-open"` lets a worker start; anything else refuses. */
  readonly state: string;
  /**
   * Runs `fn` if the circuit lets it (else rejects), and counts how it ends.
   *
   * @param fn Starts one worker.
   * @returns What `fn` returns.
   */
  execute<T>(fn: () => Promise<T>): Promise<T>;
}

/** Options for a {@linkcode WorkerPool}. */
export interface WorkerPoolOptions {
  /** Workers kept running even when idle: an integer, 0 or more. Default `0`. */
  readonly minWorkers?: number | undefined;
  /**
   * The most workers at once: an integer, 1 or more, at least `minWorkers`.
   * Default: the number of logical CPUs (`getPlatformInfo().hardwareConcurrency`
   * from `@atomiton/platform`: `os.availableParallelism()` on Node.js).
   */
  readonly maxWorkers?: number | undefined;
  /** How long a worker above `minWorkers` may stay idle before it ends, in ms. Default `10000`. */
  readonly idleTimeout?: number | undefined;
  /**
   * The most tasks waiting for a worker, besides the `maxWorkers` that run (or
   * will as soon as their worker has started): an integer, 0 or more, or
   * Infinity. Past it `run` rejects at once with code `QUEUE_FULL`. Default `Infinity`.
   */
  readonly maxQueue?: number | undefined;
  /** The time limit of every task, in ms from its `run` call. Default: none. */
  readonly taskTimeout?: number | undefined;
  /**
   * How long a cancelled or timed-out task may keep running after its signal
   * aborted before its worker is ended, in ms. Default `500`.
   */
  readonly gracePeriod?: number | undefined;
  /**
   * Each worker's heap limit in MB: past it the worker dies and its task rejects
   * with {@linkcode WorkerCrashedError}. On Deno each worker is then a child
   * `deno` process (inputs and outputs are copied, not moved); browsers cannot limit it.
   * Without it, a task that runs out of memory on Deno ends the whole process (V8's fatal
   * out-of-memory error); on Node.js only its worker dies.
   */
  readonly memoryLimitMb?: number | undefined;
  /**
   * A sandbox, on Deno: each worker is a child `deno` process with exactly these
   * permissions (`{ read?, write?, net?, env? }`, lists of Deno's `--allow-*`
   * values; absent or empty: denied) and none other: no programs, no FFI, no
   * modules from the network or npm. A task that reaches further fails with
   * Deno's `NotCapable` error. Inputs and outputs are copied, not moved.
   * Node.js and browsers ignore it: `worker_threads` and Web Workers run with
   * their process's (or page's) rights, so there it isolates nothing.
   *
   * @example A task that may read one folder and nothing else (on Deno)
   * ```ts
   * import { WorkerPool } from "@atomiton/execution";
   * import assert from "node:assert/strict";
   *
   * const source = "export default (path) => Deno.readTextFile(path);";
   * await using pool = new WorkerPool(`data:text/javascript,${encodeURIComponent(source)}`, {
   *   permissions: { read: ["/tmp/reports"] },
   * });
   * if ("Deno" in globalThis) {
   *   await assert.rejects(pool.run("/etc/hostname"), { name: "NotCapable" });
   * }
   * ```
   */
  readonly permissions?: WorkerPermissions | undefined;
  /**
   * Opens after this many failed worker starts in a row (the module failed to
   * load, or the worker died before it finished a task); while open, no
   * worker starts and `run` rejects with {@linkcode TaskModuleError}. Default
   * `3`; the pool tries again after 1 s, then 2 s, 4 s ... up to 30 s.
   */
  readonly breaker?: LoadBreaker | undefined;
  /** A name for the workers, shown in debuggers. */
  readonly name?: string | undefined;
}

/** Options for one {@linkcode WorkerPool.run} call. */
export interface RunOptions {
  /** Cancels the task: a queued one is removed, a running one is aborted. */
  readonly signal?: AbortSignal | undefined;
  /** This task's time limit in ms from now; overrides the pool's `taskTimeout`. */
  readonly timeout?: number | undefined;
  /** Objects in the input to move to the worker instead of copying (ArrayBuffers, ports). */
  readonly transfer?: readonly TransferableObject[] | undefined;
  /** Called with each value the task reports through `ctx.progress(value)`. */
  readonly onProgress?: ((value: unknown) => void) | undefined;
  /** The task module's export to call. Default: the default export. */
  readonly task?: string | undefined;
}

/** What a task function gets besides its input. */
export interface TaskContext {
  /** Aborts when the caller cancels the task or its time limit passes. */
  readonly signal: AbortSignal;
  /**
   * Sends a value to the caller's `onProgress`.
   *
   * @param value Any structured-cloneable value.
   */
  progress(value: unknown): void;
  /**
   * Moves these objects (ArrayBuffers, ports) in the output instead of copying them.
   *
   * @param objects The transferable objects inside the output.
   */
  transfer(...objects: TransferableObject[]): void;
}

/** A {@linkcode WorkerPool}'s figures at one moment. */
export interface WorkerPoolStats {
  /** Workers running or starting. */
  readonly workers: number;
  /** Workers running a task now. */
  readonly busy: number;
  /** Tasks waiting to start. */
  readonly queued: number;
  /** Tasks that returned an output. */
  readonly completed: number;
  /** Tasks that were rejected: they threw, crashed, timed out, were cancelled or closed out. */
  readonly failed: number;
  /** Workers that died: an uncaught error, an exit call, out of memory. */
  readonly crashed: number;
  /** Milliseconds from `run` to the worker's answer, for tasks a worker answered. */
  readonly latency: HistogramSnapshot;
}

const QUEUED = 0;
const SENT = 1;
const DONE = 2;

// A worker sends ahead up to this many tasks when they are quick ...
const MAX_WINDOW = 256;
// ... so that about this much work (ms) waits in it, and a slow task delays few others.
const TARGET_BACKLOG = 2;

type Timer = ReturnType<typeof setTimeout>;

// The worker layer (bootstrap, codec) and the histogram load with a pool's first worker, not
// with the package: most of its bytes and nearly all of its import time (see the README's Size).
type Parts = typeof import("./_pool_parts.ts");
let parts: Parts | undefined;
let loadingParts: Promise<Parts> | undefined;

function loadPoolParts(): Promise<Parts> {
  return loadingParts ??= import("./_pool_parts.ts").then((loaded) => parts = loaded, (error) => {
    loadingParts = undefined; // tried again by the next worker start
    throw error;
  });
}

// Every runtime this package runs on has performance.now(): no need to load platform's clock.
const now = (): number => performance.now();

const EMPTY_LATENCY: HistogramSnapshot = {
  count: 0,
  min: 0,
  max: 0,
  mean: 0,
  p50: 0,
  p90: 0,
  p99: 0,
};

interface Task {
  readonly id: number;
  readonly input: unknown;
  readonly name: string | undefined;
  readonly transfer: readonly TransferableObject[] | undefined;
  readonly onProgress: ((value: unknown) => void) | undefined;
  readonly signal: AbortSignal | undefined;
  readonly start: number;
  state: number;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  timer: Timer | undefined;
  slot: Slot | undefined;
}

// The tasks that share one AbortSignal, and the one listener the pool added to it.
interface Watch {
  readonly tasks: Set<Task>;
  readonly onAbort: () => void;
}

class Slot {
  handle: SpawnedWorker | undefined = undefined;
  ready = false;
  alive = true;
  inflight: Task[] = [];
  window = 1;
  // Moving average of ms per task, and when the worker's current task began (about).
  service = 0;
  mark = 0;
  idle: Timer | undefined = undefined;
  grace: Timer | undefined = undefined;
  // Set until the worker finished a task or died: tells the breaker how its start went.
  proven: ((error?: unknown) => void) | undefined = undefined;
  failed = false;
}

const enum State {
  Open,
  Closing,
  Closed,
}

/**
 * Runs tasks in a pool of workers: Deno workers, Node.js `worker_threads`, or
 * browser Web Workers, each created by the runtime's own means.
 *
 * A task module's default export (or a named export, picked with `task`) is
 * `(input, ctx) => output`, sync or async. Inputs and outputs are structured-
 * cloned; objects listed in `transfer` (or `ctx.transfer(...)`) are moved. An
 * error thrown in a task reaches the caller with its name, message, stack,
 * `code` and `cause`.
 *
 * What the pool owes its caller:
 * - A worker that dies rejects exactly the task it was running with
 *   {@linkcode WorkerCrashedError} and is replaced; tasks still waiting go on.
 * - A module that fails to load rejects with {@linkcode TaskModuleError}, and a
 *   circuit breaker keeps the pool from restarting workers in a tight loop.
 * - Cancelling a waiting task removes it; cancelling a running one aborts
 *   `ctx.signal`, and if the task has not stopped after `gracePeriod` its
 *   worker is ended. Either way the promise rejects at once with the signal's
 *   reason. Time limits work the same with {@linkcode TaskTimeoutError}.
 * - `close()` lets running tasks finish and rejects waiting ones with
 *   {@linkcode PoolClosedError}; `terminate()` ends everything now. Neither
 *   leaves a timer or a worker behind.
 *
 * Quick tasks are sent to a worker several at a time, so that a worker never
 * waits for the next one; slow ones are sent one at a time, so a long task
 * holds up as few others as possible.
 *
 * @example Double numbers in a worker
 * ```ts
 * import { WorkerPool } from "@atomiton/execution";
 * import assert from "node:assert/strict";
 *
 * // Usually new URL("./task.ts", import.meta.url); a data: URL keeps the example in one file.
 * await using pool = new WorkerPool("data:text/javascript,export default (n) => n * 2", {
 *   maxWorkers: 2,
 * });
 * const outputs = await Promise.all([1, 2, 3].map((n) => pool.run(n)));
 * assert.deepEqual(outputs, [2, 4, 6]);
 * assert.equal(pool.stats().completed, 3);
 * ```
 */
export class WorkerPool implements AsyncDisposable {
  readonly #url: string;
  readonly #min: number;
  readonly #max: number;
  readonly #idleTimeout: number;
  readonly #maxQueue: number;
  readonly #taskTimeout: number | undefined;
  readonly #grace: number;
  readonly #memoryLimitMb: number | undefined;
  readonly #permissions: WorkerPermissions | undefined;
  readonly #name: string | undefined;
  readonly #breaker: LoadBreaker;
  // Made with the first worker (empty until then: no task finished).
  #latency: Histogram | undefined;
  readonly #slots: Slot[] = [];
  // One abort listener per signal: adding and removing one scans the signal's list.
  readonly #watches = new Map<AbortSignal, Watch>();
  // Waiting tasks from #head on; cancelled ones stay as DONE until passed over.
  #queue: Task[] = [];
  #head = 0;
  #queued = 0;
  #pending = 0;
  #starting = 0;
  // Workers whose start the breaker has not judged yet, and those among them that failed.
  #unproven = 0;
  #failing = 0;
  #ids = 0;
  #completed = 0;
  #failed = 0;
  #crashed = 0;
  #state = State.Open;
  #scheduled = false;
  #loadError: unknown;
  #closed: Promise<void> | undefined;
  #allEnded: (() => void) | undefined;
  readonly #flushBound = (): void => this.#flush();

  /**
   * Creates a pool. Workers start when tasks arrive (and `minWorkers` of them
   * at once), each loading the task module.
   *
   * @param moduleUrl The task module's absolute URL, such as
   * `new URL("./task.ts", import.meta.url)`.
   * @param options Sizes, time limits and the load-failure breaker.
   * @throws {ExecutionError} `INVALID_OPTION` for a relative URL or a bad option.
   */
  constructor(moduleUrl: string | URL, options: WorkerPoolOptions = {}) {
    let url: URL;
    try {
      url = new URL(moduleUrl);
    } catch {
      throw new ExecutionError(
        "INVALID_OPTION",
        `Invalid task module URL ${String(moduleUrl)}: expected an absolute URL, such as ` +
          `new URL("./task.js", import.meta.url).`,
      );
    }
    this.#url = url.href;
    this.#min = checkNumber("minWorkers", options.minWorkers ?? 0, 0, 1024, true);
    this.#max = checkNumber(
      "maxWorkers",
      options.maxWorkers ?? Math.max(logicalCpus(), this.#min, 1),
      Math.max(1, this.#min),
      1024,
      true,
    );
    this.#idleTimeout = checkNumber("idleTimeout", options.idleTimeout ?? 10_000, 0);
    this.#maxQueue = checkNumber("maxQueue", options.maxQueue ?? Infinity, 0, Infinity, true);
    this.#taskTimeout = options.taskTimeout === undefined
      ? undefined
      : checkNumber("taskTimeout", options.taskTimeout, 0);
    this.#grace = checkNumber("gracePeriod", options.gracePeriod ?? 500, 0);
    this.#memoryLimitMb = options.memoryLimitMb === undefined
      ? undefined
      : checkNumber("memoryLimitMb", options.memoryLimitMb, 1, Infinity);
    this.#permissions = options.permissions === undefined
      ? undefined
      : checkPermissions(options.permissions);
    this.#name = options.name;
    this.#breaker = options.breaker ?? new StartBreaker();
    this.#grow();
  }

  /**
   * Runs one task in a worker.
   *
   * @typeParam O The task's output.
   * @param input The task's input, structured-cloned into the worker.
   * @param options A signal, a time limit, objects to move, a progress
   * callback, and which export to call.
   * @returns The task's output.
   * @throws {WorkerCrashedError} The worker died while running the task.
   * @throws {TaskTimeoutError} The time limit passed.
   * @throws {TaskModuleError} The module failed to load or has no such export.
   * @throws {PoolClosedError} The pool was closed before the task started.
   * @throws {ExecutionError} `QUEUE_FULL` when `maxQueue` tasks already wait;
   * `INVALID_OPTION` for a bad option.
   *
   * @example Report progress, with a time limit
   * ```ts
   * import { WorkerPool } from "@atomiton/execution";
   * import assert from "node:assert/strict";
   *
   * const source = `export async function count(n, ctx) {
   *   for (let i = 1; i <= n; i++) ctx.progress(i);
   *   return "counted";
   * }`;
   * await using pool = new WorkerPool(`data:text/javascript,${encodeURIComponent(source)}`);
   * const seen: unknown[] = [];
   * const output = await pool.run(3, {
   *   task: "count",
   *   timeout: 10_000,
   *   onProgress: (value) => seen.push(value),
   * });
   * assert.equal(output, "counted");
   * assert.deepEqual(seen, [1, 2, 3]);
   * ```
   */
  run<O = unknown>(input: unknown, options?: RunOptions): Promise<O> {
    if (this.#state !== State.Open) return Promise.reject(new PoolClosedError());
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    // Tasks accepted and not settled: up to maxWorkers of them run, the rest wait.
    if (this.#pending >= this.#max + this.#maxQueue) {
      return Promise.reject(
        new ExecutionError(
          "QUEUE_FULL",
          `The queue is full: ${this.#max} tasks run (maxWorkers) and ${this.#maxQueue} wait ` +
            `(maxQueue). Try again later.`,
        ),
      );
    }
    const timeout = options?.timeout ?? this.#taskTimeout;
    const name = options?.task;
    if (
      (timeout !== undefined && !(timeout >= 0 && timeout <= 2147483647)) ||
      (name !== undefined && typeof name !== "string")
    ) {
      return Promise.reject(
        new ExecutionError(
          "INVALID_OPTION",
          name !== undefined && typeof name !== "string"
            ? `Invalid task ${String(name)}: expected the name of an export.`
            : `Invalid timeout ${timeout}: expected a number of ms from 0 to 2147483647.`,
        ),
      );
    }
    if (this.#slots.length === 0 && this.#loadError !== undefined && !this.#breakerAllows()) {
      return Promise.reject(this.#moduleError());
    }
    let task!: Task;
    const promise = new Promise<O>((resolve, reject) => {
      task = {
        id: ++this.#ids,
        input,
        name,
        transfer: options?.transfer,
        onProgress: options?.onProgress,
        signal,
        start: now(),
        state: QUEUED,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: undefined,
        slot: undefined,
      };
    });
    if (timeout !== undefined) {
      task.timer = setTimeout(() => this.#cancel(task, new TaskTimeoutError(timeout)), timeout);
    }
    if (signal) this.#watch(signal, task);
    this.#pending++;
    this.#queue.push(task);
    this.#queued++;
    if (!this.#scheduled) {
      this.#scheduled = true;
      queueMicrotask(this.#flushBound);
    }
    return promise;
  }

  /**
   * The pool's figures now.
   *
   * @returns Workers, busy workers, waiting tasks, tallies and a latency summary.
   *
   * @example Read the tallies
   * ```ts
   * import { WorkerPool } from "@atomiton/execution";
   * import assert from "node:assert/strict";
   *
   * await using pool = new WorkerPool("data:text/javascript,export default () => 1");
   * await pool.run(null);
   * const stats = pool.stats();
   * assert.equal(stats.completed, 1);
   * assert.equal(stats.latency.count, 1);
   * ```
   */
  stats(): WorkerPoolStats {
    let busy = 0;
    let waiting = this.#queued;
    for (const slot of this.#slots) {
      const live = slot.inflight.filter((task) => task.state !== DONE).length;
      if (slot.inflight.length > 0) busy++;
      waiting += Math.max(0, live - 1);
    }
    return {
      workers: this.#slots.length,
      busy,
      queued: waiting,
      completed: this.#completed,
      failed: this.#failed,
      crashed: this.#crashed,
      latency: this.#latency?.snapshot() ?? { ...EMPTY_LATENCY },
    };
  }

  /**
   * Stops taking tasks, rejects waiting ones with {@linkcode PoolClosedError},
   * lets running ones finish, then ends every worker.
   *
   * @returns A promise that resolves once every worker has ended.
   *
   * @example Close after the work is done
   * ```ts
   * import { PoolClosedError, WorkerPool } from "@atomiton/execution";
   * import assert from "node:assert/strict";
   *
   * const pool = new WorkerPool("data:text/javascript,export default (s) => s.toUpperCase()");
   * assert.equal(await pool.run("done"), "DONE");
   * const waiting = assert.rejects(pool.run("waiting"), PoolClosedError); // not sent yet
   * await pool.close();
   * await waiting;
   * await assert.rejects(pool.run("late"), PoolClosedError);
   * ```
   */
  close(): Promise<void> {
    if (this.#closed) return this.#closed;
    this.#state = State.Closing;
    this.#closed = new Promise((resolve) => this.#allEnded = resolve);
    this.#rejectQueued(new PoolClosedError());
    for (const slot of [...this.#slots]) {
      if (!slot.ready || slot.inflight.length === 0) this.#end(slot);
      else if (slot.inflight.length > 1) slot.handle!.post([DRAIN]);
    }
    this.#checkEnded();
    return this.#closed;
  }

  /**
   * Ends every worker now; waiting and running tasks reject with
   * {@linkcode PoolClosedError}.
   *
   * @returns A promise that resolves once every worker has stopped.
   *
   * @example Stop at once
   * ```ts
   * import { PoolClosedError, WorkerPool } from "@atomiton/execution";
   * import assert from "node:assert/strict";
   *
   * const pool = new WorkerPool("data:text/javascript,export default () => new Promise(() => {})");
   * const stuck = pool.run(null);
   * await pool.terminate();
   * await assert.rejects(stuck, PoolClosedError);
   * ```
   */
  async terminate(): Promise<void> {
    const closing = this.close();
    this.#state = State.Closed;
    const error = new PoolClosedError("The pool was terminated.");
    const ending: Promise<void>[] = [];
    for (const slot of [...this.#slots]) {
      for (const task of slot.inflight) this.#fail(task, error);
      slot.inflight = [];
      ending.push(this.#end(slot));
    }
    await Promise.all(ending);
    await closing;
  }

  /**
   * Closes the pool, as {@linkcode WorkerPool.close} does, for `await using`.
   *
   * @returns A promise that resolves once every worker has ended.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // Sends waiting tasks to workers with room, then starts workers if tasks still wait.
  #flush(): void {
    this.#scheduled = false;
    // Again while a round sent something: a send that failed leaves room behind.
    for (let sent = true; sent && this.#queued > 0;) {
      sent = false;
      let open = 0;
      for (const slot of this.#slots) if (this.#hasRoom(slot)) open++;
      for (let i = 0; i < this.#slots.length && open > 0 && this.#queued > 0; i++) {
        const slot = this.#slots[i]!;
        if (!this.#hasRoom(slot)) continue;
        const share = Math.ceil(this.#queued / open--);
        this.#send(slot, Math.min(slot.window - slot.inflight.length, share));
        sent = true;
      }
    }
    if (this.#queued > 0) this.#grow();
  }

  #hasRoom(slot: Slot): boolean {
    return slot.ready && slot.inflight.length <= slot.window >> 1;
  }

  #send(slot: Slot, count: number): void {
    const message: unknown[] = [TASKS];
    let moved: TransferableObject[] | undefined;
    if (slot.inflight.length === 0) {
      slot.mark = now();
      if (slot.idle !== undefined) clearTimeout(slot.idle);
      slot.idle = undefined;
      slot.handle!.keepAlive(true);
    }
    while (count > 0 && this.#queued > 0) {
      const task = this.#queue[this.#head]!;
      this.#queue[this.#head++] = undefined!;
      if (task.state !== QUEUED) continue;
      this.#queued--;
      count--;
      task.state = SENT;
      task.slot = slot;
      slot.inflight.push(task);
      message.push(task.id, task.name, task.input);
      if (task.transfer) (moved ??= []).push(...task.transfer);
    }
    this.#compact();
    try {
      slot.handle!.post(message, moved);
    } catch {
      // Nothing was sent (an input could not be cloned): send one by one, fail the bad ones.
      const batch = slot.inflight.splice(slot.inflight.length - (message.length - 1) / 3);
      for (const task of batch) {
        try {
          slot.handle!.post([TASKS, task.id, task.name, task.input], task.transfer);
          slot.inflight.push(task);
        } catch (error) {
          this.#fail(task, error);
        }
      }
      if (slot.inflight.length === 0 && this.#queued === 0) this.#idle(slot);
    }
  }

  #compact(): void {
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
    } else if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#head = 0;
    }
  }

  // Whether the breaker lets workers start at all.
  #breakerAllows(): boolean {
    const state = this.#breaker.state;
    return state === "closed" || state === "half-open";
  }

  // Whether to start a worker now: not while a failed start awaits the breaker's verdict,
  // and a half-open breaker lets one worker try until it proves itself.
  #mayStart(): boolean {
    return this.#failing === 0 && this.#breakerAllows() &&
      (this.#breaker.state === "closed" || this.#unproven === 0);
  }

  #moduleError(): TaskModuleError {
    const problem = this.#loadError instanceof WorkerCrashedError
      ? "ended its worker before the worker finished a task"
      : "failed to load";
    return new TaskModuleError(this.#url, problem, { cause: this.#loadError });
  }

  // Starts workers: up to minWorkers always, and more while tasks wait for them.
  #grow(): void {
    while (
      this.#state === State.Open && this.#slots.length < this.#max &&
      (this.#slots.length < this.#min || this.#starting < this.#queued) && this.#mayStart()
    ) {
      this.#startSlot();
    }
  }

  // The breaker judges a start when the worker finishes its first task, not when it is ready:
  // a module that loads and then crashes by itself is a failed start, not a crash to restart.
  #startSlot(): void {
    const slot = new Slot();
    this.#slots.push(slot);
    this.#starting++;
    this.#unproven++;
    if (parts) return this.#launch(slot, parts);
    loadPoolParts().then((loaded) => this.#launch(slot, loaded), (error) => {
      // Without its own modules no worker can start: fail the tasks that wait for one.
      this.#unproven--;
      this.#end(slot);
      this.#rejectQueued(error);
    });
  }

  #launch(slot: Slot, loaded: Parts): void {
    // Ended while the parts loaded (the pool was closed): there is nothing to start.
    if (!slot.alive) return void this.#unproven--;
    this.#latency ??= new loaded.Histogram();
    // Whether the breaker let the start happen: its refusal is not the module's failure.
    let tried = false;
    this.#breaker.execute(() =>
      new Promise<void>((resolve, reject) => {
        tried = true;
        slot.proven = (error) => {
          slot.proven = undefined;
          if (error === undefined) return resolve();
          this.#failing++;
          slot.failed = true;
          reject(error);
        };
        // Deno can deliver READY before spawnWorker's promise settles: hold messages until then.
        let early: unknown[][] | undefined = [];
        loaded.spawnWorker(this.#url, {
          onMessage: (message) => early ? early.push(message) : this.#onMessage(slot, message),
          onExit: (code, error) => this.#onExit(slot, code, error),
          name: this.#name,
          memoryLimitMb: this.#memoryLimitMb,
          permissions: this.#permissions,
        }).then((handle) => {
          if (slot.alive) slot.handle = handle;
          else handle.terminate();
          const held = early!;
          early = undefined;
          for (const message of held) if (slot.alive) this.#onMessage(slot, message);
        }, (error) => slot.proven?.(error));
      })
    ).then(() => {
      this.#unproven--;
      if (slot.ready) this.#loadError = undefined;
      this.#grow();
    }, (error) => {
      this.#unproven--;
      if (slot.failed) this.#failing--;
      if (tried) this.#loadError = error;
      this.#end(slot);
      if (this.#state !== State.Open) return;
      if (this.#mayStart()) this.#grow();
      if (this.#starting === 0 && this.#slots.length === 0 && !this.#mayStart()) {
        this.#rejectQueued(this.#moduleError());
      }
    });
  }

  #onReady(slot: Slot): void {
    if (!slot.alive || slot.ready) return;
    slot.ready = true;
    this.#starting--;
    if (this.#state !== State.Open) return void this.#end(slot);
    this.#flush();
    if (slot.inflight.length === 0) this.#idle(slot);
  }

  #onMessage(slot: Slot, message: unknown[]): void {
    const kind = message[0];
    if (kind === PROGRESS) {
      const task = slot.inflight[0];
      if (task?.onProgress && task.state === SENT) {
        try {
          task.onProgress(message[1]);
        } catch (error) {
          report(error);
        }
      }
      return;
    }
    if (kind === READY) return this.#onReady(slot);
    const { unpackError } = parts!; // loaded: this worker was started
    if (kind === LOAD_FAILED) return slot.proven?.(unpackError(message[1] as PackedError));
    const task = slot.inflight.shift();
    if (!task) return;
    slot.proven?.();
    const time = now();
    const sample = time - slot.mark;
    slot.mark = time;
    slot.service = slot.service === 0 ? sample : slot.service * 0.75 + sample * 0.25;
    slot.window = Math.max(1, Math.min(MAX_WINDOW, Math.floor(TARGET_BACKLOG / slot.service)));
    if (slot.grace !== undefined) {
      clearTimeout(slot.grace);
      slot.grace = undefined;
    }
    if (task.state === SENT) {
      if (kind === OK || kind === ERROR) this.#latency!.record(time - task.start);
      if (kind === OK) this.#succeed(task, message[1]);
      else if (kind === ERROR) this.#fail(task, unpackError(message[1] as PackedError));
      else if (kind === NO_TASK) {
        this.#fail(
          task,
          new TaskModuleError(this.#url, `has no function export "${message[1] ?? "default"}"`),
        );
      } else this.#fail(task, new PoolClosedError());
    }
    if (slot.inflight[0]?.state === DONE) this.#startGrace(slot);
    if (this.#queued > 0 && this.#hasRoom(slot)) {
      if (!this.#scheduled) {
        this.#scheduled = true;
        queueMicrotask(this.#flushBound);
      }
    } else if (slot.inflight.length === 0) this.#idle(slot);
  }

  // A worker that ended by itself: before it was ready it failed to load; after, it crashed.
  #onExit(slot: Slot, code: number | undefined, error: unknown): void {
    if (!slot.alive) return;
    const crash = new WorkerCrashedError(code, { cause: error });
    slot.proven?.(crash);
    if (!slot.ready) return void this.#end(slot);
    this.#crashed++;
    const [running, ...waiting] = slot.inflight;
    slot.inflight = [];
    if (running) this.#fail(running, crash);
    this.#end(slot);
    this.#requeue(waiting);
  }

  // Puts tasks a dead worker had not started back at the front of the queue, in order.
  #requeue(tasks: Task[]): void {
    const live = tasks.filter((task) => task.state === SENT);
    if (this.#state !== State.Open) {
      for (const task of live) this.#fail(task, new PoolClosedError());
    } else if (live.length > 0) {
      for (const task of live) task.state = QUEUED;
      this.#queue = [...live, ...this.#queue.slice(this.#head)];
      this.#head = 0;
      this.#queued += live.length;
    }
    this.#grow();
    this.#flush();
  }

  #cancel(task: Task, reason: unknown): void {
    if (task.state === DONE) return;
    const slot = task.state === SENT ? task.slot : undefined;
    const queued = task.state === QUEUED;
    this.#fail(task, reason);
    if (queued) {
      // Cancelled tasks stay in the queue until passed over; drop them when they pile up.
      if (--this.#queued === 0) {
        this.#queue = [];
        this.#head = 0;
      } else if (this.#queue.length - this.#head > 2 * this.#queued + 1024) {
        this.#queue = this.#queue.slice(this.#head).filter((t) => t.state === QUEUED);
        this.#head = 0;
      }
    }
    if (!slot) return;
    slot.handle!.post([CANCEL, task.id, parts!.packError(reason)]);
    if (slot.inflight[0] === task) this.#startGrace(slot);
  }

  #startGrace(slot: Slot): void {
    slot.grace ??= setTimeout(() => {
      // The cancelled task would not stop: end its worker, keep the tasks behind it.
      slot.grace = undefined;
      const waiting = slot.inflight.slice(1);
      slot.inflight = [];
      this.#end(slot);
      this.#requeue(waiting);
    }, this.#grace);
  }

  #idle(slot: Slot): void {
    slot.handle?.keepAlive(false);
    if (this.#state !== State.Open) {
      this.#end(slot);
    } else if (this.#slots.length > this.#min && slot.idle === undefined) {
      slot.idle = setTimeout(() => {
        slot.idle = undefined;
        if (slot.inflight.length === 0 && this.#slots.length > this.#min) this.#end(slot);
      }, this.#idleTimeout);
      unrefTimer(slot.idle);
    }
  }

  // Ends a worker for good and forgets it.
  #end(slot: Slot): Promise<void> {
    if (!slot.alive) return Promise.resolve();
    slot.alive = false;
    // Ended by the pool (closed, idle, a task that would not stop): not a failed start.
    slot.proven?.();
    if (!slot.ready) this.#starting--;
    clearTimeout(slot.idle);
    clearTimeout(slot.grace);
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
    const ended = slot.handle?.terminate() ?? Promise.resolve();
    this.#checkEnded();
    return ended;
  }

  #checkEnded(): void {
    if (this.#state !== State.Open && this.#slots.length === 0) this.#allEnded?.();
  }

  #rejectQueued(error: unknown): void {
    for (let i = this.#head; i < this.#queue.length; i++) this.#fail(this.#queue[i]!, error);
    this.#queue = [];
    this.#head = 0;
    this.#queued = 0;
  }

  #succeed(task: Task, value: unknown): void {
    this.#completed++;
    this.#settle(task);
    task.resolve(value);
  }

  #fail(task: Task, error: unknown): void {
    if (task.state === DONE) return;
    this.#failed++;
    this.#settle(task);
    task.reject(error);
  }

  #settle(task: Task): void {
    task.state = DONE;
    this.#pending--;
    if (task.timer !== undefined) clearTimeout(task.timer);
    const watch = task.signal && this.#watches.get(task.signal);
    if (watch?.tasks.delete(task) && watch.tasks.size === 0) {
      this.#watches.delete(task.signal!);
      task.signal!.removeEventListener("abort", watch.onAbort);
    }
  }

  // Cancels `task` when `signal` aborts, with one listener for all the tasks that share it.
  #watch(signal: AbortSignal, task: Task): void {
    let watch = this.#watches.get(signal);
    if (!watch) {
      const tasks = new Set<Task>();
      const onAbort = (): void => {
        this.#watches.delete(signal);
        for (const each of tasks) this.#cancel(each, signal.reason);
      };
      watch = { tasks, onAbort };
      this.#watches.set(signal, watch);
      signal.addEventListener("abort", onAbort, { once: true });
    }
    watch.tasks.add(task);
  }
}
