import { connectRedis, redisRefusal } from "@atomiton/events/redis";
import type { RedisConnection } from "@atomiton/execution/redis";
import { ConductorError } from "./conductor_error.ts";
import type { RunLease } from "./run_lease.ts";
import { checkLease } from "./_storage_lease.ts";
import { redisWhere } from "./_redis_url.ts";

/** Options for {@linkcode redisLease}. */
export interface RedisLeaseOptions {
  /**
   * The server, a URL such as `"redis://127.0.0.1:6379"` (a connection the lease
   * opens on first use and `close()` closes), or an ioredis connection of yours
   * (never closed).
   */
  readonly redis: string | RedisConnection;
  /** The prefix of the lease keys, `<prefix>:<runId>`. Default `"atomiton:conductor:lease"`. */
  readonly prefix?: string | undefined;
}

/** A {@linkcode RunLease} on Redis, with a connection to close. */
export interface RedisLease extends RunLease, AsyncDisposable {
  /**
   * Closes the connection the lease opened (never one passed in). Closing again does nothing.
   *
   * @returns When the connection has ended.
   */
  close(): Promise<void>;
}

// Takes the lease when nobody holds it (SET NX PX), or extends it for the holder taking it again.
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
// Extends it only while the value is still this holder.
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
// Removes it only while the value is still this holder.
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * A lease on Redis that is atomic across machines: `<prefix>:<runId>` holds the
 * holder's id with a `PX` expiry. `acquire` is `SET NX PX` (or an extension for
 * the holder itself), and `renew` and `release` act only while the value is still
 * the holder, each in one Lua script, so a holder whose lease expired and was
 * taken over can never extend or delete the new holder's. A holder that died
 * stops renewing; its lease expires after `ttl` ms and another orchestrator
 * takes it over. Expiry is Redis's clock, so the machines' clocks do not matter.
 *
 * @param redis A URL, an ioredis connection, or options with a key prefix.
 * @returns The lease; close it when done if it opened its own connection.
 * @throws {ConductorError} `INVALID_OPTION` for a URL that is not `redis://` or
 * `rediss://`. Its methods reject with `MISCONFIGURED` when the server refuses
 * the URL's database or password, and `UNAVAILABLE` when Redis cannot be reached.
 *
 * @example Keep a second orchestrator out of a live run
 * ```ts
 * import { redisLease } from "@atomiton/conductor/redis";
 * import { ConductorError } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * assert.throws(
 *   () => redisLease("127.0.0.1:6379"),
 *   (error) => error instanceof ConductorError && error.code === "INVALID_OPTION",
 * );
 * // With a server: two machines racing for one run, exactly one gets it.
 * // await using lease = redisLease("redis://127.0.0.1:6379");
 * // await lease.acquire(runId, "machine-a", 30_000); // true
 * // await lease.acquire(runId, "machine-b", 30_000); // false, until machine-a's lease expires
 * ```
 */
export function redisLease(redis: string | RedisConnection | RedisLeaseOptions): RedisLease {
  const options: RedisLeaseOptions = typeof redis === "string" || isConnection(redis)
    ? { redis }
    : redis;
  const prefix = options?.prefix ?? "atomiton:conductor:lease";
  if (typeof prefix !== "string" || prefix === "") {
    throw new ConductorError(
      "INVALID_OPTION",
      `Invalid prefix ${JSON.stringify(prefix)}: expected a non-empty string.`,
    );
  }
  const connection = leaseConnection(options?.redis);
  const command = async (name: string, args: (string | number)[]): Promise<unknown> => {
    try {
      return await connection.get().call(name, args);
    } catch (error) {
      throw await leaseError(connection.where, connection.get(), error);
    }
  };
  const script = async (source: string, runId: string, ...args: string[]): Promise<number> =>
    Number(await command("EVAL", [source, 1, `${prefix}:${runId}`, ...args]));
  return {
    async acquire(runId, holder, ttl): Promise<boolean> {
      checkLease(holder, ttl);
      return await script(ACQUIRE, runId, holder, String(Math.ceil(ttl))) === 1;
    },
    async renew(runId, holder, ttl): Promise<boolean> {
      checkLease(holder, ttl);
      return await script(RENEW, runId, holder, String(Math.ceil(ttl))) === 1;
    },
    async release(runId, holder): Promise<void> {
      await script(RELEASE, runId, holder);
    },
    async holderOf(runId): Promise<string | undefined> {
      const value = await command("GET", [`${prefix}:${runId}`]);
      return typeof value === "string" ? value : undefined;
    },
    close: connection.close,
    [Symbol.asyncDispose]: connection.close,
  };
}

function isConnection(value: unknown): value is RedisConnection {
  return typeof (value as RedisConnection | undefined)?.call === "function";
}

interface LeaseConnection {
  readonly where: string;
  get(): RedisConnection;
  close(): Promise<void>;
}

// A URL's connection is opened on first use, so a lease never used holds no socket.
function leaseConnection(redis: unknown): LeaseConnection {
  if (isConnection(redis)) {
    return { where: "Redis", get: () => redis, close: () => Promise.resolve() };
  }
  if (typeof redis !== "string") {
    throw new ConductorError(
      "INVALID_OPTION",
      `Invalid redis option: expected a URL such as "redis://127.0.0.1:6379" or an ioredis ` +
        `connection, got ${redis === null ? "null" : typeof redis}.`,
    );
  }
  const where = redisWhere(redis, "redis");
  let opened: RedisConnection | undefined;
  let closing: Promise<void> | undefined;
  return {
    where,
    get: () => {
      if (closing) {
        throw new ConductorError("UNAVAILABLE", `The run lease on ${where} was closed.`);
      }
      if (!opened) {
        opened = connectRedis(redis) as unknown as RedisConnection;
        opened.on("error", () => {}); // ioredis reconnects by itself; a command reports a failure
      }
      return opened;
    },
    close: () => closing ??= opened ? ended(opened) : Promise.resolve(),
  };
}

async function leaseError(
  where: string,
  connection: RedisConnection,
  error: unknown,
): Promise<ConductorError> {
  if (error instanceof ConductorError) return error;
  const refusal = redisRefusal(connection);
  if (refusal) {
    return new ConductorError("MISCONFIGURED", (await refusal).message, { cause: error });
  }
  return new ConductorError(
    "UNAVAILABLE",
    `The run lease on ${where} could not be read or written: ${(error as Error)?.message}.`,
    { cause: error },
  );
}

// Closes a connection and waits until it has ended (one waiting to reconnect has no socket).
async function ended(connection: RedisConnection): Promise<void> {
  const waits = !["end", "reconnecting", "wait"].includes(connection.status);
  const end = waits ? new Promise<void>((resolve) => connection.once("end", resolve)) : undefined;
  connection.disconnect();
  await end;
}
