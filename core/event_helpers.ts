import { deprecated } from "./_deprecation.ts";
import { debugging, filtered, send } from "./_event_bus.ts";
import type { EventBus, EventSubscription } from "./event_functions.ts";

const ON = "events.on(type, handler) on a shared EventClient from @atomiton/events";
const EMIT = "events.emit(type, data) on a shared EventClient from @atomiton/events";

/**
 * Sends `state:change` from `storeName`.
 *
 * @deprecated Use `events.emit("state:changed", data)` with your event map.
 * @param storeName The store, sent as the source.
 * @param state The new state.
 * @param previousState The state before.
 *
 * @example
 * ```ts
 * import { emitStateChange } from "@atomiton/core";
 *
 * emitStateChange("ui", { theme: "dark" }, { theme: "light" });
 * ```
 */
export function emitStateChange(storeName: string, state: unknown, previousState?: unknown): void {
  deprecated("emitStateChange", EMIT);
  send("state:change", storeName, { current: state, previous: previousState });
}

/**
 * Listens to `state:change`.
 *
 * @deprecated Use `events.on("state:changed", handler)`.
 * @param callback Gets the store's name, the state and the state before.
 * @returns `{ unsubscribe }`.
 *
 * @example
 * ```ts
 * import { onStateChange } from "@atomiton/core";
 *
 * onStateChange((store, state) => console.log(store, state)).unsubscribe();
 * ```
 */
export function onStateChange(
  callback: (storeName: string, state: unknown, previousState?: unknown) => void,
): EventSubscription {
  deprecated("onStateChange", ON);
  return filtered<{ current: unknown; previous?: unknown }>("state:change", (event) => {
    callback(event.source, event.data?.current, event.data?.previous);
  });
}

/**
 * Sends `ui:action`.
 *
 * @deprecated Use `events.emit("ui:action", data)` with your event map.
 * @param action The action's name.
 * @param payload What goes with it.
 *
 * @example
 * ```ts
 * import { emitUIAction } from "@atomiton/core";
 *
 * emitUIAction("open", { panel: "inspector" });
 * ```
 */
export function emitUIAction(action: string, payload?: unknown): void {
  deprecated("emitUIAction", EMIT);
  send("ui:action", "ui", { action, payload });
}

/**
 * Listens to `ui:action`.
 *
 * @deprecated Use `events.on("ui:action", handler)`.
 * @param callback Gets the action and its payload.
 * @returns `{ unsubscribe }`.
 *
 * @example
 * ```ts
 * import { onUIAction } from "@atomiton/core";
 *
 * onUIAction((action) => console.log(action)).unsubscribe();
 * ```
 */
export function onUIAction(
  callback: (action: string, payload?: unknown) => void,
): EventSubscription {
  deprecated("onUIAction", ON);
  return filtered<{ action: string; payload?: unknown }>("ui:action", (event) => {
    callback(event.data!.action, event.data!.payload);
  });
}

/**
 * Sends `blueprint:execution` from `blueprintId`.
 *
 * @deprecated Use `events.emit("execution:started", data)`; `bindEvents` drives an execution store.
 * @param blueprintId The blueprint, sent as the source.
 * @param status `started`, `completed` or `failed`.
 * @param details Anything else.
 *
 * @example
 * ```ts
 * import { emitBlueprintExecution } from "@atomiton/core";
 *
 * emitBlueprintExecution("bp-1", "started");
 * ```
 */
export function emitBlueprintExecution(
  blueprintId: string,
  status: "started" | "completed" | "failed",
  details?: unknown,
): void {
  deprecated("emitBlueprintExecution", EMIT);
  send("blueprint:execution", blueprintId, { status, details, timestamp: Date.now() });
}

/**
 * Listens to `blueprint:execution`.
 *
 * @deprecated Use `events.on("execution:*", handler)`.
 * @param callback Gets the blueprint, the status and the details.
 * @returns `{ unsubscribe }`.
 *
 * @example
 * ```ts
 * import { onBlueprintExecution } from "@atomiton/core";
 *
 * onBlueprintExecution((id, status) => console.log(id, status)).unsubscribe();
 * ```
 */
export function onBlueprintExecution(
  callback: (
    blueprintId: string,
    status: "started" | "completed" | "failed",
    details?: unknown,
  ) => void,
): EventSubscription {
  deprecated("onBlueprintExecution", ON);
  return filtered<{ status: "started" | "completed" | "failed"; details?: unknown }>(
    "blueprint:execution",
    (event) => callback(event.source, event.data!.status, event.data!.details),
  );
}

/**
 * Sends `node:<eventType>` from `nodeId`.
 *
 * @deprecated Use `events.emit("node:...", data)` with your event map.
 * @param nodeId The node, sent as the source.
 * @param eventType `executed`, `error`, `warning` or `info`.
 * @param message A message.
 * @param data Anything else.
 *
 * @example
 * ```ts
 * import { emitNodeEvent } from "@atomiton/core";
 *
 * emitNodeEvent("n1", "executed", "done");
 * ```
 */
export function emitNodeEvent(
  nodeId: string,
  eventType: "executed" | "error" | "warning" | "info",
  message?: string,
  data?: unknown,
): void {
  deprecated("emitNodeEvent", EMIT);
  send(`node:${eventType}`, nodeId, { message, data });
}

/**
 * Listens to `node:<eventType>`.
 *
 * @deprecated Use `events.on("node:*", handler)`.
 * @param eventType `executed`, `error`, `warning` or `info`.
 * @param callback Gets the node, the message and the data.
 * @returns `{ unsubscribe }`.
 *
 * @example
 * ```ts
 * import { onNodeEvent } from "@atomiton/core";
 *
 * onNodeEvent("error", (node, message) => console.log(node, message)).unsubscribe();
 * ```
 */
export function onNodeEvent(
  eventType: "executed" | "error" | "warning" | "info",
  callback: (nodeId: string, message?: string, data?: unknown) => void,
): EventSubscription {
  deprecated("onNodeEvent", ON);
  return filtered<{ message?: string; data?: unknown }>(`node:${eventType}`, (event) => {
    callback(event.source, event.data?.message, event.data?.data);
  });
}

/**
 * Sends `system:<eventType>`.
 *
 * @deprecated Use `events.emit(type, data)`.
 * @param eventType `ready`, `shutdown`, `error` or `warning`.
 * @param details Anything else.
 *
 * @example
 * ```ts
 * import { emitSystemEvent } from "@atomiton/core";
 *
 * emitSystemEvent("ready");
 * ```
 */
export function emitSystemEvent(
  eventType: "ready" | "shutdown" | "error" | "warning",
  details?: unknown,
): void {
  deprecated("emitSystemEvent", EMIT);
  send(`system:${eventType}`, "system", details);
}

/**
 * Listens to `system:<eventType>`.
 *
 * @deprecated Use `events.on("*", handler)`.
 * @param eventType `ready`, `shutdown`, `error` or `warning`.
 * @param callback Gets the details.
 * @returns `{ unsubscribe }`.
 *
 * @example
 * ```ts
 * import { onSystemEvent } from "@atomiton/core";
 *
 * onSystemEvent("ready", () => console.log("ready")).unsubscribe();
 * ```
 */
export function onSystemEvent(
  eventType: "ready" | "shutdown" | "error" | "warning",
  callback: (details?: unknown) => void,
): EventSubscription {
  deprecated("onSystemEvent", ON);
  return filtered(`system:${eventType}`, (event) => callback(event.data));
}

/**
 * Sends `metric` from `metric`.
 *
 * @deprecated Use `Histogram` (@atomiton/platform/metrics), or `events.emit("metric", data)`.
 * @param metric The metric's name, sent as the source.
 * @param value Its value.
 * @param unit Its unit.
 * @param tags Its tags.
 *
 * @example
 * ```ts
 * import { emitMetric } from "@atomiton/core";
 *
 * emitMetric("latency", 12, "ms");
 * ```
 */
export function emitMetric(
  metric: string,
  value: number,
  unit?: string,
  tags?: Record<string, string>,
): void {
  deprecated("emitMetric", EMIT);
  send("metric", metric, { value, unit, tags });
}

/**
 * Listens to `metric`.
 *
 * @deprecated Use `events.on("metric", handler)`.
 * @param callback Gets the name, value, unit and tags.
 * @returns `{ unsubscribe }`.
 *
 * @example
 * ```ts
 * import { onMetric } from "@atomiton/core";
 *
 * onMetric((name, value) => console.log(name, value)).unsubscribe();
 * ```
 */
export function onMetric(
  callback: (metric: string, value: number, unit?: string, tags?: Record<string, string>) => void,
): EventSubscription {
  deprecated("onMetric", ON);
  return filtered<{ value: number; unit?: string; tags?: Record<string, string> }>(
    "metric",
    (event) => callback(event.source, event.data!.value, event.data!.unit, event.data!.tags),
  );
}

/**
 * Sends `debug` from `source`, only when `NODE_ENV` is `development`.
 *
 * @deprecated Use `events.emit("debug", data)`; record a log with EventRecorder.
 * @param source Who sends it.
 * @param message A message.
 * @param data Anything else.
 *
 * @example
 * ```ts
 * import { debug } from "@atomiton/core";
 *
 * debug("editor", "opened");
 * ```
 */
export function debug(source: string, message: string, data?: unknown): void {
  deprecated("debug", EMIT);
  if (debugging()) send("debug", source, { message, data });
}

/**
 * Listens to `debug`.
 *
 * @deprecated Use `events.on("debug", handler)`.
 * @param callback Gets the source, the message and the data.
 * @returns `{ unsubscribe }`.
 *
 * @example
 * ```ts
 * import { onDebug } from "@atomiton/core";
 *
 * onDebug((source, message) => console.log(source, message)).unsubscribe();
 * ```
 */
export function onDebug(
  callback: (source: string, message: string, data?: unknown) => void,
): EventSubscription {
  deprecated("onDebug", ON);
  return filtered<{ message: string; data?: unknown }>("debug", (event) => {
    callback(event.source, event.data!.message, event.data?.data);
  });
}

/**
 * A bus for one domain: `emit("saved", data)` sends `<domain>:saved`.
 *
 * @deprecated Use `new EventClient<M>()` from `@atomiton/events`.
 * @param domain The prefix of the bus's types, and their source.
 * @returns `{ emit, on, once }`.
 *
 * @example
 * ```ts
 * import { createEventBus } from "@atomiton/core";
 * import assert from "node:assert/strict";
 *
 * const bus = createEventBus<{ saved: string }>("doc");
 * const seen: string[] = [];
 * const subscription = bus.on("saved", (id) => seen.push(id));
 * bus.emit("saved", "d1");
 * subscription.unsubscribe();
 * assert.deepEqual(seen, ["d1"]);
 * ```
 */
export function createEventBus<T extends Record<string, unknown>>(domain: string): EventBus<T> {
  deprecated("createEventBus", "new EventClient() from @atomiton/events");
  const typeOf = (eventType: PropertyKey): string => `${domain}:${String(eventType)}`;
  return {
    emit: (eventType, data) => send(typeOf(eventType), domain, data),
    on: (eventType, callback) =>
      filtered<never>(typeOf(eventType), (event) => callback(event.data as never)),
    once: (eventType, callback) => {
      const subscription = filtered<never>(typeOf(eventType), (event) => {
        subscription.unsubscribe();
        callback(event.data as never);
      });
      return subscription;
    },
  };
}
