import { EventsError } from "./events_error.ts";
import { patternPrefix } from "./_pattern.ts";
import { report } from "./_report.ts";
import { type Dispatch, dispatcher, noop } from "./_dispatcher.ts";
import type { SystemEvent } from "./system_event.ts";

/** Event types mapped to their payloads, e.g. `{ "job:done": { id: string }; ready: void }`. */
export type EventMap = Record<string, unknown>;

/** The event types of a map, as strings. */
export type EventType<M extends EventMap> = keyof M & string;

/** What `on` accepts: an exact type, `"*"` for every type, or a prefix pattern like `"job:*"`. */
export type EventPattern<M extends EventMap> = EventType<M> | "*" | `${string}*`;

/** The types of a map that a pattern matches. */
export type MatchedType<M extends EventMap, P extends string> = P extends "*" ? EventType<M>
  : P extends EventType<M> ? P
  : P extends `${infer Prefix}*` ? Extract<EventType<M>, `${Prefix}${string}`>
  : never;

/** A handler for a pattern: gets the payload and the event's type. */
export type EventHandler<M extends EventMap, P extends string> = (
  data: M[MatchedType<M, P>],
  type: MatchedType<M, P>,
) => unknown;

/** One delivered event, as `events()` yields it: a union discriminated by `type`. */
export type EventOf<M extends EventMap, P extends string> = {
  [K in MatchedType<M, P>]: { readonly type: K; readonly data: M[K] };
}[MatchedType<M, P>];

/** Ends a subscription; call it or let `using` dispose of it. Calling it twice is harmless. */
export type Unsubscribe = (() => void) & Disposable;

/** Options for {@linkcode EventClient.on}. */
export interface OnOptions {
  /** Ends the subscription when aborted. */
  readonly signal?: AbortSignal | undefined;
  /** Ends the subscription after the first event. */
  readonly once?: boolean | undefined;
}

/** Options for {@linkcode EventClient.events}. */
export interface IterateOptions {
  /** Ends the iteration: a pending `next()` rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /**
   * Events held while the consumer is busy (default 1024). When it is full,
   * the oldest event is dropped and counted in `dropped`: a slow consumer never
   * slows the emitter or grows memory.
   */
  readonly bufferSize?: number | undefined;
}

/** An async iterator over events that also counts what its buffer dropped. */
export interface EventIterator<T> extends AsyncIterableIterator<T> {
  /** Ends the iteration and unsubscribes. */
  return(): Promise<IteratorResult<T>>;
  /** Events discarded because the buffer was full. */
  readonly dropped: number;
}

/** Options for {@linkcode EventClient}. */
export interface EventClientOptions {
  /** This client's id in envelopes (recording, transports); default: a random id. */
  readonly source?: string | undefined;
  /**
   * Gets every error a handler throws or rejects with, and the event type.
   * Default: the runtime's `reportError`, else `console.error`.
   */
  readonly onError?: ((error: unknown, type: string) => void) | undefined;
  /**
   * Handlers per type or pattern past which a possible leak is reported, once
   * per type (default 100; 0 turns the check off).
   */
  readonly maxListeners?: number | undefined;
  /** Gets the leak report; default `console.warn`. */
  readonly onLeak?: ((type: string, count: number) => void) | undefined;
}

interface Subscription {
  readonly key: string;
  readonly seq: number;
  readonly prefix: string | undefined;
  readonly handler: (data: unknown, type: string) => unknown;
  readonly original: unknown;
  live: boolean;
}

type AnyHandler = (data: unknown, type: string) => unknown;

const EMPTY: ReadonlySet<Subscription> = new Set();
// Equal to no type: the last-type cache is empty (plain JavaScript may emit `undefined`).
const NONE = Symbol();
// Bounds the per-type cache of resolved handler lists under many distinct types.
const MAX_RESOLVED = 2048;

/**
 * A typed event client: `on`, `once`, `off`, `emit`, wildcard and prefix
 * patterns, async iteration, and error isolation between handlers.
 *
 * Handlers run synchronously in subscription order (patterns included). One
 * added during an emit waits for the next emit; one removed during an emit does
 * not run if it has not run yet. A handler that throws or rejects does not stop
 * the others: its error goes to `onError`.
 *
 * @typeParam M The event map: types to payloads.
 *
 * @example Subscribe, emit, unsubscribe
 * ```ts
 * import { EventClient } from "@atomiton/events";
 * import assert from "node:assert/strict";
 *
 * type Events = { "job:started": { id: string }; "job:done": { id: string; ms: number } };
 * const events = new EventClient<Events>();
 * const seen: string[] = [];
 * const off = events.on("job:done", (job) => seen.push(`done ${job.id} in ${job.ms} ms`));
 * events.on("job:*", (_data, type) => seen.push(type));
 *
 * events.emit("job:started", { id: "1" });
 * events.emit("job:done", { id: "1", ms: 12 });
 * off();
 * events.emit("job:done", { id: "2", ms: 3 });
 * assert.deepEqual(seen, ["job:started", "done 1 in 12 ms", "job:done", "job:done"]);
 * ```
 */
export class EventClient<M extends EventMap = EventMap> {
  /** This client's id, as recorded in envelopes. */
  readonly source: string;
  // Per type or pattern, in subscription order: adding and removing one is O(1).
  #exact = new Map<string, Set<Subscription>>();
  #patterns = new Map<string, Set<Subscription>>();
  // Per handler, its subscriptions, oldest first: `off` finds one without a scan.
  #byHandler = new Map<unknown, Subscription[]>();
  // Per type: one function that runs its handlers, rebuilt when subscriptions change.
  #resolved = new Map<string, Dispatch>();
  // The last type emitted and its dispatcher: a repeated type skips the Map lookup.
  #lastType: unknown = NONE;
  #last: Dispatch = noop;
  #seq = 0;
  #origin: SystemEvent | undefined;
  #onError: ((error: unknown, type: string) => void) | undefined;
  #maxListeners: number;
  #onLeak: (type: string, count: number) => void;
  #warned: Set<string> | undefined;

  /**
   * Creates a client with no subscriptions.
   *
   * @param options Source id, error and leak reporting.
   */
  constructor(options: EventClientOptions = {}) {
    const max = options.maxListeners ?? 100;
    if (!Number.isInteger(max) || max < 0) {
      throw new EventsError(
        "INVALID_OPTION",
        `maxListeners must be a whole number of 0 or more (0: no check), got ${max}`,
      );
    }
    this.source = options.source ?? Math.random().toString(36).slice(2, 10);
    this.#onError = options.onError;
    this.#maxListeners = max;
    this.#onLeak = options.onLeak ??
      // deno-lint-ignore no-console -- the default leak report is a console warning
      ((type, count) => console.warn(`${count} handlers for "${type}": a leak?`));
  }

  /**
   * The envelope of the event being delivered from elsewhere (a transport or a
   * replay) while its handlers run; `undefined` during a local `emit`, also
   * one that a handler of a delivered event makes.
   * Transports use it to forward only local events, so events never echo.
   */
  get origin(): SystemEvent | undefined {
    return this.#origin;
  }

  /**
   * Subscribes a handler to a type, to `"*"` or to a prefix pattern.
   *
   * @param pattern An exact type, `"*"`, or a prefix ending in `*`.
   * @param handler Gets the payload and the type.
   * @param options `signal` ends the subscription; `once` ends it after one event.
   * @returns A function (also disposable) that ends the subscription.
   *
   * @example Unsubscribe with `using`
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import assert from "node:assert/strict";
   *
   * const events = new EventClient<{ tick: number }>();
   * let total = 0;
   * {
   *   using _sub = events.on("tick", (n) => total += n);
   *   events.emit("tick", 2);
   * }
   * events.emit("tick", 5);
   * assert.equal(total, 2);
   * ```
   */
  on<P extends EventPattern<M>>(
    pattern: P,
    handler: EventHandler<M, P>,
    options: OnOptions = {},
  ): Unsubscribe {
    if (typeof handler !== "function") {
      throw new EventsError(
        "INVALID_HANDLER",
        `a handler must be a function, got ${typeof handler}`,
      );
    }
    const prefix = patternPrefix(pattern);
    const signal = options.signal;
    if (signal?.aborted) return disposable(() => {});
    const unsubscribe = (): void => {
      if (!sub.live) return;
      this.#remove(sub);
      signal?.removeEventListener("abort", unsubscribe);
    };
    const fn = handler as AnyHandler;
    const run: AnyHandler = options.once
      ? (data, type) => {
        unsubscribe();
        return fn(data, type);
      }
      : fn;
    const sub: Subscription = {
      key: pattern,
      seq: this.#seq++,
      prefix,
      handler: run,
      original: handler,
      live: true,
    };
    this.#add(sub);
    signal?.addEventListener("abort", unsubscribe, { once: true });
    return disposable(unsubscribe);
  }

  /**
   * Runs a handler for the next matching event only; or, without a handler,
   * returns a promise of the next matching payload.
   *
   * @param pattern An exact type, `"*"`, or a prefix pattern.
   * @param handler Gets the payload and the type.
   * @param options `signal` cancels the wait (the promise rejects with its reason).
   * @returns An unsubscribe function, or a promise of the payload.
   *
   * @example Wait for an event
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import assert from "node:assert/strict";
   *
   * const events = new EventClient<{ ready: { at: number } }>();
   * const ready = events.once("ready");
   * events.emit("ready", { at: 1 });
   * assert.deepEqual(await ready, { at: 1 });
   * ```
   */
  once<P extends EventPattern<M>>(
    pattern: P,
    handler: EventHandler<M, P>,
    options?: Omit<OnOptions, "once">,
  ): Unsubscribe;
  /**
   * Returns a promise of the next matching payload.
   *
   * @param pattern An exact type, `"*"`, or a prefix pattern.
   * @param options `signal` cancels the wait (the promise rejects with its reason).
   * @returns The payload of the next matching event.
   *
   * @example
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import assert from "node:assert/strict";
   *
   * const events = new EventClient<{ ready: number }>();
   * const waiting = events.once("ready", { signal: AbortSignal.timeout(1_000) });
   * events.emit("ready", 1);
   * assert.equal(await waiting, 1);
   * ```
   */
  once<P extends EventPattern<M>>(
    pattern: P,
    options?: Omit<OnOptions, "once">,
  ): Promise<M[MatchedType<M, P>]>;
  once<P extends EventPattern<M>>(
    pattern: P,
    handlerOrOptions?: EventHandler<M, P> | Omit<OnOptions, "once">,
    options: Omit<OnOptions, "once"> = {},
  ): Unsubscribe | Promise<M[MatchedType<M, P>]> {
    if (typeof handlerOrOptions === "function") {
      return this.on(pattern, handlerOrOptions, { signal: options.signal, once: true });
    }
    // The next event through a one-slot iterator: cancellation and clean-up come with it.
    const iterator = this.events(pattern, { signal: handlerOrOptions?.signal, bufferSize: 1 });
    return iterator.next().then((result) => {
      iterator.return();
      if (result.done) throw new EventsError("CLEARED", "the client was cleared while waiting");
      return result.value.data as M[MatchedType<M, P>];
    });
  }

  /**
   * Removes the earliest live subscription of `handler` to exactly `pattern`.
   *
   * @param pattern The type or pattern it was subscribed with.
   * @param handler The handler given to `on` or `once`.
   * @returns Whether a subscription was removed.
   *
   * @example
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import assert from "node:assert/strict";
   *
   * const events = new EventClient<{ tick: number }>();
   * const handler = (): void => {};
   * events.on("tick", handler);
   * assert.equal(events.off("tick", handler), true);
   * assert.equal(events.off("tick", handler), false);
   * ```
   */
  off<P extends EventPattern<M>>(pattern: P, handler: EventHandler<M, P>): boolean {
    patternPrefix(pattern);
    const sub = this.#byHandler.get(handler)?.find((s) => s.key === pattern);
    if (sub === undefined) return false;
    this.#remove(sub);
    return true;
  }

  /**
   * Calls every handler of `type` and of the patterns that match it, in
   * subscription order. Errors go to `onError`; the others still run.
   *
   * @param type The event type.
   * @param data The payload (may be left out for `void` payloads).
   *
   * @example
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import assert from "node:assert/strict";
   *
   * const errors: unknown[] = [];
   * const events = new EventClient<{ save: string }>({ onError: (e) => errors.push(e) });
   * const saved: string[] = [];
   * events.on("save", () => { throw new Error("disk full"); });
   * events.on("save", (name) => saved.push(name));
   * events.emit("save", "a.json");
   * assert.deepEqual(saved, ["a.json"]);
   * assert.equal(errors.length, 1);
   * ```
   */
  emit<K extends EventType<M>>(
    type: K,
    ...data: undefined extends M[K] ? [data?: M[K]] : [data: M[K]]
  ): void;
  emit(type: string, data?: unknown): void {
    // The cache is empty during a delivery, so the fast path never sees an origin.
    if (type === this.#lastType) return this.#last(data, type);
    // Inside a delivery, an emit is a new local event: clear the origin for its handlers.
    if (this.#origin !== undefined) return this.#dispatch(undefined, type, data);
    this.#lookup(type)(data, type);
  }

  /**
   * Emits an event that came from elsewhere (a transport, a replay): the
   * handlers run as for `emit`, and {@linkcode EventClient.origin} is the
   * envelope meanwhile, so recorders keep its source and time and transports
   * do not send it back out.
   *
   * @param event The envelope to deliver.
   *
   * @example
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import assert from "node:assert/strict";
   *
   * const events = new EventClient<{ ping: number }>();
   * let from = "";
   * events.on("ping", () => from = events.origin?.source ?? "local");
   * events.deliver({ type: "ping", source: "tab-2", timestamp: Date.now(), data: 1 });
   * assert.equal(from, "tab-2");
   * ```
   */
  deliver(event: SystemEvent): void {
    this.#dispatch(event, event.type, event.data);
  }

  /**
   * Iterates over matching events as they come, through a bounded buffer.
   *
   * @param pattern An exact type, `"*"`, or a prefix pattern.
   * @param options `signal`, and `bufferSize` (default 1024; when full, the oldest is dropped).
   * @returns An async iterator of `{ type, data }`; leaving the loop unsubscribes.
   *
   * @example
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import assert from "node:assert/strict";
   *
   * const events = new EventClient<{ "job:done": number; "job:failed": string }>();
   * const stream = events.events("job:*");
   * events.emit("job:done", 1);
   * events.emit("job:failed", "boom");
   * const seen = [];
   * for await (const event of stream) {
   *   seen.push(event.type);
   *   if (seen.length === 2) break;
   * }
   * assert.deepEqual(seen, ["job:done", "job:failed"]);
   * ```
   */
  events<P extends EventPattern<M>>(
    pattern: P,
    options: IterateOptions = {},
  ): EventIterator<EventOf<M, P>> {
    const size = options.bufferSize ?? 1024;
    if (!Number.isInteger(size) || size < 1) {
      throw new EventsError(
        "INVALID_OPTION",
        `bufferSize must be a whole number of 1 or more, got ${size}`,
      );
    }
    return iterate<EventOf<M, P>>(
      (push) => {
        const handler: AnyHandler & { [CLOSE]?: () => void } = (data, type) =>
          push({ type, data } as EventOf<M, P>);
        handler[CLOSE] = push[CLOSE]!;
        return this.on(pattern, handler as EventHandler<M, P>);
      },
      size,
      options.signal,
    );
  }

  /**
   * Counts live subscriptions: those made with exactly `pattern`, or all.
   *
   * @param pattern A type or pattern as given to `on`; omit it for the total.
   * @returns The number of live subscriptions.
   *
   * @example
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import assert from "node:assert/strict";
   *
   * const events = new EventClient<{ a: void; b: void }>();
   * events.on("a", () => {});
   * events.on("*", () => {});
   * assert.equal(events.listenerCount("a"), 1);
   * assert.equal(events.listenerCount(), 2);
   * ```
   */
  listenerCount(pattern?: EventPattern<M>): number {
    if (pattern === undefined) {
      let total = 0;
      for (const set of this.#exact.values()) total += set.size;
      for (const set of this.#patterns.values()) total += set.size;
      return total;
    }
    return this.#setFor(pattern).size;
  }

  /**
   * Ends every subscription (iterators end too).
   *
   * @example
   * ```ts
   * import { EventClient } from "@atomiton/events";
   * import assert from "node:assert/strict";
   *
   * const events = new EventClient<{ a: void }>();
   * events.on("a", () => {});
   * events.clear();
   * assert.equal(events.listenerCount(), 0);
   * ```
   */
  clear(): void {
    const all: Subscription[] = [];
    for (const set of [...this.#exact.values(), ...this.#patterns.values()]) all.push(...set);
    for (const sub of all) sub.live = false;
    this.#exact.clear();
    this.#patterns.clear();
    this.#byHandler.clear();
    this.#resolved.clear();
    this.#lastType = NONE;
    for (const sub of all) (sub.original as { [CLOSE]?: () => void })[CLOSE]?.();
  }

  #dispatch(origin: SystemEvent | undefined, type: string, data: unknown): void {
    const previous = this.#origin;
    this.#origin = origin;
    if (origin !== undefined) this.#lastType = NONE;
    try {
      this.#lookup(type)(data, type);
    } finally {
      this.#origin = previous;
      if (previous !== undefined) this.#lastType = NONE;
    }
  }

  #lookup(type: string): Dispatch {
    const dispatch = this.#resolved.get(type) ?? this.#resolve(type);
    // Only a local emit fills the last-type cache (see emit).
    if (this.#origin === undefined) {
      this.#lastType = type;
      this.#last = dispatch;
    }
    return dispatch;
  }

  #setFor(pattern: string): ReadonlySet<Subscription> {
    return (patternPrefix(pattern) === undefined ? this.#exact : this.#patterns).get(pattern) ??
      EMPTY;
  }

  // An emit in progress is unaffected: it runs the handler list #resolve made for it.
  #add(sub: Subscription): void {
    const byKey = sub.prefix === undefined ? this.#exact : this.#patterns;
    let set = byKey.get(sub.key);
    if (set === undefined) byKey.set(sub.key, set = new Set());
    set.add(sub);
    const same = this.#byHandler.get(sub.original);
    if (same === undefined) this.#byHandler.set(sub.original, [sub]);
    else same.push(sub);
    this.#changed(sub);
    const count = set.size;
    if (this.#maxListeners > 0 && count > this.#maxListeners) {
      this.#warned ??= new Set();
      if (!this.#warned.has(sub.key)) {
        this.#warned.add(sub.key);
        this.#onLeak(sub.key, count);
      }
    }
  }

  #remove(sub: Subscription): void {
    sub.live = false;
    const byKey = sub.prefix === undefined ? this.#exact : this.#patterns;
    const set = byKey.get(sub.key);
    set?.delete(sub);
    if (set?.size === 0) byKey.delete(sub.key);
    const same = this.#byHandler.get(sub.original)!;
    if (same.length === 1) this.#byHandler.delete(sub.original);
    else same.splice(same.indexOf(sub), 1);
    this.#changed(sub);
  }

  /** Forgets the handler lists that `sub` is, or was, part of. */
  #changed(sub: Subscription): void {
    this.#lastType = NONE;
    if (sub.prefix === undefined) this.#resolved.delete(sub.key);
    else this.#resolved.clear();
  }

  #resolve(type: string): Dispatch {
    // Only an uncached type gets here, so plain JavaScript's mistakes cost the hot path nothing.
    if (typeof type !== "string") {
      throw new EventsError("INVALID_TYPE", `An event type is a string, not ${typeof type}`);
    }
    const list = [...(this.#exact.get(type) ?? EMPTY)];
    let matched = false;
    for (const [pattern, set] of this.#patterns) {
      if (type.startsWith(pattern.slice(0, -1))) {
        list.push(...set);
        matched = true;
      }
    }
    if (matched) list.sort((a, b) => a.seq - b.seq);
    const dispatch = dispatcher(list, (error) => this.#fail(error, type));
    if (this.#resolved.size >= MAX_RESOLVED) this.#resolved.clear();
    this.#resolved.set(type, dispatch);
    return dispatch;
  }

  #fail(error: unknown, type: string): void {
    try {
      this.#onError ? this.#onError(error, type) : report(error);
    } catch (failure) {
      // An onError that throws is reported the default way, never lost.
      report(failure);
    }
  }
}

/** Marks a handler that ends an iterator when the client is cleared. */
const CLOSE = Symbol("close");

function disposable(fn: () => void): Unsubscribe {
  const unsubscribe = fn as Unsubscribe;
  unsubscribe[Symbol.dispose] = fn;
  return unsubscribe;
}

function iterate<T>(
  subscribe: (push: ((item: T) => void) & { [CLOSE]?: () => void }) => Unsubscribe,
  size: number,
  signal: AbortSignal | undefined,
): EventIterator<T> {
  // A ring of `count` items from `head`: taking the oldest, or dropping it when full, is O(1).
  const buffer: (T | undefined)[] = [];
  let head = 0;
  let count = 0;
  let dropped = 0;
  let failure: { error: unknown } | undefined;
  let done = false;
  let waiter: { resolve(r: IteratorResult<T>): void; reject(e: unknown): void } | undefined;

  const finish = (error?: { error: unknown }): void => {
    if (done) return;
    done = true;
    failure = error;
    unsubscribe();
    signal?.removeEventListener("abort", abort);
    // A waiting consumer means an empty buffer: it gets the end now.
    const waiting = waiter;
    if (waiting) iterator.next().then(waiting.resolve, waiting.reject);
  };
  const abort = (): void => finish({ error: signal!.reason });
  const push = ((item: T): void => {
    const waiting = waiter;
    waiter = undefined;
    if (waiting) return waiting.resolve({ value: item, done: false });
    if (count === size) {
      dropped++;
      head = (head + 1) % size;
      count--;
    }
    // At most one past the end: the array grows as items come, without holes.
    buffer[(head + count++) % size] = item;
  }) as ((item: T) => void) & { [CLOSE]?: () => void };
  push[CLOSE] = () => finish();
  const unsubscribe = subscribe(push);
  if (signal?.aborted) abort();
  else signal?.addEventListener("abort", abort, { once: true });

  const iterator: EventIterator<T> = {
    get dropped(): number {
      return dropped;
    },
    next(): Promise<IteratorResult<T>> {
      if (count > 0) {
        const value = buffer[head]!;
        buffer[head] = undefined; // the buffer does not keep it alive
        head = (head + 1) % size;
        count--;
        return Promise.resolve({ value, done: false });
      }
      if (failure) {
        const { error } = failure;
        failure = undefined;
        return Promise.reject(error);
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => waiter = { resolve, reject });
    },
    return(): Promise<IteratorResult<T>> {
      finish();
      failure = undefined;
      buffer.length = head = count = 0;
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator](): EventIterator<T> {
      return iterator;
    },
  };
  return iterator;
}
