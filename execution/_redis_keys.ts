import { connectRedis, redisRefusal } from "@atomiton/events/redis";
import { ExecutionError } from "./execution_error.ts";

/**
 * The Redis connection this package uses: an ioredis `Redis` is one. Only
 * the `/redis` entries import ioredis (an optional peer dependency on npm).
 */
export interface RedisConnection {
  /** `"ready"` while connected; ioredis reconnects on its own after a loss. */
  readonly status: string;
  /** Sends a command and resolves with its reply. */
  call(command: string, args: (string | number)[]): Promise<unknown>;
  /** Opens another connection with the same options (for blocking reads and subscribing). */
  duplicate(): RedisConnection;
  /** Subscribes to a channel; messages come as `"message"` events. */
  subscribe(channel: string): Promise<unknown>;
  /** Listens for `"error"`, `"end"` and `"message"`. */
  on(event: string, listener: (...args: never[]) => void): unknown;
  /** Listens once. */
  once(event: string, listener: () => void): unknown;
  /** Closes the connection at once, with no reconnecting. */
  disconnect(): void;
}

/** The keys of one distributed queue. */
export interface QueueKeys {
  /** The stream of tasks, read by the `workers` consumer group. */
  readonly tasks: string;
  /** The stream of tasks that failed `maxAttempts` times. */
  readonly dead: string;
  /** The channel callers publish cancelled task ids on. */
  readonly cancel: string;
  /** The list a caller's results are pushed to. */
  results(caller: string): string;
}

/** The consumer group every worker of a queue joins. */
export const GROUP = "workers";

/** The keys of queue `queue` under `prefix`. */
export function queueKeys(prefix: string, queue: string): QueueKeys {
  for (const [option, value] of [["prefix", prefix], ["queue", queue]]) {
    if (typeof value !== "string" || value === "") {
      throw new ExecutionError(
        "INVALID_OPTION",
        `Invalid ${option} ${JSON.stringify(value)}: expected a non-empty string.`,
      );
    }
  }
  // One hash tag per queue: its keys share a Redis Cluster slot, as the Lua scripts need.
  const base = `${prefix}:{${queue}}`;
  return {
    tasks: `${base}:tasks`,
    dead: `${base}:dead`,
    cancel: `${base}:cancel`,
    results: (caller) => `${base}:results:${caller}`,
  };
}

/** A task on the stream. */
export interface TaskEntry {
  readonly id: string;
  readonly caller: string;
  readonly task: string | undefined;
  readonly input: string;
  readonly deadline: number | undefined;
}

/** The stream fields of a task. */
export function encodeTask(entry: TaskEntry): string[] {
  return [
    "id",
    entry.id,
    "caller",
    entry.caller,
    "task",
    entry.task ?? "",
    "input",
    entry.input,
    "deadline",
    entry.deadline === undefined ? "" : String(entry.deadline),
  ];
}

/**
 * Opens a connection to `redis` (a URL) or uses the one given; errors are left to ioredis's
 * retries, except a refused database or password (see {@linkcode refusalOf}).
 */
export function connection(redis: RedisConnection | string): RedisConnection {
  // An ioredis Redis: it has subscribe() too, which events' interface does not name.
  return quiet(typeof redis === "string" ? connectRedis(redis) as RedisConnection : redis);
}

/**
 * The `MISCONFIGURED` error of the first of `connections` whose server refused the URL's
 * database or password (they stopped, having sent nothing), or undefined.
 */
export function refusalOf(
  ...connections: readonly RedisConnection[]
): Promise<ExecutionError> | undefined {
  for (const connection of connections) {
    const refusal = redisRefusal(connection);
    if (refusal) {
      return refusal.then((error) => new ExecutionError("MISCONFIGURED", error.message));
    }
  }
  return undefined;
}

/** Keeps "error" events from ending the process: ioredis reconnects by itself. */
export function quiet(connection: RedisConnection): RedisConnection {
  connection.on("error", () => {});
  return connection;
}

/** Reads a task from its stream fields; undefined when they are not one. */
export function decodeTask(fields: readonly string[]): TaskEntry | undefined {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
  const id = map.get("id");
  const caller = map.get("caller");
  const input = map.get("input");
  if (!id || !caller || input === undefined) return undefined;
  const task = map.get("task") || undefined;
  const deadline = Number(map.get("deadline") || NaN);
  return { id, caller, task, input, deadline: Number.isFinite(deadline) ? deadline : undefined };
}

/** JSON for Redis; `undefined` travels as the empty string. */
export function toJson(value: unknown): string {
  return value === undefined ? "" : JSON.stringify(value);
}

/** The reverse of {@linkcode toJson}. */
export function fromJson(text: string): unknown {
  return text === "" ? undefined : JSON.parse(text);
}

/** Checks the `redis` option: an ioredis connection or a URL. */
export function checkRedis(redis: unknown): RedisConnection | string {
  if (
    typeof redis === "string" ||
    typeof (redis as RedisConnection | undefined)?.duplicate === "function"
  ) {
    return redis as RedisConnection | string;
  }
  throw new ExecutionError(
    "INVALID_OPTION",
    `Invalid redis option: expected an ioredis connection or a URL such as ` +
      `"redis://127.0.0.1:6379", got ${typeof redis}.`,
  );
}

/** Closes a connection and waits until it has ended. */
export async function disconnect(connection: RedisConnection): Promise<void> {
  // A connection waiting to reconnect has no socket, so it never emits "end".
  const waits = connection.status !== "end" && connection.status !== "reconnecting" &&
    connection.status !== "wait";
  const ended = waits
    ? new Promise<void>((resolve) => connection.once("end", () => resolve()))
    : undefined;
  connection.disconnect();
  await ended;
}

/** A stream entry as Redis returns it; fields are null for an entry deleted meanwhile. */
export type RawEntry = [id: string, fields: string[] | null];

/** The entries of a one-stream XREAD/XREADGROUP reply, in RESP2 or RESP3 (legacy) shape. */
export function readEntries(reply: unknown): RawEntry[] {
  if (reply === null || reply === undefined) return [];
  if (Array.isArray(reply)) {
    const first = reply[0];
    return (Array.isArray(first) ? first[1] : reply[1]) as RawEntry[] ?? [];
  }
  return Object.values(reply as Record<string, RawEntry[]>)[0] ?? [];
}
