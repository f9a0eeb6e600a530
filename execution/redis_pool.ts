import { Histogram, type HistogramSnapshot, now } from "@atomiton/platform/metrics";
import { type PackedError, unpackError } from "./_codec.ts";
import {
  checkRedis,
  connection,
  disconnect,
  encodeTask,
  type QueueKeys,
  queueKeys,
  quiet,
  type RedisConnection,
  refusalOf,
  toJson,
} from "./_redis_keys.ts";
import { checkNumber, report } from "./_util.ts";
import { ExecutionError } from "./execution_error.ts";
import { PoolClosedError } from "./pool_closed_error.ts";
import { TaskTimeoutError } from "./task_timeout_error.ts";

/** Options for a {@linkcode RedisPool}. */
export interface RedisPoolOptions {
  /**
   * An ioredis connection, or a URL such as `"redis://127.0.0.1:6379"` for one
   * the pool opens and closes itself. Results are read on a second connection,
   * made with `duplicate()`, that the pool always owns.
   */
  readonly redis: RedisConnection | string;
  /** The queue's name; workers started with the same name run its tasks. Default `"default"`. */
  readonly queue?: string | undefined;
  /** The prefix of every key. Default `"atomiton:exec"`. */
  readonly prefix?: string | undefined;
  /** The time limit of every task, in ms from its `run` call. Default: none. */
  readonly taskTimeout?: number | undefined;
}

/** Options for one {@linkcode RedisPool.run} call. */
export interface RedisRunOptions {
  /** Cancels the task: the promise rejects at once, and the worker running it is told. */
  readonly signal?: AbortSignal | undefined;
  /** This task's time limit in ms from now; overrides the pool's `taskTimeout`. */
  readonly timeout?: number | undefined;
  /** The task module's export to call. Default: the default export. */
  readonly task?: string | undefined;
}

/** A {@linkcode RedisPool}'s figures at one moment, for this caller's tasks. */
export interface RedisPoolStats {
  /** Tasks sent and not answered yet. */
  readonly pending: number;
  /** Tasks that returned an output. */
  readonly completed: number;
  /** Tasks that were rejected. */
  readonly failed: number;
  /** Milliseconds from `run` to the answer, for answered tasks. */
  readonly latency: HistogramSnapshot;
}

interface Pending {
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
  readonly start: number;
  readonly timer: ReturnType<typeof setTimeout> | undefined;
  readonly cleanup: (() => void) | undefined;
}

interface Answer {
  readonly id: string;
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: PackedError;
}

/**
 * Runs tasks on worker processes on any number of machines, through Redis,
 * with the same `run` as a local {@linkcode WorkerPool}.
 *
 * Each task is added to a Redis stream (`XADD`); workers (see
 * {@linkcode startRedisWorker}) read it through a consumer group and run it on
 * their own `WorkerPool`. Each answer comes back on this caller's own list,
 * once: a task that ran twice (its first worker died after running it) is
 * answered once, the second answer is dropped. Inputs and outputs travel as
 * JSON; errors keep their name, message, stack, `code` and `cause`.
 *
 * @example Send tasks to whatever workers serve the queue
 * ```ts ignore
 * import { RedisPool } from "@atomiton/execution/redis";
 *
 * await using pool = new RedisPool({ redis: "redis://127.0.0.1:6379", queue: "images" });
 * const thumbnail = await pool.run({ url: "https://example.com/a.png" }, { timeout: 30_000 });
 * ```
 */
export class RedisPool implements AsyncDisposable {
  /** This caller's id: its answers come on its own list. */
  readonly id: string = crypto.randomUUID();
  readonly #keys: QueueKeys;
  readonly #results: string;
  readonly #redis: RedisConnection;
  readonly #reader: RedisConnection;
  readonly #owned: boolean;
  readonly #taskTimeout: number | undefined;
  readonly #pending = new Map<string, Pending>();
  readonly #latency = new Histogram();
  #completed = 0;
  #failed = 0;
  #closing: Promise<void> | undefined;
  #stopped = false;
  #reading: Promise<void> | undefined;
  #idle: (() => void) | undefined;

  /**
   * Creates a pool. It connects at once; nothing is read until the first `run`.
   *
   * @param options The connection, the queue and a default time limit.
   * @throws {ExecutionError} `INVALID_OPTION` for a bad option.
   *
   * @example A bad option fails at once, before any connection is made
   * ```ts
   * import { ExecutionError } from "@atomiton/execution";
   * import { RedisPool } from "@atomiton/execution/redis";
   * import assert from "node:assert/strict";
   *
   * assert.throws(
   *   () => new RedisPool({ redis: "redis://127.0.0.1:6379", queue: "" }),
   *   (error) => error instanceof ExecutionError && error.code === "INVALID_OPTION",
   * );
   * ```
   */
  constructor(options: RedisPoolOptions) {
    const redis = checkRedis(options?.redis);
    this.#keys = queueKeys(options.prefix ?? "atomiton:exec", options.queue ?? "default");
    this.#results = this.#keys.results(this.id);
    this.#taskTimeout = options.taskTimeout === undefined
      ? undefined
      : checkNumber("taskTimeout", options.taskTimeout, 0);
    this.#owned = typeof redis === "string";
    this.#redis = connection(redis);
    this.#reader = quiet(this.#redis.duplicate());
  }

  /**
   * Runs one task on some worker of the queue.
   *
   * @typeParam O The task's output.
   * @param input The task's input; it must survive JSON.
   * @param options A signal, a time limit, and which export to call.
   * @returns The task's output.
   * @throws {TaskTimeoutError} The time limit passed.
   * @throws {ExecutionError} `DEAD_LETTER` when the task failed on `maxAttempts`
   * workers and was moved to the dead-letter stream; `INVALID_INPUT` when the
   * input is not JSON; `POOL_CLOSED` after `close()`; `MISCONFIGURED` when the
   * server refused the URL's database or password (the task was sent nowhere).
   *
   * @example Run a named export with a time limit
   * ```ts ignore
   * const sum = await pool.run<number>({ a: 1, b: 2 }, { task: "add", timeout: 5_000 });
   * ```
   */
  run<O = unknown>(input: unknown, options?: RedisRunOptions): Promise<O> {
    if (this.#closing) return Promise.reject(new PoolClosedError());
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    const timeout = options?.timeout ?? this.#taskTimeout;
    if (timeout !== undefined && !(timeout >= 0 && timeout <= 2147483647)) {
      return Promise.reject(
        new ExecutionError(
          "INVALID_OPTION",
          `Invalid timeout ${timeout}: expected a number of ms from 0 to 2147483647.`,
        ),
      );
    }
    let json: string;
    try {
      json = toJson(input);
    } catch (error) {
      return Promise.reject(
        new ExecutionError(
          "INVALID_INPUT",
          `The input cannot travel through Redis: ${(error as Error).message}. ` +
            "Inputs and outputs of distributed tasks must be JSON.",
          { cause: error },
        ),
      );
    }
    const id = crypto.randomUUID();
    return new Promise<O>((resolve, reject) => {
      const abort = (reason: unknown): void => {
        if (!this.#settle(id, false, reason)) return;
        // Best effort: a worker running it aborts its signal; one that has not started it skips it.
        this.#redis.call("PUBLISH", [this.#keys.cancel, id]).catch(() => {});
      };
      const onAbort = signal ? () => abort(signal.reason) : undefined;
      signal?.addEventListener("abort", onAbort!, { once: true });
      this.#pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        start: now(),
        timer: timeout === undefined
          ? undefined
          : setTimeout(() => abort(new TaskTimeoutError(timeout)), timeout),
        cleanup: onAbort && (() => signal!.removeEventListener("abort", onAbort)),
      });
      const entry = encodeTask({
        id,
        caller: this.id,
        task: options?.task,
        input: json,
        deadline: timeout === undefined ? undefined : Date.now() + timeout,
      });
      this.#redis.call("XADD", [this.#keys.tasks, "*", ...entry]).catch(async (cause) =>
        this.#settle(
          id,
          false,
          await refusalOf(this.#redis) ??
            new ExecutionError("REDIS_FAILED", `Could not queue the task: ${cause?.message}`, {
              cause,
            }),
        )
      );
      this.#reading ??= this.#read();
    });
  }

  /**
   * This caller's figures now.
   *
   * @returns Pending tasks, tallies and a latency summary.
   *
   * @example Read the tallies
   * ```ts ignore
   * console.log(pool.stats().pending);
   * ```
   */
  stats(): RedisPoolStats {
    return {
      pending: this.#pending.size,
      completed: this.#completed,
      failed: this.#failed,
      latency: this.#latency.snapshot(),
    };
  }

  /**
   * Stops taking tasks, waits for the answers of those sent, then closes the
   * connections it opened (never one passed in).
   *
   * @returns A promise that resolves once everything is closed.
   *
   * @example Close when done
   * ```ts ignore
   * await pool.close();
   * ```
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      if (this.#pending.size > 0) await new Promise<void>((resolve) => this.#idle = resolve);
      await this.#shutdown();
    })();
    return this.#closing;
  }

  /**
   * Rejects every unanswered task with {@linkcode PoolClosedError} and closes now.
   *
   * @returns A promise that resolves once everything is closed.
   *
   * @example Stop waiting
   * ```ts ignore
   * await pool.terminate();
   * ```
   */
  async terminate(): Promise<void> {
    const closing = this.close();
    const error = new PoolClosedError("The pool was terminated.");
    for (const id of [...this.#pending.keys()]) this.#settle(id, false, error);
    await closing;
  }

  /**
   * Closes the pool, as {@linkcode RedisPool.close} does, for `await using`.
   *
   * @returns A promise that resolves once everything is closed.
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #shutdown(): Promise<void> {
    this.#stopped = true;
    await disconnect(this.#reader);
    await this.#reading?.catch(() => {});
    await this.#redis.call("DEL", [this.#results]).catch(() => {});
    if (this.#owned) await disconnect(this.#redis);
  }

  // Reads this caller's answers while tasks wait for them.
  async #read(): Promise<void> {
    while (!this.#stopped && this.#pending.size > 0) {
      let popped: unknown;
      try {
        popped = await this.#reader.call("BLPOP", [this.#results, "1"]);
      } catch (error) {
        if (this.#stopped) break;
        const refused = refusalOf(this.#reader, this.#redis);
        if (refused) {
          // Nothing will ever be answered on this connection: every waiting task fails now.
          const misconfigured = await refused;
          for (const id of [...this.#pending.keys()]) this.#settle(id, false, misconfigured);
          break;
        }
        report(
          new ExecutionError("REDIS_FAILED", "Reading answers failed; retrying.", { cause: error }),
        );
        await new Promise((resolve) => setTimeout(resolve, 200));
        continue;
      }
      if (!popped) continue;
      // With other tasks out, more answers may be waiting: take them in one round trip.
      // With this one alone, a drain would only delay its answer (the next BLPOP finds strays).
      const more = this.#pending.size > 1
        ? await this.#reader.call("LPOP", [this.#results, "100"]).catch(() => null)
        : null;
      this.#answer((popped as [string, string])[1]);
      if (Array.isArray(more)) { for (const text of more as string[]) this.#answer(text); }
    }
    this.#reading = undefined;
    // Tasks sent while the loop was ending need it again.
    if (!this.#stopped && this.#pending.size > 0) this.#reading = this.#read();
  }

  #answer(text: string): void {
    let answer: Answer;
    try {
      answer = JSON.parse(text);
    } catch {
      return;
    }
    const pending = this.#pending.get(answer.id);
    if (!pending) return; // a repeat, or a task this caller gave up on
    this.#latency.record(now() - pending.start);
    if (answer.ok) this.#settle(answer.id, true, answer.value);
    else this.#settle(answer.id, false, unpackError(answer.error!));
  }

  #settle(id: string, ok: boolean, value: unknown): boolean {
    const pending = this.#pending.get(id);
    if (!pending) return false;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    pending.cleanup?.();
    if (ok) {
      this.#completed++;
      pending.resolve(value);
    } else {
      this.#failed++;
      pending.reject(value);
    }
    if (this.#pending.size === 0) this.#idle?.();
    return true;
  }
}
