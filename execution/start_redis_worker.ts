import { exponentialBackoff } from "@atomiton/resilience";
import { packError } from "./_codec.ts";
import {
  checkRedis,
  connection,
  decodeTask,
  disconnect,
  encodeTask,
  fromJson,
  GROUP,
  type QueueKeys,
  queueKeys,
  quiet,
  type RawEntry,
  readEntries,
  type RedisConnection,
  refusalOf,
  type TaskEntry,
} from "./_redis_keys.ts";
import { checkNumber, unrefTimer } from "./_util.ts";
import { ExecutionError } from "./execution_error.ts";
import { WorkerCrashedError } from "./worker_crashed_error.ts";
import { WorkerPool, type WorkerPoolOptions } from "./worker_pool.ts";

/** Options for {@linkcode startRedisWorker}. */
export interface RedisWorkerOptions {
  /**
   * An ioredis connection, or a URL such as `"redis://127.0.0.1:6379"` for one
   * the worker opens and closes itself. Blocking reads and the cancel
   * subscription use connections made with `duplicate()`.
   */
  readonly redis: RedisConnection | string;
  /** The task module's absolute URL, as for a {@linkcode WorkerPool}. */
  readonly moduleUrl: string | URL;
  /** The queue to serve. Default `"default"`. */
  readonly queue?: string | undefined;
  /** The prefix of every key. Default `"atomiton:exec"`. */
  readonly prefix?: string | undefined;
  /**
   * This worker's name in the consumer group. Default: a random one. A worker
   * restarted under its old name first runs the tasks it had taken and not finished.
   */
  readonly consumer?: string | undefined;
  /** Tasks run at once, each in a worker of the local pool. Default: the logical CPUs (4 if unknown). */
  readonly concurrency?: number | undefined;
  /**
   * A task taken by a worker that has not answered or renewed it for this
   * long (ms) goes to another worker: its worker is taken to be dead. Running
   * tasks are renewed every third of it. Default `30000`.
   */
  readonly visibilityTimeout?: number | undefined;
  /**
   * A task delivered this many times without an answer (its workers died, or
   * crashed running it) goes to the dead-letter stream, and its caller gets
   * an `ExecutionError` with code `DEAD_LETTER`. Default `3`.
   */
  readonly maxAttempts?: number | undefined;
  /** How long an answer waits for its caller to read it, in ms. Default one hour. */
  readonly resultTtl?: number | undefined;
  /** How long one blocking read waits for tasks, in ms. Default `2000`. */
  readonly blockMs?: number | undefined;
  /** Options of the local pool; its `maxWorkers` is `concurrency`. */
  readonly pool?: Omit<WorkerPoolOptions, "maxWorkers"> | undefined;
  /** Gets failures to reach Redis (the worker retries) and entries that are not tasks. Default `console.error`. */
  readonly onError?: ((error: ExecutionError) => void) | undefined;
}

/** A running worker's figures. */
export interface RedisWorkerStats {
  /** Tasks running or waiting in the local pool. */
  readonly running: number;
  /** Tasks answered with an output. */
  readonly completed: number;
  /** Tasks answered with an error. */
  readonly failed: number;
  /** Tasks moved to the dead-letter stream. */
  readonly deadLettered: number;
  /** Tasks taken over from workers that stopped answering. */
  readonly reclaimed: number;
}

/** A worker serving a queue; see {@linkcode startRedisWorker}. */
export interface RedisWorker extends AsyncDisposable {
  /** Its name in the consumer group. */
  readonly consumer: string;
  /**
   * Resolves once the consumer group exists and reading began; rejects with
   * `MISCONFIGURED` when the server refuses the URL's database or password
   * (the worker then closes, having touched no other database).
   */
  readonly ready: Promise<void>;
  /** Resolves once the worker has closed (see {@linkcode RedisWorker.close}). */
  readonly closed: Promise<void>;
  /**
   * Its figures now.
   *
   * @returns Running tasks and tallies.
   */
  stats(): RedisWorkerStats;
  /**
   * Stops taking tasks, lets running ones finish and answers them, then
   * closes its pool and the connections it opened.
   *
   * @returns A promise that resolves once everything is closed.
   */
  close(): Promise<void>;
}

interface Running {
  readonly streamId: string;
  readonly task: TaskEntry;
  readonly controller: AbortController;
  deliveries: number;
  lost: boolean;
}

// Delivery counts of entries, from the group's pending list.
const DELIVERIES = `local out = {}
for i = 2, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  out[#out + 1] = p[1] and p[1][4] or 0
end
return out`;

// Answers a task and acknowledges it, atomically: both or neither.
// KEYS: tasks, results; ARGV: group, stream id, answer, ttl ms[, dead stream, fields...]
const REPLY = `if ARGV[5] then
  redis.call('XADD', ARGV[5], '*', unpack(ARGV, 6))
end
redis.call('RPUSH', KEYS[2], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[4])
redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[1], ARGV[2])
return 1`;

// Renews the entries this consumer still owns; returns the ones it lost.
const RENEW = `local lost = {}
for i = 3, #ARGV do
  local p = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if p[1] and p[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
  else
    lost[#lost + 1] = ARGV[i]
  end
end
return lost`;

const backoff = exponentialBackoff({ minDelay: 100, maxDelay: 5_000 });

/**
 * Starts a worker process loop that runs a queue's tasks on a local
 * {@linkcode WorkerPool}, for callers using a {@linkcode RedisPool} on any
 * machine. The `atomiton worker` command and the
 * `@atomiton/execution/redis-worker` script wrap it.
 *
 * Tasks come from a Redis stream through the consumer group `workers`
 * (`XREADGROUP`). A task is acknowledged (`XACK`) in the same transaction that
 * pushes its answer, so delivery is at least once: the tasks of a worker that
 * dies (SIGKILL, a lost machine) stay pending, and after `visibilityTimeout`
 * another worker takes them over (`XAUTOCLAIM`). Running tasks are renewed
 * while they run, so a long task is not taken from a live worker. A task
 * delivered `maxAttempts` times without an answer goes to the dead-letter
 * stream. A task that throws is answered with its error at once, as with a
 * local pool.
 *
 * @param options The connection, queue, task module and tuning.
 * @returns The running worker.
 * @throws {ExecutionError} `INVALID_OPTION` for a bad option.
 *
 * @example Serve a queue until told to stop
 * ```ts ignore
 * import { startRedisWorker } from "@atomiton/execution/redis";
 *
 * const worker = startRedisWorker({
 *   redis: "redis://127.0.0.1:6379",
 *   queue: "images",
 *   moduleUrl: new URL("./resize.ts", import.meta.url),
 *   concurrency: 4,
 * });
 * await worker.ready;
 * Deno.addSignalListener("SIGTERM", () => worker.close());
 * ```
 */
export function startRedisWorker(options: RedisWorkerOptions): RedisWorker {
  return new QueueWorker(options);
}

class QueueWorker implements RedisWorker {
  readonly consumer: string;
  readonly ready: Promise<void>;
  readonly closed: Promise<void>;
  readonly #keys: QueueKeys;
  readonly #redis: RedisConnection;
  readonly #reader: RedisConnection;
  readonly #subscriber: RedisConnection;
  readonly #owned: boolean;
  readonly #pool: WorkerPool;
  readonly #capacity: number;
  readonly #visibility: number;
  readonly #maxAttempts: number;
  readonly #resultTtl: string;
  readonly #blockMs: number;
  readonly #onError: (error: ExecutionError) => void;
  readonly #running = new Map<string, Running>();
  readonly #cancelled = new Map<string, true>();
  readonly #renewer: ReturnType<typeof setInterval>;
  #completed = 0;
  #failed = 0;
  #deadLettered = 0;
  #reclaimed = 0;
  // Answers on their way to Redis: their tasks left the local pool, so their slots are free.
  #answering = 0;
  #cursor = "0";
  #claimCursor = "0-0";
  #nextClaim = 0;
  #closing: Promise<void> | undefined;
  #onClosed!: () => void;
  #refused!: (error: ExecutionError) => void;
  #stopped = false;
  #slot: (() => void) | undefined;
  #drained: (() => void) | undefined;
  #loop: Promise<void>;

  constructor(options: RedisWorkerOptions) {
    const redis = checkRedis(options?.redis);
    this.#keys = queueKeys(options.prefix ?? "atomiton:exec", options.queue ?? "default");
    const consumer = options.consumer ?? `worker-${crypto.randomUUID()}`;
    if (typeof consumer !== "string" || consumer === "") {
      throw new ExecutionError("INVALID_OPTION", "Invalid consumer: expected a non-empty string.");
    }
    this.consumer = consumer;
    const cpus = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator
      ?.hardwareConcurrency;
    this.#capacity = checkNumber("concurrency", options.concurrency ?? cpus ?? 4, 1, 1024, true);
    this.#visibility = checkNumber("visibilityTimeout", options.visibilityTimeout ?? 30_000, 10);
    this.#maxAttempts = checkNumber("maxAttempts", options.maxAttempts ?? 3, 1, 1000, true);
    this.#resultTtl = String(checkNumber("resultTtl", options.resultTtl ?? 3_600_000, 1));
    this.#blockMs = checkNumber("blockMs", options.blockMs ?? 2000, 1);
    // deno-lint-ignore no-console -- failures must be seen; reportError would end a Deno process
    this.#onError = options.onError ?? ((error) => console.error(error));
    this.#pool = new WorkerPool(options.moduleUrl, {
      ...options.pool,
      maxWorkers: this.#capacity,
    });
    this.#owned = typeof redis === "string";
    this.#redis = connection(redis);
    this.#reader = quiet(this.#redis.duplicate());
    this.#subscriber = quiet(this.#redis.duplicate());
    this.#subscriber.on("message", (_channel: string, id: string) => this.#cancel(id));
    this.#renewer = setInterval(() => this.#renew(), this.#visibility / 3);
    unrefTimer(this.#renewer);
    let started!: () => void;
    this.ready = new Promise((resolve, reject) => {
      started = resolve;
      this.#refused = reject;
    });
    this.ready.catch(() => {}); // onError gets it too: an unawaited ready must not end the process
    this.closed = new Promise((resolve) => this.#onClosed = resolve);
    this.#loop = this.#consume(started);
  }

  stats(): RedisWorkerStats {
    return {
      running: this.#running.size,
      completed: this.#completed,
      failed: this.#failed,
      deadLettered: this.#deadLettered,
      reclaimed: this.#reclaimed,
    };
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#stopped = true;
      this.#slot?.();
      await disconnect(this.#reader);
      await this.#loop;
      if (this.#running.size > 0) await new Promise<void>((resolve) => this.#drained = resolve);
      clearInterval(this.#renewer);
      await this.#pool.close();
      await disconnect(this.#subscriber);
      if (this.#owned) await disconnect(this.#redis);
      this.#onClosed();
    })();
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #consume(started: () => void): Promise<void> {
    let failures = 0;
    let ready = false;
    while (!this.#stopped) {
      try {
        if (!ready) {
          await this.#redis.call("XGROUP", ["CREATE", this.#keys.tasks, GROUP, "0", "MKSTREAM"])
            .catch((error) => {
              if (!String(error?.message).startsWith("BUSYGROUP")) throw error;
            });
          await this.#subscriber.subscribe(this.#keys.cancel);
          ready = true;
          started();
        }
        await this.#step();
        failures = 0;
      } catch (error) {
        if (this.#stopped) break;
        const refused = refusalOf(this.#redis, this.#reader, this.#subscriber);
        if (refused) return this.#misconfigured(await refused);
        if (String((error as Error)?.message).startsWith("NOGROUP")) ready = false;
        this.#onError(
          new ExecutionError("REDIS_FAILED", "Reading tasks failed; retrying.", { cause: error }),
        );
        await new Promise((resolve) => setTimeout(resolve, backoff(++failures)));
      }
    }
  }

  // The server refused the URL's database or password: retrying cannot help, so stop.
  #misconfigured(error: ExecutionError): void {
    this.#onError(error);
    this.#refused(error);
    void this.close();
  }

  async #step(): Promise<void> {
    const free = this.#capacity - this.#running.size + this.#answering;
    if (free <= 0) {
      await new Promise<void>((resolve) => this.#slot = resolve);
      return;
    }
    if (Date.now() >= this.#nextClaim) return this.#claim(free);
    const own = this.#cursor !== ">";
    const args = ["GROUP", GROUP, this.consumer, "COUNT", String(free)];
    if (!own) {
      args.push(
        "BLOCK",
        String(Math.max(1, Math.min(this.#blockMs, this.#nextClaim - Date.now()))),
      );
    }
    args.push("STREAMS", this.#keys.tasks, this.#cursor);
    const entries = readEntries(await this.#reader.call("XREADGROUP", args));
    if (!own) return this.#start(entries, entries.map(() => 1));
    // This consumer's own unfinished tasks, from before a restart under its name.
    if (entries.length === 0) {
      this.#cursor = ">";
      return;
    }
    this.#cursor = entries[entries.length - 1]![0];
    await this.#start(entries, await this.#deliveries(entries));
  }

  // Takes over tasks whose worker stopped answering for visibilityTimeout.
  async #claim(free: number): Promise<void> {
    const [next, entries] = await this.#redis.call("XAUTOCLAIM", [
      this.#keys.tasks,
      GROUP,
      this.consumer,
      String(this.#visibility),
      this.#claimCursor,
      "COUNT",
      String(free),
    ]) as [string, RawEntry[]];
    this.#claimCursor = next;
    if (next === "0-0") this.#nextClaim = Date.now() + this.#visibility / 2;
    // Entries deleted meanwhile come back without fields; XAUTOCLAIM already dropped them.
    // A task of its own whose renewal came late (a busy machine) is still running here: skip it.
    const mine = new Set([...this.#running.values()].map((state) => state.streamId));
    const live = entries.filter((entry) => entry[1] !== null && !mine.has(entry[0]));
    this.#reclaimed += live.length;
    await this.#start(live, await this.#deliveries(live));
  }

  async #deliveries(entries: readonly RawEntry[]): Promise<number[]> {
    if (entries.length === 0) return [];
    const counts = await this.#redis.call("EVAL", [
      DELIVERIES,
      "1",
      this.#keys.tasks,
      GROUP,
      ...entries.map((entry) => entry[0]),
    ]) as number[];
    return counts.map(Number);
  }

  async #start(entries: readonly RawEntry[], deliveries: readonly number[]): Promise<void> {
    const done: string[] = [];
    for (let i = 0; i < entries.length; i++) {
      const [streamId, fields] = entries[i]!;
      const task = fields ? decodeTask(fields) : undefined;
      if (!task) {
        if (fields) {
          this.#onError(
            new ExecutionError(
              "INVALID_TASK",
              `Entry ${streamId} of ${this.#keys.tasks} is not a task.`,
            ),
          );
        }
        done.push(streamId);
        continue;
      }
      // Cancelled, or past its time limit: its caller stopped waiting.
      if (this.#cancelled.delete(task.id) || (task.deadline ?? Infinity) <= Date.now()) {
        done.push(streamId);
        continue;
      }
      const state: Running = {
        streamId,
        task,
        controller: new AbortController(),
        deliveries: deliveries[i]!,
        lost: false,
      };
      if (state.deliveries > this.#maxAttempts) {
        void this.#deadLetter(
          state,
          new ExecutionError(
            "WORKER_LOST",
            "The worker running the task stopped answering (killed, or cut off from Redis).",
          ),
        );
        continue;
      }
      this.#running.set(task.id, state);
      this.#execute(state);
    }
    if (done.length > 0) {
      await this.#redis.call("XACK", [this.#keys.tasks, GROUP, ...done]);
      await this.#redis.call("XDEL", [this.#keys.tasks, ...done]);
    }
  }

  #execute(state: Running): void {
    const { task } = state;
    let input: unknown;
    try {
      input = fromJson(task.input);
    } catch (error) {
      void this.#answer(state, false, error);
      return;
    }
    const timeout = task.deadline === undefined
      ? undefined
      : Math.max(0, task.deadline - Date.now());
    this.#pool.run(input, { task: task.task, signal: state.controller.signal, timeout }).then(
      (value) => this.#answer(state, true, value),
      async (error) => {
        if (!(error instanceof WorkerCrashedError) || state.lost) {
          return this.#answer(state, false, error);
        }
        // Crashed: count the attempt in Redis too, then try again or give up.
        state.deliveries++;
        if (state.deliveries > this.#maxAttempts) return this.#deadLetter(state, error);
        await this.#redis.call("XCLAIM", [
          this.#keys.tasks,
          GROUP,
          this.consumer,
          "0",
          state.streamId,
          "RETRYCOUNT",
          String(state.deliveries),
          "JUSTID",
        ]).catch(() => {});
        this.#execute(state);
      },
    );
  }

  async #answer(state: Running, ok: boolean, value: unknown): Promise<void> {
    if (state.lost) return this.#release(state);
    let json: string;
    try {
      json = JSON.stringify(
        ok ? { id: state.task.id, ok, value } : { id: state.task.id, ok, error: packError(value) },
      );
    } catch (error) {
      ok = false;
      json = JSON.stringify({
        id: state.task.id,
        ok,
        error: packError(
          new ExecutionError("INVALID_OUTPUT", "The output is not JSON.", { cause: error }),
        ),
      });
    }
    await this.#reply(state, json);
    if (ok) this.#completed++;
    else this.#failed++;
  }

  async #deadLetter(state: Running, error: unknown): Promise<void> {
    const { task } = state;
    const attempts = state.deliveries - 1;
    const reason = new ExecutionError(
      "DEAD_LETTER",
      `The task failed ${attempts} time(s) and was moved to the dead-letter stream ${this.#keys.dead}.`,
      { cause: error },
    );
    await this.#reply(
      state,
      JSON.stringify({ id: task.id, ok: false, error: packError(reason) }),
      [
        this.#keys.dead,
        ...encodeTask(task),
        "attempts",
        String(attempts),
        "error",
        JSON.stringify(packError(error)),
      ],
    );
    this.#deadLettered++;
  }

  // Pushes the answer (and the dead letter) and acknowledges the task: both or neither.
  // Its slot is free at once, so the next read is under way while the answer travels.
  async #reply(state: Running, answer: string, dead: string[] = []): Promise<void> {
    // A task dead-lettered before it ran never held a slot.
    const held = this.#running.get(state.task.id) === state ? 1 : 0;
    this.#answering += held;
    this.#wake();
    try {
      await this.#redis.call("EVAL", [
        REPLY,
        "2",
        this.#keys.tasks,
        this.#keys.results(state.task.caller),
        GROUP,
        state.streamId,
        answer,
        this.#resultTtl,
        ...dead,
      ]);
    } catch (error) {
      // Not acknowledged: the task will be delivered again.
      this.#onError(
        new ExecutionError("REDIS_FAILED", `Could not answer task ${state.task.id}.`, {
          cause: error,
        }),
      );
    }
    this.#answering -= held;
    this.#release(state);
  }

  #release(state: Running): void {
    if (this.#running.get(state.task.id) === state) this.#running.delete(state.task.id);
    this.#wake();
    if (this.#running.size === 0) this.#drained?.();
  }

  // Lets the read loop go on: a slot is free.
  #wake(): void {
    const slot = this.#slot;
    this.#slot = undefined;
    slot?.();
  }

  #cancel(id: string): void {
    const state = this.#running.get(id);
    if (state) {
      state.controller.abort(new ExecutionError("CANCELLED", "The caller cancelled the task."));
      return;
    }
    this.#cancelled.set(id, true);
    // Remember the latest cancellations only: a task cancelled long ago is past its caller anyway.
    if (this.#cancelled.size > 10_000) {
      this.#cancelled.delete(this.#cancelled.keys().next().value!);
    }
  }

  async #renew(): Promise<void> {
    const running = [...this.#running.values()].filter((state) => !state.lost);
    if (running.length === 0) return;
    try {
      const lost = await this.#redis.call("EVAL", [
        RENEW,
        "1",
        this.#keys.tasks,
        GROUP,
        this.consumer,
        ...running.map((state) => state.streamId),
      ]) as string[];
      for (const streamId of lost) {
        const state = running.find((candidate) => candidate.streamId === streamId);
        if (!state) continue;
        // Another worker has it now (this one was cut off too long): stop, do not answer.
        state.lost = true;
        state.controller.abort(
          new ExecutionError("TASK_LOST", "Another worker took the task over."),
        );
      }
    } catch (error) {
      this.#onError(
        new ExecutionError("REDIS_FAILED", "Renewing running tasks failed.", { cause: error }),
      );
    }
  }
}
