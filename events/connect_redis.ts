import { Redis } from "ioredis";
import { EventsError } from "./events_error.ts";
import type { RedisConnection } from "./redis_stream_transport.ts";

/** The ioredis options {@linkcode connectRedis} passes on; the rest come from the URL. */
export interface ConnectRedisOptions {
  /** Connect on the first command instead of at once (default `false`). */
  readonly lazyConnect?: boolean | undefined;
  /** Reconnection attempts a command waits through before it fails (ioredis default 20; `null`: no limit). */
  readonly maxRetriesPerRequest?: number | null | undefined;
  /** The ms to wait before reconnection attempt `times`, or `null` to stop reconnecting. */
  readonly retryStrategy?: ((times: number) => number | null) | undefined;
}

// Connections whose server refused their database or credentials, with the error that says so.
const refusals = new WeakMap<object, Promise<EventsError>>();

/**
 * Opens an ioredis connection that stops for good, before any command reaches
 * the server, when the server refuses the URL's database (`SELECT`) or
 * credentials (`AUTH`, `HELLO`; `NOAUTH`, `WRONGPASS`), on the first connect
 * or any reconnect, or names a database that is not a whole number (ioredis
 * would read `/abc` as database 0 and `/1.5` as 1). ioredis alone only reports a refused `SELECT` as an
 * `"error"` event and then runs every command on database 0; this connection
 * ends instead, so every command rejects and
 * {@linkcode redisRefusal} tells why. Connections made with its
 * `duplicate()` are guarded the same way. The `/redis` clients of storage,
 * events and execution open their connections with it.
 *
 * @param url The server, `redis://[user:password@]host:port[/db]`.
 * @param options ioredis options for connecting and reconnecting.
 * @returns The connection, an ioredis `Redis` (it connects at once unless `lazyConnect` is set).
 *
 * @example A refused database never falls back to database 0
 * ```ts ignore
 * import { connectRedis, redisRefusal } from "@atomiton/events/redis";
 *
 * const redis = connectRedis("redis://127.0.0.1:6379/99"); // the server has 16 databases
 * await redis.set("key", "value").catch(async () => {
 *   console.error((await redisRefusal(redis))?.message); // MISCONFIGURED: "database 99 ..."
 * });
 * ```
 */
export function connectRedis(url: string, options: ConnectRedisOptions = {}): RedisConnection {
  const malformed = malformedDatabase(url);
  if (malformed === undefined) return guard(new Redis(url, { ...options }));
  // ioredis reads "/abc" as database 0 and "/1.5" as 1: never connect, every command rejects.
  const redis = guard(new Redis(url, { ...options, lazyConnect: true, retryStrategy: () => null }));
  refusals.set(redis, Promise.resolve(malformed));
  redis.disconnect();
  return redis;
}

// A database in the URL (its path, or `?db=`) that is not a whole number, as ioredis would misread it.
function malformedDatabase(url: string): EventsError | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined; // not a URL ioredis reads as one (a port, a socket path): nothing to misread
  }
  const path = /^rediss?:$/i.test(parsed.protocol) ? parsed.pathname.slice(1) : "";
  const db = path || (parsed.searchParams.get("db") ?? "");
  if (db === "" || /^\d{1,9}$/.test(db)) return undefined;
  const where = `${parsed.protocol}//${parsed.username ? `${parsed.username}@` : ""}${parsed.host}`;
  return new EventsError(
    "MISCONFIGURED",
    `Redis URL ${where}/… names database ${JSON.stringify(db)}: the ` +
      "database index, the URL's path, must be a whole number such as /0 (0 to 15 by default). " +
      "Nothing was sent to the server.",
  );
}

/**
 * Why a connection opened with {@linkcode connectRedis} stopped: an
 * {@linkcode EventsError} with code `MISCONFIGURED` naming the URL's part the
 * server refused (never the password), or `undefined` while it has refused
 * nothing. Check it when a command fails.
 *
 * @param connection A connection from {@linkcode connectRedis} (or its `duplicate()`).
 * @returns The error, once the server's limits are known; `undefined` if nothing was refused.
 *
 * @example A connection that was never refused
 * ```ts
 * import { connectRedis, redisRefusal } from "@atomiton/events/redis";
 * import assert from "node:assert/strict";
 *
 * const redis = connectRedis("redis://127.0.0.1:6379/3", { lazyConnect: true });
 * assert.equal(redisRefusal(redis), undefined);
 * redis.disconnect();
 * ```
 */
export function redisRefusal(connection: object): Promise<EventsError> | undefined {
  return refusals.get(connection);
}

function guard(redis: Redis): Redis {
  const duplicate = redis.duplicate.bind(redis);
  redis.duplicate = (override) => guard(duplicate(override));
  // Registered first, so it runs before any other listener and before ioredis goes on:
  // a refused SELECT is emitted before the ready check, which sends the queued commands.
  redis.on("error", (error: Error & { command?: { name?: string } }) => {
    const refused = refusedPart(error);
    if (refused === undefined || refusals.has(redis)) return;
    redis.disconnect();
    refusals.set(redis, describe(redis, refused, error.message, duplicate));
  });
  return redis;
}

function refusedPart(error: Error & { command?: { name?: string } }): string | undefined {
  if (error?.name !== "ReplyError") return undefined;
  const command = error.command?.name?.toLowerCase();
  if (/^(?:NOAUTH|WRONGPASS)/.test(error.message)) return "credentials";
  if (command === "auth" || command === "hello") return "credentials";
  return command === "select" ? "database" : undefined;
}

async function describe(
  redis: Redis,
  part: string,
  reply: string,
  duplicate: Redis["duplicate"],
): Promise<EventsError> {
  const { host, port, username, password, db = 0 } = redis.options;
  const where = `redis://${username ? `${username}@` : ""}${host}:${port}/${db}`;
  if (part === "credentials") {
    const given = password ? "the password in the URL is wrong" : "the URL has no password";
    return new EventsError(
      "MISCONFIGURED",
      `Redis at ${where} refused the connection (${reply}): ${given}. Put the password in the ` +
        "URL: redis://:password@host:port/db, or redis://user:password@host:port/db for an ACL user.",
    );
  }
  const count = await databases(duplicate);
  const allowed = count === undefined ? "0 to 15 by default" : `0 to ${count - 1} on this server`;
  return new EventsError(
    "MISCONFIGURED",
    `Redis at ${where} refused database ${db} (${reply}): the database index, the URL's ` +
      `path, must be ${allowed}. Nothing was sent to another database.`,
  );
}

// The server's number of databases, from a short-lived connection to database 0 that only asks that.
async function databases(duplicate: Redis["duplicate"]): Promise<number | undefined> {
  const probe = duplicate({ db: 0, lazyConnect: true, retryStrategy: () => null });
  probe.on("error", () => {});
  try {
    const reply = await probe.call("CONFIG", "GET", "databases") as unknown;
    const value = Array.isArray(reply) ? reply[1] : (reply as { databases?: unknown })?.databases;
    const count = Number(value);
    return Number.isInteger(count) && count > 0 ? count : undefined;
  } catch {
    return undefined; // CONFIG may be refused (managed servers, ACLs)
  } finally {
    probe.disconnect();
  }
}
