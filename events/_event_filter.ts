import { EventsError } from "./events_error.ts";
import { matchesPattern, patternPrefix } from "./_pattern.ts";
import type { SystemEvent } from "./system_event.ts";

/** Which events to take: patterns (`"job:*"`, `"*"`, exact types) or a predicate. */
export type EventFilter = readonly string[] | ((event: SystemEvent) => boolean);

/** Turns a filter option into a predicate, refusing bad patterns at once. */
export function toPredicate(filter: EventFilter | undefined): (event: SystemEvent) => boolean {
  if (filter === undefined) return () => true;
  if (typeof filter === "function") return filter;
  if (!Array.isArray(filter)) {
    throw new EventsError(
      "INVALID_OPTION",
      `filter must be an array of event types or patterns, or a function; got ${typeof filter}`,
    );
  }
  filter.forEach(patternPrefix);
  return (event) => filter.some((pattern) => matchesPattern(pattern, event.type));
}
