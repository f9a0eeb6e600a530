import type { EventClient as NewEventClient } from "@atomiton/events";
import { deprecated } from "./_deprecation.ts";
import { bus, busConfig, channels, deliver, listen, setBusConfig } from "./_event_bus.ts";
import type { SystemEvent } from "./event_client.ts";
import { lazyInstance } from "./_lazy.ts";

/**
 * A listener of the old module-level event functions.
 *
 * @deprecated Use `EventHandler` from `@atomiton/events`: handlers get `(data, type)`.
 *
 * @example
 * ```ts
 * import { subscribe, type SystemEventListener } from "@atomiton/core";
 *
 * const log: SystemEventListener = (event) => console.log(event.type, event.data);
 * subscribe(log).unsubscribe();
 * ```
 */
export type SystemEventListener<T = unknown> = (event: SystemEvent<T>) => void | Promise<void>;

/**
 * What the old subscribe functions returned.
 *
 * @deprecated Use `Unsubscribe` from `@atomiton/events`: `on()` returns a function.
 *
 * @example
 * ```ts
 * import { type EventSubscription, subscribe } from "@atomiton/core";
 *
 * const subscription: EventSubscription = subscribe((event) => console.log(event.type));
 * subscription.unsubscribe();
 * ```
 */
export interface EventSubscription {
  /** Stops the subscription. */
  unsubscribe: () => void;
}

/**
 * Which events a filtered listener gets.
 *
 * @deprecated Use a pattern: an exact type, `"*"` or `"prefix:*"`.
 *
 * @example
 * ```ts
 * import { type EventFilter, subscribeFiltered } from "@atomiton/core";
 *
 * const filter: EventFilter = { type: /^node:/ };
 * subscribeFiltered(filter, (event) => console.log(event.type)).unsubscribe();
 * ```
 */
export interface EventFilter {
  /** Types to let through: one, a list or a pattern. */
  type?: string | string[] | RegExp;
  /** Sources to let through: one, a list or a pattern. */
  source?: string | string[] | RegExp;
}

/**
 * The old module-level options.
 *
 * @deprecated Use `EventClientOptions` from `@atomiton/events`.
 *
 * @example
 * ```ts
 * import { configure, type EventEmitterOptions } from "@atomiton/core";
 *
 * const options: EventEmitterOptions = { maxListeners: 2000 };
 * configure(options);
 * ```
 */
export interface EventEmitterOptions {
  /** Listeners before a leak warning. */
  maxListeners?: number;
  /** Gets an error a listener threw. */
  errorHandler?: (error: Error, event: SystemEvent) => void;
  /** Whether listeners run after `emit` returns. */
  async?: boolean;
}

/**
 * The old shared bus's configuration.
 *
 * @deprecated Use `EventClientOptions` from `@atomiton/events`.
 *
 * @example
 * ```ts
 * import { type EventBusConfig, getConfig } from "@atomiton/core";
 *
 * const config: EventBusConfig = getConfig();
 * console.log(config.maxListeners);
 * ```
 */
export type EventBusConfig = Required<EventEmitterOptions>;

/**
 * What `createEventBus(domain)` returned.
 *
 * @deprecated Use `EventClient<M>` from `@atomiton/events`.
 *
 * @example
 * ```ts
 * import { createEventBus, type EventBus } from "@atomiton/core";
 *
 * const bus: EventBus<{ saved: string }> = createEventBus<{ saved: string }>("docs");
 * bus.on("saved", (id) => console.log(id)).unsubscribe();
 * ```
 */
export interface EventBus<T extends Record<string, unknown>> {
  /** Sends `data` to the listeners of `eventType`. */
  emit<K extends keyof T>(eventType: K, data: T[K]): void;
  /** Listens to `eventType`. */
  on<K extends keyof T>(eventType: K, callback: (data: T[K]) => void): EventSubscription;
  /** Listens to the next `eventType` only. */
  once<K extends keyof T>(eventType: K, callback: (data: T[K]) => void): EventSubscription;
}

const INSTEAD = "a shared EventClient from @atomiton/events";

/**
 * The bus the old module-level functions share, made on first use.
 *
 * @deprecated Create one `new EventClient()` (`@atomiton/events`) and share it.
 *
 * @example
 * ```ts
 * import { events } from "@atomiton/core";
 *
 * events.on("*", (data, type) => console.log(type, data));
 * ```
 */
export const events: NewEventClient = lazyInstance(
  "events",
  "one new EventClient() from @atomiton/events, shared",
  () => bus(),
);

/**
 * Sets the shared bus's options (merged with the current ones).
 *
 * @deprecated Use `new EventClient({ onError })`: options are per client.
 * @param options What to change.
 *
 * @example
 * ```ts
 * import { configure } from "@atomiton/core";
 *
 * configure({ errorHandler: (error) => console.error("listener failed:", error) });
 * ```
 */
export function configure(options: EventEmitterOptions): void {
  deprecated("configure", `new EventClient({ onError }), ${INSTEAD}`);
  setBusConfig(options);
}

/**
 * The shared bus's options.
 *
 * @deprecated Keep the options you gave your client.
 * @returns A copy of the options.
 *
 * @example
 * ```ts
 * import { getConfig } from "@atomiton/core";
 *
 * console.log(getConfig().maxListeners);
 * ```
 */
export function getConfig(): EventBusConfig {
  deprecated("getConfig", "the options you gave your EventClient");
  return { ...busConfig() };
}

/**
 * Sends an event to every listener; `timestamp` defaults to now.
 *
 * @deprecated Use `events.emit(type, data)` on a shared EventClient.
 * @param event The event.
 *
 * @example
 * ```ts
 * import { emit } from "@atomiton/core";
 *
 * emit({ type: "saved", source: "editor", timestamp: 0, data: { id: "b1" } });
 * ```
 */
export function emit<T = unknown>(event: SystemEvent<T>): void {
  deprecated("emit", `events.emit(type, data) on ${INSTEAD}`);
  deliver({ ...event, timestamp: event.timestamp || Date.now() });
}

/**
 * Makes an event stamped now.
 *
 * @deprecated `events.emit(type, data)` stamps `source` and `timestamp` itself.
 * @param type The event's type.
 * @param source Who sends it.
 * @param data What it carries.
 * @param metadata Anything else.
 * @returns The event.
 *
 * @example
 * ```ts
 * import { createEvent } from "@atomiton/core";
 *
 * console.log(createEvent("saved", "editor", { id: "b1" }).timestamp > 0);
 * ```
 */
export function createEvent<T = unknown>(
  type: string,
  source: string,
  data?: T,
  metadata?: Record<string, unknown>,
): SystemEvent<T> {
  deprecated("createEvent", `events.emit(type, data) on ${INSTEAD}`);
  return { type, source, timestamp: Date.now(), data, metadata } as SystemEvent<T>;
}

/**
 * Makes an event and sends it.
 *
 * @deprecated Use `events.emit(type, data)` on a shared EventClient.
 * @param type The event's type.
 * @param source Who sends it.
 * @param data What it carries.
 * @param metadata Anything else.
 *
 * @example
 * ```ts
 * import { broadcast } from "@atomiton/core";
 *
 * broadcast("saved", "editor", { id: "b1" });
 * ```
 */
export function broadcast<T = unknown>(
  type: string,
  source: string,
  data?: T,
  metadata?: Record<string, unknown>,
): void {
  deprecated("broadcast", `events.emit(type, data) on ${INSTEAD}`);
  deliver({ type, source, timestamp: Date.now(), data, metadata });
}

/**
 * Calls `listener` with every event.
 *
 * @deprecated Use `events.on("*", (data, type) => ...)`.
 * @param listener Gets each event; a failure goes to the configured `errorHandler`.
 * @returns `{ unsubscribe }`.
 *
 * @example
 * ```ts
 * import { subscribe } from "@atomiton/core";
 *
 * const subscription = subscribe((event) => console.log(event.type));
 * subscription.unsubscribe();
 * ```
 */
export function subscribe<T = unknown>(listener: SystemEventListener<T>): EventSubscription {
  deprecated("subscribe", `events.on("*", handler) on ${INSTEAD}`);
  return listen("system", listener, () => true);
}

/**
 * Calls `listener` with every event whose type and source match `filter`.
 *
 * @deprecated Use `events.on("prefix:*", handler)`, or filter inside the handler.
 * @param filter A string, a list or a RegExp, for `type` and for `source`.
 * @param listener Gets each matching event.
 * @returns `{ unsubscribe }`.
 *
 * @example
 * ```ts
 * import { subscribeFiltered } from "@atomiton/core";
 *
 * const subscription = subscribeFiltered({ type: /^node:/ }, (event) => console.log(event.type));
 * subscription.unsubscribe();
 * ```
 */
export function subscribeFiltered<T = unknown>(
  filter: EventFilter,
  listener: SystemEventListener<T>,
): EventSubscription {
  deprecated("subscribeFiltered", `events.on("prefix:*", handler) on ${INSTEAD}`);
  return listen(
    "filtered",
    listener,
    (event) => matches(event.type, filter.type) && matches(event.source, filter.source),
  );
}

function matches(value: string, pattern: EventFilter["type"]): boolean {
  if (pattern === undefined || pattern === "") return true;
  if (typeof pattern === "string") return value === pattern;
  if (Array.isArray(pattern)) return pattern.includes(value);
  pattern.lastIndex = 0; // a global RegExp keeps its position between tests
  return pattern.test(value);
}

/**
 * Calls `listener` with the next event only.
 *
 * @deprecated Use `events.once(type, handler)`, or `await events.once(type)`.
 * @param listener Gets the next event.
 * @returns `{ unsubscribe }`.
 *
 * @example
 * ```ts
 * import { once } from "@atomiton/core";
 *
 * once((event) => console.log("first:", event.type));
 * ```
 */
export function once<T = unknown>(listener: SystemEventListener<T>): EventSubscription {
  deprecated("once", `events.once(type, handler) on ${INSTEAD}`);
  return listen("once", listener, () => true, true);
}

/**
 * Removes every listener of the shared bus.
 *
 * @deprecated Use `events.clear()`.
 *
 * @example
 * ```ts
 * import { clearAllListeners } from "@atomiton/core";
 *
 * clearAllListeners();
 * ```
 */
export function clearAllListeners(): void {
  deprecated("clearAllListeners", `events.clear() on ${INSTEAD}`);
  bus().clear();
  channels.clear();
}

/**
 * How many listeners the shared bus has (every old subscription listened on `"system"`).
 *
 * @deprecated Use `events.listenerCount(pattern)`.
 * @param event `"system"` (default) for all; any other name has none.
 * @returns The count.
 *
 * @example
 * ```ts
 * import { getListenerCount } from "@atomiton/core";
 *
 * console.log(getListenerCount());
 * ```
 */
export function getListenerCount(event: string = "system"): number {
  deprecated("getListenerCount", `events.listenerCount(pattern) on ${INSTEAD}`);
  return event === "system" ? bus().listenerCount("*") : 0;
}

/**
 * The kinds of subscription in use: `"system"`, `"filtered"`, `"once"`.
 *
 * @deprecated Use `events.listenerCount()` per pattern you use.
 * @returns The channel names with a listener.
 *
 * @example
 * ```ts
 * import { getActiveChannels } from "@atomiton/core";
 *
 * console.log(getActiveChannels());
 * ```
 */
export function getActiveChannels(): string[] {
  deprecated("getActiveChannels", `events.listenerCount() on ${INSTEAD}`);
  return [...channels.keys()];
}
