/**
 * Debugging for `@atomiton/events`: record a client's events (bounded in
 * memory, or streamed to a sink), export and read JSON Lines logs, replay
 * them into a client instantly or at the recorded pace, and summarise them.
 *
 * @example Record, export, replay
 * ```ts
 * import { EventClient } from "@atomiton/events";
 * import { EventRecorder, logStats, parseEventLog, replay } from "@atomiton/events/recorder";
 * import assert from "node:assert/strict";
 *
 * type Events = { "job:done": { id: string } };
 * const live = new EventClient<Events>();
 * const recorder = new EventRecorder(live);
 * live.emit("job:done", { id: "1" });
 * live.emit("job:done", { id: "2" });
 * recorder.stop();
 *
 * const log = parseEventLog(recorder.toJsonLines());
 * const debug = new EventClient<Events>();
 * const ids: string[] = [];
 * debug.on("job:done", (job) => ids.push(job.id));
 * await replay(log, debug);
 * assert.deepEqual(ids, ["1", "2"]);
 * assert.equal((await logStats(log)).types["job:done"]!.count, 2);
 * ```
 *
 * @module
 */
export { EventRecorder, type EventRecorderOptions } from "./event_recorder.ts";
export type { EventFilter } from "./_event_filter.ts";
export { parseEventLog, type ParseEventLogOptions } from "./parse_event_log.ts";
export { readEventLog } from "./read_event_log.ts";
export { replay, type ReplayOptions } from "./replay.ts";
export { type EventStats, type LogStats, logStats } from "./log_stats.ts";
