import { deadline, delay, exponentialBackoff } from "@atomiton/resilience";
import { createErrorBoundary } from "@atomiton/resilience/error-boundary";
import type { EventClient, EventMap } from "./event_client.ts";
import { EventsError } from "./events_error.ts";
import { connectRedis, redisRefusal } from "./connect_redis.ts";
import { patternPrefix } from "./_pattern.ts";
import {
  decodeEntry,
  encodeEntry,
  type RawEntry,
  readReplyEntries,
  type StreamEvent,
  toStreamId,
} from "./_redis_entry.ts";

export type { StreamEvent } from "./_redis_entry.ts";

/**
 * What the transport needs of an ioredis connection: `new Redis(url)` from
 * the `ioredis` package (RESP2 or RESP3, either reply mapping) is one.
 */
export interface RedisConnection {
  /** `"ready"` while connected; ioredis reconnects on its own after a loss. */
  readonly status: string;
  /** Sends a command and resolves with its reply. */
  call(command: string, args: (string | number)[]): Promise<unknown>;
  /** Opens another connection with the same options (for blocking reads). */
  duplicate(): RedisConnection;
  /** Listens for `"error"`, `"ready"` and `"end"`. */
  on(event: string, listener: (error?: unknown) => void): unknown;
  /** Listens once. */
  once(event: string, listener: () => void): unknown;
  /** Closes the connection at once, with no reconnecting. */
  disconnect(): void;
}

/** Options for {@linkcode RedisStreamTransport}. */
export interface RedisStreamTransportOptions {
  /**
   * An ioredis connection (RESP2 or RESP3, either reply mapping), or a URL
   * such as `"redis://127.0.0.1:6379"` for one the transport opens and closes
   * itself. Blocking reads use a second connection, made with `duplicate()`,
   * that the transport always owns.
   */
  readonly redis: RedisConnection | string;
  /** The stream key (default `"atomiton:events"`). */
  readonly stream?: string | undefined;
  /**
   * The consumer group (default: the client's `source`). Transports in
   * different groups each get every event (fan-out); consumers in one group
   * share the events (each goes to one of them). A group created now starts
   * at the stream's end; use {@linkcode RedisStreamTransport.history} for
   * what came before.
   */
  readonly group?: string | undefined;
  /**
   * This consumer's name in the group (default: the client's `source`). Keep
   * it stable across restarts: a consumer restarted under its name first gets
   * the entries it had read but not acknowledged.
   */
  readonly consumer?: string | undefined;
  /**
   * The event types to bridge, both ways: exact types or prefix patterns like
   * `"execution:*"` (default `["*"]`, every type).
   */
  readonly types?: readonly string[] | undefined;
  /**
   * Trims the stream to about this many entries on each publish (`MAXLEN ~`,
   * so it may hold a little more); `Infinity` never trims. Default `10000`.
   */
  readonly maxLength?: number | undefined;
  /** How long one blocking read waits for new entries, in ms (default `5000`). */
  readonly blockMs?: number | undefined;
  /** The most entries read, claimed or replayed per round trip (default `100`). */
  readonly batchSize?: number | undefined;
  /**
   * Entries another consumer of the group read but has not acknowledged for
   * this long (in ms) are taken over (`XAUTOCLAIM`) and delivered here, as
   * when that consumer died; checked about this often. Default `30000`;
   * `Infinity` turns taking over off.
   */
  readonly claimIdleMs?: number | undefined;
  /**
   * Gets every failure, always an {@linkcode EventsError}: a publish that failed
   * (`TRANSPORT_FAILED`) or never left (`TRANSPORT_CLOSED`), data that is not
   * JSON, a read that failed (the transport retries with backoff), an entry
   * that is not an event. Default: `console.error` (not `reportError`, which
   * ends a Deno process: a network blip must not).
   */
  readonly onError?: ((error: EventsError) => void) | undefined;
}

/** Options for {@linkcode RedisStreamTransport.history}. */
export interface HistoryOptions {
  /**
   * Where to start: an entry id (inclusive; prefix it with `"("` to start
   * after it), a `Date` or a time in ms. Default `"-"`, the stream's start.
   */
  readonly from?: string | number | Date | undefined;
  /** Where to stop (inclusive): an entry id, a `Date` or a time in ms. Default `"+"`, the end. */
  readonly to?: string | number | Date | undefined;
  /** The types to yield, exact or prefix patterns. Default: the transport's `types`. */
  readonly types?: readonly string[] | undefined;
  /** The most events to yield (default: no limit). */
  readonly count?: number | undefined;
  /** Stops the replay: the iterator throws the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

// deno-lint-ignore no-console -- failures must be seen; reportError would end a Deno process
const boundary = /* @__PURE__ */ createErrorBoundary({ onError: (error) => console.error(error) });
const rethrow = (error: unknown): never => {
  throw error;
};
const noop = (): void => {};
// Pure: a bundle that imports only connectRedis from this entry leaves these out.
const backoff = /* @__PURE__ */ exponentialBackoff({ minDelay: 100, maxDelay: 5_000 });
// How long close() waits for publishes in flight (a half-open socket may never answer).
const DRAIN_MS = 5_000;

/**
 * Bridges an {@linkcode EventClient} to a Redis stream, so that clients on
 * other processes and machines see its events and it sees theirs.
 *
 * Local events of the chosen `types` are appended with `XADD` (trimmed to
 * about `maxLength`); events from others are read through a consumer group
 * (`XREADGROUP`), handed to `client.deliver`, then acknowledged (`XACK`).
 * Delivery is at least once: an entry is acknowledged only after its
 * handlers ran, a consumer restarted under its name first gets what it had
 * read but not acknowledged, and entries a dead consumer of the group left
 * unacknowledged for `claimIdleMs` are taken over (`XAUTOCLAIM`). So after a
 * crash an event may come twice, never zero times; `client.origin.id` (the
 * entry id) tells repeats apart. Events are never echoed: ones that came from
 * a transport or a replay (`client.origin` is set) are not forwarded, and
 * entries this client published are not delivered back to it.
 *
 * Connection loss is survived: ioredis reconnects, the read loop retries with
 * backoff, then reads its unacknowledged entries again before new ones. A
 * URL whose database or password the server refuses is a configuration
 * error, not an outage: `ready` rejects with `MISCONFIGURED`, `onError` gets
 * it (and each event that could not leave), and the transport closes, having
 * sent nothing to another database. Needs Redis 6.2 or newer.
 *
 * @typeParam M The client's event map.
 *
 * @example Every process sees every event (one group per process)
 * ```ts ignore
 * import { EventClient } from "@atomiton/events";
 * import { RedisStreamTransport } from "@atomiton/events/redis";
 *
 * const events = new EventClient<{ "job:done": { id: string } }>({ source: "worker-1" });
 * await using transport = new RedisStreamTransport(events, {
 *   redis: "redis://127.0.0.1:6379",
 *   types: ["job:*"],
 * });
 * await transport.ready;
 * events.on("job:done", (job) => console.log("done", job.id, "from", events.origin?.source));
 * events.emit("job:done", { id: "42" }); // every other process sees it
 * ```
 */
export class RedisStreamTransport<M extends EventMap = EventMap> implements AsyncDisposable {
  /** The stream key. */
  readonly stream: string;
  /** The consumer group. */
  readonly group: string;
  /** This consumer's name in the group. */
  readonly consumer: string;
  /**
   * Settles once the consumer group exists (created with `MKSTREAM` if
   * needed) and reading began; rejects with `TRANSPORT_CLOSED` if the
   * transport is closed first, or `MISCONFIGURED` if the server refused the
   * URL's database or password. Publishing does not wait for it.
   */
  readonly ready: Promise<void>;

  #client: EventClient<M>;
  #redis: RedisConnection;
  #reader: RedisConnection;
  #owned: boolean;
  #matches: (type: string) => boolean;
  #head: readonly string[];
  #blockMs: number;
  #batch: string;
  #claimIdleMs: number;
  #onError: ((error: EventsError) => void) | undefined;
  #off: () => void;
  #abort = new AbortController();
  #aborted: Promise<never>;
  #closing: Promise<void> | undefined;
  #publishing = new Map<Promise<void>, string>();
  /** Set once the server refused the URL's database or credentials. */
  #refusal: Promise<EventsError> | undefined;
  #readyResolve: (() => void) | undefined;
  #readyReject: ((error: EventsError) => void) | undefined;
  #loop: Promise<void>;
  /** The id to create the group from when it does not exist (yet, or any more). */
  #createFrom: string | undefined = "$";
  /** `"0"` or an id: this consumer's unacknowledged entries are read first; then `">"`. */
  #cursor = "0";
  #lastId: string | undefined;
  #claimCursor = "0-0";
  #nextClaim = 0;

  /**
   * Starts bridging `client` to the stream: forwards its local events at once
   * and starts reading (see {@linkcode RedisStreamTransport.ready}).
   *
   * @param client The event client to bridge.
   * @param options The connection, stream, group and tuning; see {@linkcode RedisStreamTransportOptions}.
   * @throws {EventsError} `INVALID_OPTION` or `INVALID_TYPE`, at once, for a bad option.
   *
   * @example A bad option fails at once, before any connection is made
   * ```ts
   * import { EventClient, EventsError } from "@atomiton/events";
   * import { RedisStreamTransport } from "@atomiton/events/redis";
   * import assert from "node:assert/strict";
   *
   * assert.throws(
   *   () => new RedisStreamTransport(new EventClient(), { redis: "redis://127.0.0.1", batchSize: 0 }),
   *   (error) => error instanceof EventsError && error.code === "INVALID_OPTION",
   * );
   * ```
   */
  constructor(client: EventClient<M>, options: RedisStreamTransportOptions) {
    const { redis } = options ?? {};
    if (
      typeof redis !== "string" &&
      typeof (redis as RedisConnection | undefined)?.duplicate !== "function"
    ) {
      throw invalid(`redis must be an ioredis connection or a URL string, got ${typeof redis}`);
    }
    this.stream = name("stream", options.stream ?? "atomiton:events");
    this.group = name("group", options.group ?? client.source);
    this.consumer = name("consumer", options.consumer ?? client.source);
    this.#matches = matcher(options.types ?? ["*"]);
    const maxLength = whole("maxLength", options.maxLength ?? 10_000, true);
    this.#blockMs = whole("blockMs", options.blockMs ?? 5_000, false);
    this.#batch = String(whole("batchSize", options.batchSize ?? 100, false));
    this.#claimIdleMs = whole("claimIdleMs", options.claimIdleMs ?? 30_000, true);
    if (options.onError !== undefined && typeof options.onError !== "function") {
      throw invalid(`onError must be a function, got ${typeof options.onError}`);
    }
    this.#onError = options.onError;
    this.#head = maxLength === Infinity
      ? [this.stream, "*"]
      : [this.stream, "MAXLEN", "~", String(maxLength), "*"];

    this.#client = client;
    this.#owned = typeof redis === "string";
    this.#redis = typeof redis === "string" ? this.#watch(connectRedis(redis)) : redis;
    this.#reader = this.#watch(this.#redis.duplicate());
    const signal = this.#abort.signal;
    this.#aborted = new Promise<never>((_, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
    this.#aborted.catch(noop);
    this.ready = new Promise<void>((resolve, reject) => {
      this.#readyResolve = resolve;
      this.#readyReject = reject;
    });
    this.ready.catch(noop);
    this.#off = client.on("*", (data: unknown, type: string) => this.#forward(type, data));
    this.#loop = this.#consume();
  }

  /**
   * Whether {@linkcode RedisStreamTransport.close} has been called.
   *
   * @example
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import { RedisStreamTransport } from "@atomiton/events/redis";
   * import assert from "node:assert/strict";
   *
   * const transport = new RedisStreamTransport(new EventClient(), {
   *   redis: "redis://127.0.0.1:1", // nothing listens there
   *   onError: () => {},
   * });
   * assert.equal(transport.closed, false);
   * await transport.close();
   * assert.equal(transport.closed, true);
   * ```
   */
  get closed(): boolean {
    return this.#closing !== undefined;
  }

  /**
   * Replays the stream's events in order, from an entry id or a time
   * (entry ids begin with the ms time they were added), with `XRANGE` in
   * batches of `batchSize`. Entries that are not events go to `onError`.
   *
   * @param options Where to start and stop, which types, how many, and a signal.
   * @returns An async iterator of the events, each with its entry `id`.
   * @throws {EventsError} `INVALID_OPTION` or `INVALID_TYPE` for a bad option,
   * `TRANSPORT_CLOSED` once the transport is closed, `TRANSPORT_FAILED` when Redis fails.
   *
   * @example Replay the last hour's job events into a client
   * ```ts ignore
   * const hourAgo = new Date(Date.now() - 3_600_000);
   * for await (const event of transport.history({ from: hourAgo, types: ["job:*"] })) {
   *   events.deliver(event);
   * }
   * ```
   */
  async *history(options: HistoryOptions = {}): AsyncGenerator<StreamEvent, void, undefined> {
    let start = toStreamId(options.from ?? "-", "from");
    const end = toStreamId(options.to ?? "+", "to");
    const matches = options.types === undefined ? this.#matches : matcher(options.types);
    let left = whole("count", options.count ?? Infinity, true);
    const { signal } = options;
    while (left > 0) {
      signal?.throwIfAborted();
      if (this.#closing) throw closedError("replay");
      let page: readonly RawEntry[];
      try {
        page = await this.#until(
          this.#redis.call("XRANGE", [this.stream, start, end, "COUNT", this.#batch]),
        ) as RawEntry[];
      } catch (cause) {
        if (this.#closing) throw closedError("replay");
        throw failed(`could not replay stream "${this.stream}"`, cause);
      }
      for (const [id, fields] of page) {
        let event: StreamEvent;
        try {
          event = decodeEntry(id, fields ?? []);
        } catch (error) {
          this.#report(error as EventsError);
          continue;
        }
        if (!matches(event.type)) continue;
        signal?.throwIfAborted();
        yield event;
        if (--left === 0) return;
      }
      if (page.length < Number(this.#batch)) return;
      start = `(${page[page.length - 1]![0]}`;
    }
  }

  /**
   * Stops bridging: stops forwarding, ends the read loop (entries read but not
   * yet acknowledged stay with this consumer for its next start), waits for
   * publishes in flight (up to 5 s, and only while Redis is reachable), and
   * closes the connections it opened (never one passed in). A publish that
   * could not leave goes to `onError` as `TRANSPORT_CLOSED`. Calling it again
   * returns the same promise.
   *
   * @returns A promise that settles when everything is closed.
   *
   * @example Events that could not leave are reported, not lost silently
   * ```ts
   * import { EventClient, EventsError } from "@atomiton/events";
   * import { RedisStreamTransport } from "@atomiton/events/redis";
   * import assert from "node:assert/strict";
   *
   * const events = new EventClient<{ "job:done": string }>();
   * const errors: EventsError[] = [];
   * const transport = new RedisStreamTransport(events, {
   *   redis: "redis://127.0.0.1:1", // nothing listens there: Redis is "down"
   *   onError: (error) => errors.push(error),
   * });
   * events.emit("job:done", "42");
   * await transport.close();
   * assert.ok(errors.some((error) => error.code === "TRANSPORT_CLOSED"));
   * ```
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown();
    return this.#closing;
  }

  /**
   * Closes the transport, as {@linkcode RedisStreamTransport.close} does, for `await using`.
   *
   * @returns A promise that settles when everything is closed.
   *
   * @example
   * ```ts ignore
   * await using transport = new RedisStreamTransport(events, { redis: "redis://127.0.0.1:6379" });
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #forward(type: string, data: unknown): void {
    // An event from a transport or a replay is not sent on: that would echo it.
    if (this.#client.origin !== undefined || !this.#matches(type)) return;
    let fields: string[];
    try {
      fields = encodeEntry(type, this.#client.source, Date.now(), data);
    } catch (error) {
      return this.#report(error as EventsError);
    }
    const publish = this.#redis.call("XADD", this.#head.concat(fields)).then(
      () => void this.#publishing.delete(publish),
      (cause) => {
        if (!this.#publishing.delete(publish)) return;
        if (this.#refusal) return this.#unpublished(type);
        const cut = this.#closing && this.#owned && (cause as Error)?.message === CLOSED_BY_US;
        this.#report(
          cut
            ? unpublished(type, this.stream, cause)
            : failed(`could not publish "${type}" to stream "${this.stream}"`, cause),
        );
      },
    );
    this.#publishing.set(publish, type);
  }

  async #consume(): Promise<void> {
    let failures = 0;
    while (!this.#closing) {
      try {
        await this.#step();
        failures = 0;
      } catch (error) {
        if (this.#closing) return;
        // Whatever was delivered but not acknowledged is read again (and acknowledged) first.
        this.#cursor = "0";
        const lost = String((error as Error)?.message).startsWith("NOGROUP");
        if (lost) this.#createFrom = this.#lastId ?? "0";
        this.#report(
          lost
            ? failed(`group "${this.group}" was gone; creating it again after the last entry read`)
            : failed(`reading stream "${this.stream}" failed; retrying`, error),
        );
        await delay(backoff(++failures), { signal: this.#abort.signal }).catch(noop);
      }
    }
  }

  async #step(): Promise<void> {
    if (this.#createFrom !== undefined) {
      await this.#command("XGROUP", [
        "CREATE",
        this.stream,
        this.group,
        this.#createFrom,
        "MKSTREAM",
      ])
        .catch((error) => {
          if (!String(error?.message).startsWith("BUSYGROUP")) throw error;
        });
      this.#createFrom = undefined;
      this.#readyResolve?.();
      this.#readyResolve = this.#readyReject = undefined;
    }
    if (this.#claimIdleMs !== Infinity && Date.now() >= this.#nextClaim) return this.#claim();
    const pending = this.#cursor !== ">";
    const args = ["GROUP", this.group, this.consumer, "COUNT", this.#batch];
    if (!pending) args.push("BLOCK", String(this.#blockFor()));
    args.push("STREAMS", this.stream, this.#cursor);
    const entries = readReplyEntries(await this.#command("XREADGROUP", args));
    if (pending) {
      if (entries.length === 0) {
        this.#cursor = ">";
        return;
      }
      this.#cursor = entries[entries.length - 1]![0];
    } else if (entries.length > 0) {
      this.#lastId = entries[entries.length - 1]![0];
    }
    await this.#handle(entries);
  }

  async #claim(): Promise<void> {
    const [next, entries] = await this.#command("XAUTOCLAIM", [
      this.stream,
      this.group,
      this.consumer,
      String(this.#claimIdleMs),
      this.#claimCursor,
      "COUNT",
      this.#batch,
    ]) as [string, RawEntry[]];
    this.#claimCursor = next;
    // A pass over the whole pending list is done; the next one is due in claimIdleMs.
    if (next === "0-0") this.#nextClaim = Date.now() + this.#claimIdleMs;
    await this.#handle(entries);
  }

  async #handle(entries: readonly RawEntry[]): Promise<void> {
    const ids: string[] = [];
    const client = this.#client;
    for (const [id, fields] of entries) {
      // Closed while delivering: the rest stays pending for this consumer's next start.
      if (this.#closing) break;
      ids.push(id);
      if (fields === null) continue;
      let event: StreamEvent;
      try {
        event = decodeEntry(id, fields);
      } catch (error) {
        this.#report(error as EventsError);
        continue;
      }
      if (event.source === client.source || !this.#matches(event.type)) continue;
      client.deliver(event);
    }
    if (ids.length > 0) await this.#command("XACK", [this.stream, this.group, ...ids]);
  }

  #blockFor(): number {
    if (this.#claimIdleMs === Infinity) return this.#blockMs;
    return Math.max(1, Math.min(this.#blockMs, this.#nextClaim - Date.now()));
  }

  /** Runs a command on the reading connection; settles at once when the transport closes. */
  #command(command: string, args: string[]): Promise<unknown> {
    return this.#until(this.#reader.call(command, args));
  }

  /** ioredis never settles commands queued while it reconnects once it is disconnected. */
  #until<T>(promise: Promise<T>): Promise<T> {
    return Promise.race([promise, this.#aborted]);
  }

  async #shutdown(): Promise<void> {
    this.#off();
    this.#abort.abort(closedError("read"));
    const refused = await this.#refusal;
    this.#readyReject?.(refused ?? closedError("start"));
    this.#readyResolve = this.#readyReject = undefined;
    await this.#loop;
    await disconnect(this.#reader);
    if (this.#redis.status === "ready" && this.#publishing.size > 0) {
      await deadline(Promise.all(this.#publishing.keys()), DRAIN_MS).catch(noop);
    }
    if (!this.#owned) return;
    await disconnect(this.#redis);
    // Commands queued while ioredis waits to reconnect never settle once it is disconnected.
    for (const type of this.#publishing.values()) this.#unpublished(type);
    this.#publishing.clear();
  }

  #unpublished(type: string): void {
    if (!this.#refusal) return this.#report(unpublished(type, this.stream));
    void this.#refusal.then((refused) =>
      this.#report(
        new EventsError(
          "MISCONFIGURED",
          `"${type}" was not published to stream "${this.stream}": ${refused.message}`,
        ),
      )
    );
  }

  /** The server refused the URL's database or credentials: report it once and close. */
  #refuse(refusal: Promise<EventsError>): void {
    if (this.#refusal) return;
    this.#refusal = refusal;
    void refusal.then((error) => this.#report(error));
    void this.close();
  }

  #report(error: EventsError): void {
    // The boundary reports an error thrown by onError itself the default way.
    boundary.run(this.#onError ?? rethrow, error);
  }

  /** Reports a lost connection once per outage, so a long one does not flood `onError`. */
  #watch(connection: RedisConnection): RedisConnection {
    let down = false;
    connection.on("error", (cause: unknown) => {
      const refusal = redisRefusal(connection);
      if (refusal) return this.#refuse(refusal);
      if (down) return;
      down = true;
      this.#report(failed(`lost the connection to Redis; reconnecting`, cause));
    });
    connection.on("ready", () => down = false);
    return connection;
  }
}

async function disconnect(connection: RedisConnection): Promise<void> {
  // A connection waiting to reconnect has no socket, so it never emits "end".
  const waits = connection.status !== "end" && connection.status !== "reconnecting" &&
    connection.status !== "wait";
  const ended = waits ? new Promise<void>((resolve) => connection.once("end", resolve)) : undefined;
  connection.disconnect();
  await ended;
}

function matcher(types: readonly string[]): (type: string) => boolean {
  if (!Array.isArray(types) || types.length === 0) {
    throw invalid(`types must be a non-empty array of types or patterns such as "job:*"`);
  }
  const exact = new Set<string>();
  const prefixes: string[] = [];
  for (const pattern of types) {
    const prefix = patternPrefix(pattern);
    if (prefix === undefined) exact.add(pattern);
    else if (prefix === "") return () => true;
    else prefixes.push(prefix);
  }
  return (type) => exact.has(type) || prefixes.some((prefix) => type.startsWith(prefix));
}

function name(option: string, value: unknown): string {
  if (typeof value === "string" && value.length > 0) return value;
  throw invalid(`${option} must be a non-empty string, got ${JSON.stringify(value)}`);
}

function whole(option: string, value: number, infinite: boolean): number {
  if ((Number.isInteger(value) && value >= 1) || (infinite && value === Infinity)) return value;
  throw invalid(
    `${option} must be a whole number of 1 or more${infinite ? " or Infinity" : ""}, got ${value}`,
  );
}

function invalid(message: string): EventsError {
  return new EventsError("INVALID_OPTION", message);
}

function failed(message: string, cause?: unknown): EventsError {
  const why = cause instanceof Error ? `: ${cause.message}` : "";
  return new EventsError("TRANSPORT_FAILED", message + why, { cause });
}

/** The message ioredis rejects pending commands with when it is disconnected. */
const CLOSED_BY_US = "Connection is closed.";

function unpublished(type: string, stream: string, cause?: unknown): EventsError {
  return new EventsError(
    "TRANSPORT_CLOSED",
    `"${type}" was not published to stream "${stream}": the transport closed while Redis was unreachable`,
    { cause },
  );
}

function closedError(what: string): EventsError {
  return new EventsError("TRANSPORT_CLOSED", `the Redis stream transport was closed (${what})`);
}
