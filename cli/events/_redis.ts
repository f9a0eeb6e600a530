import type { EventClient, EventsError } from "@atomiton/events";
import type { RedisStreamTransport } from "@atomiton/events/redis";
import type { Io } from "../_common/io.ts";
import type { Style } from "../_common/style.ts";
import { CliError } from "../cli_error.ts";

/** Options for {@linkcode openRedisStream}. */
export interface RedisStreamOptions {
  /** The stream key. */
  readonly stream: string;
  /** The event types to bridge (default: every type). */
  readonly types?: readonly string[] | undefined;
  /** The client's source: what events it publishes carry (default: a random `atomiton-cli-…`). */
  readonly source?: string | undefined;
  /** Stops waiting for the stream to be ready. */
  readonly signal: AbortSignal;
  readonly io: Io;
  readonly style: Style;
}

/** A live connection of an `EventClient` to a Redis stream, through a `RedisStreamTransport`. */
export interface RedisStream {
  /** Gets the stream's new events (delivered) and publishes what is emitted on it. */
  readonly client: EventClient;
  readonly transport: RedisStreamTransport;
  /** `stream "name" on host:port`, for messages. */
  readonly where: string;
  /** Failures the transport reported (each was printed as a warning). */
  readonly errors: readonly EventsError[];
  /** Closes the transport (publishes in flight go out first), removes its group, disconnects. */
  close(): Promise<void>;
}

/**
 * Connects an `EventClient` to a Redis stream for one command: fails at once
 * with `UNAVAILABLE` when Redis cannot be reached, reads through a consumer
 * group of its own (so it takes no events from anyone else's group and sees
 * only events added from now on), and removes that group when it closes.
 */
export async function openRedisStream(
  url: string,
  options: RedisStreamOptions,
): Promise<RedisStream> {
  if (!/^rediss?:\/\//i.test(url)) {
    throw new CliError(
      "USAGE",
      `Invalid Redis URL ${JSON.stringify(url)}: expected redis://host:port[/db].`,
    );
  }
  const [{ EventClient }, { connectRedis, redisRefusal, RedisStreamTransport }, { deadline }] =
    await Promise.all([
      import("@atomiton/events"),
      import("@atomiton/events/redis"),
      import("@atomiton/resilience"),
    ]);
  const host = new URL(url).host;
  // This connection checks that Redis is there and removes the group at the end; the transport
  // opens its own, so it reports (as TRANSPORT_CLOSED) events it could not publish when it closes.
  const redis = connectRedis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
  // The transport reports outages; this one would only repeat them.
  redis.on("error", () => {});
  try {
    await redis.call("PING", []);
  } catch (cause) {
    redis.disconnect();
    // A refused password or database is MISCONFIGURED, with what to put in the URL.
    const refused = redisRefusal(redis);
    if (refused) throw await refused;
    throw new CliError(
      "UNAVAILABLE",
      `Cannot reach Redis at ${host}: ${(cause as Error).message}`,
      { cause },
    );
  }
  const name = `atomiton-cli-${crypto.randomUUID().slice(0, 8)}`;
  const client = new EventClient({ source: options.source ?? name });
  const errors: EventsError[] = [];
  const { io, style, stream } = options;
  const transport = new RedisStreamTransport(client, {
    redis: url,
    stream,
    group: name,
    consumer: name,
    ...(options.types ? { types: options.types } : {}),
    claimIdleMs: Infinity,
    onError: (error) => {
      errors.push(error);
      io.stderr(`${style.yellow("warning")}: ${error.message}\n`);
    },
  });
  let closing: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    await transport.close();
    // The group was this command's alone: leave nothing behind in Redis (if it is still there).
    if (redis.status === "ready") {
      await deadline(redis.call("XGROUP", ["DESTROY", stream, name]), 2_000).catch(() => {});
    }
    redis.disconnect();
  };
  const { signal } = options;
  let onAbort: (() => void) | undefined;
  try {
    await Promise.race([
      transport.ready,
      new Promise<never>((_, reject) => {
        onAbort = () => reject(signal.reason);
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      }),
    ]);
  } catch (error) {
    await close();
    throw error;
  } finally {
    if (onAbort) signal.removeEventListener("abort", onAbort);
  }
  return {
    client,
    transport,
    where: `stream ${JSON.stringify(stream)} on ${host}`,
    errors,
    close: () => closing ??= close(),
  };
}
