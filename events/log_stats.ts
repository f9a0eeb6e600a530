import type { EventClient, EventMap, EventType } from "./event_client.ts";
import type { SystemEvent } from "./system_event.ts";

/** Figures for one event type, or for the whole log. */
export interface EventStats {
  /** How many events. */
  count: number;
  /** Timestamp of the earliest, in ms since the epoch. */
  first: number;
  /** Timestamp of the latest, in ms since the epoch. */
  last: number;
  /** Events per second between the first and the last (0 when they coincide). */
  ratePerSecond: number;
  /** The longest time between two consecutive events, in ms (a step back in time counts 0). */
  maxGapMs: number;
  /** The mean time between two consecutive events, in ms. */
  meanGapMs: number;
}

/** What {@linkcode logStats} reports. */
export interface LogStats extends EventStats {
  /**
   * Figures per event type, plus the client's handlers for it when a client
   * was given. A null-prototype object: every type, `"__proto__"` and
   * `"constructor"` included, is an own key, and a type not in the log is
   * `undefined`.
   */
  types: Record<string, EventStats & { listeners?: number }>;
  /** Events per source; a null-prototype object, as `types`. */
  sources: Record<string, number>;
}

/** An object without a prototype: keys from a log stay plain data, whatever they are. */
const dictionary = <T>(): Record<string, T> => Object.create(null);

function empty(timestamp: number): EventStats {
  return {
    count: 0,
    first: timestamp,
    last: timestamp,
    ratePerSecond: 0,
    maxGapMs: 0,
    meanGapMs: 0,
  };
}

// A merged log can step back in time (two clocks): the span runs from the earliest to the latest.
function add(stats: EventStats, timestamp: number): void {
  if (stats.count > 0) stats.maxGapMs = Math.max(stats.maxGapMs, timestamp - stats.last);
  stats.count++;
  stats.first = Math.min(stats.first, timestamp);
  stats.last = Math.max(stats.last, timestamp);
}

function finish(stats: EventStats): void {
  const span = stats.last - stats.first;
  stats.ratePerSecond = span > 0 ? (stats.count - 1) / (span / 1000) : 0;
  stats.meanGapMs = stats.count > 1 ? span / (stats.count - 1) : 0;
}

/**
 * Summarises an event log: counts, rates and gaps overall and per type,
 * events per source, and, given the client, how many handlers each type has
 * (`listenerCount(type)`; 0 for a logged type with a `*`, which no exact
 * subscription can have). Reads the log once, so it works on streams.
 * `types` and `sources` are null-prototype objects keyed by the log's own
 * strings, so a type named `"__proto__"` or `"constructor"` is counted like
 * any other and `JSON.stringify` prints them all.
 *
 * @param log The events, in time order (e.g. from `readEventLog`).
 * @param options `client` adds listener counts.
 * @returns The figures.
 *
 * @example
 * ```ts
 * import { logStats } from "@atomiton/events/recorder";
 * import assert from "node:assert/strict";
 *
 * const stats = await logStats([
 *   { type: "tick", source: "a", timestamp: 0, data: 1 },
 *   { type: "tick", source: "a", timestamp: 500, data: 2 },
 *   { type: "done", source: "b", timestamp: 2000, data: null },
 * ]);
 * assert.equal(stats.types.tick!.count, 2);
 * assert.equal(stats.types.tick!.ratePerSecond, 2);
 * assert.equal(stats.maxGapMs, 1500);
 * assert.deepEqual({ ...stats.sources }, { a: 2, b: 1 });
 * ```
 */
export async function logStats<M extends EventMap>(
  log: Iterable<SystemEvent> | AsyncIterable<SystemEvent>,
  options: { client?: EventClient<M> | undefined } = {},
): Promise<LogStats> {
  let total: EventStats | undefined;
  const types = dictionary<EventStats & { listeners?: number }>();
  const sources = dictionary<number>();
  for await (const event of log) {
    total ??= empty(event.timestamp);
    add(total, event.timestamp);
    add(types[event.type] ??= empty(event.timestamp), event.timestamp);
    sources[event.source] = (sources[event.source] ?? 0) + 1;
  }
  total ??= empty(0);
  finish(total);
  for (const [type, stats] of Object.entries(types)) {
    finish(stats);
    if (options.client) {
      // A type with a "*" (logs may hold any) can have no exact subscription; it is not a pattern.
      stats.listeners = type.includes("*") ? 0 : options.client.listenerCount(type as EventType<M>);
    }
  }
  return { ...total, types, sources };
}
