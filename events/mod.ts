/**
 * A typed event client: `on`, `once`, `off` and `emit` over an event map,
 * `"*"` and prefix patterns such as `"execution:*"`, async iteration through a
 * bounded buffer, and handlers isolated from each other's errors.
 *
 * Recording and replay live in `@atomiton/events/recorder`; transports across
 * tabs and workers in `@atomiton/events/broadcast-channel`, and across
 * machines on Redis Streams in `@atomiton/events/redis`.
 *
 * @example Typed events
 * ```ts
 * import { EventClient } from "@atomiton/events";
 * import assert from "node:assert/strict";
 *
 * type Events = { "execution:started": { id: string }; "execution:done": { id: string } };
 * const events = new EventClient<Events>();
 * const log: string[] = [];
 * const off = events.on("execution:*", (data, type) => log.push(`${type} ${data.id}`));
 * events.emit("execution:started", { id: "run-1" });
 * off();
 * events.emit("execution:done", { id: "run-1" });
 * assert.deepEqual(log, ["execution:started run-1"]);
 * ```
 *
 * @module
 */
export * from "./event_client.ts";
export * from "./events_error.ts";
export * from "./system_event.ts";
