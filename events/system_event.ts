/**
 * The envelope of one event as recording and transports carry it: what
 * happened (`type`, `data`), which client emitted it (`source`) and when
 * (`timestamp`, milliseconds since the Unix epoch).
 *
 * @typeParam T The event type.
 * @typeParam D The payload.
 *
 * @example An envelope
 * ```ts
 * import type { SystemEvent } from "@atomiton/events";
 *
 * const event: SystemEvent<"job:done", { id: string }> = {
 *   type: "job:done",
 *   source: "worker-1",
 *   timestamp: Date.now(),
 *   data: { id: "42" },
 * };
 * ```
 */
export interface SystemEvent<T extends string = string, D = unknown> {
  /** The event type, such as `"execution:started"`. */
  readonly type: T;
  /** The id of the client that emitted it (its `source` option). */
  readonly source: string;
  /** When it was emitted, in milliseconds since the Unix epoch. */
  readonly timestamp: number;
  /** The payload. */
  readonly data: D;
}
