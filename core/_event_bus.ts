import { EventClient as NewEventClient } from "@atomiton/events";
import { env } from "@atomiton/platform";
import { quietly } from "./_deprecation.ts";
import { envelopeOf } from "./_envelope.ts";
import type { SystemEvent } from "./event_client.ts";
import type { EventBusConfig, EventSubscription, SystemEventListener } from "./event_functions.ts";

// The shared bus behind the old module-level event functions, and its options.
let config: EventBusConfig = {
  maxListeners: 1000,
  // deno-lint-ignore no-console -- the old default error handler logged
  errorHandler: (error, event) => console.error("Event listener error:", error, "Event:", event),
  async: false,
};

/** The shared bus's options. */
export function busConfig(): EventBusConfig {
  return config;
}

/** Merges `options` into the shared bus's options. */
export function setBusConfig(options: Partial<EventBusConfig>): void {
  config = { ...config, ...options };
}

/** The old module kept listeners per channel ("system", "filtered", "once"). */
export const channels = new Map<string, Set<unknown>>();

let shared: NewEventClient | undefined;
/** The bus itself: the old functions use it without reporting `events` as used. */
export function bus(): NewEventClient {
  return shared ??= quietly(() => new NewEventClient({ maxListeners: 0, source: "core" }));
}

/** Delivers `event`, later when the old `async` option is on. */
export function deliver(event: SystemEvent): void {
  if (config.async) setTimeout(() => bus().deliver(event as never), 0);
  else bus().deliver(event as never);
}

function track(channel: string, listener: unknown): () => void {
  const set = channels.get(channel) ?? new Set();
  channels.set(channel, set.add(listener));
  return () => {
    set.delete(listener);
    if (set.size === 0) channels.delete(channel);
  };
}

/** Subscribes `listener` under an old channel name; its failures go to `errorHandler`. */
export function listen<T>(
  channel: string,
  listener: SystemEventListener<T>,
  accept: (event: SystemEvent) => boolean,
  once = false,
): EventSubscription {
  const untrack = track(channel, listener);
  const off = bus().on("*", (data, type) => {
    const event = envelopeOf(bus(), data, type);
    if (!accept(event)) return;
    if (once) unsubscribe();
    const report = (error: unknown): void => config.errorHandler(error as Error, event);
    try {
      Promise.resolve(listener(event as SystemEvent<T>)).catch(report);
    } catch (error) {
      report(error);
    }
  });
  const unsubscribe = (): void => {
    off();
    untrack();
  };
  return { unsubscribe };
}

/** Subscribes for the module's own helpers, without a notice of their own. */
export function filtered<T>(type: string, listener: SystemEventListener<T>): EventSubscription {
  return listen("filtered", listener, (event) => event.type === type);
}

/** Sends without a notice of its own, for the module's typed helpers. */
export function send(type: string, source: string, data: unknown): void {
  deliver({ type, source, timestamp: Date.now(), data });
}

/** Whether `debug()` sends: only with `NODE_ENV=development`, as before. */
export function debugging(): boolean {
  return env("NODE_ENV") === "development";
}
