import { EventsError } from "./events_error.ts";

/**
 * The prefix a subscription pattern stands for: `"*"` is every type (prefix
 * `""`), `"execution:*"` every type that starts with `"execution:"`; an exact
 * type has no prefix (`undefined`). A `*` anywhere but at the end is refused.
 */
export function patternPrefix(pattern: string): string | undefined {
  if (typeof pattern !== "string" || pattern.length === 0) {
    throw new EventsError(
      "INVALID_TYPE",
      `an event type must be a non-empty string, got ${JSON.stringify(pattern)}`,
    );
  }
  const star = pattern.indexOf("*");
  if (star === -1) return undefined;
  if (star !== pattern.length - 1) {
    throw new EventsError(
      "INVALID_TYPE",
      `"${pattern}": "*" may only end a pattern, as in "*" or "job:*"`,
    );
  }
  return pattern.slice(0, -1);
}

/** True when `type` matches `pattern` (an exact type, `"*"` or a prefix pattern). */
export function matchesPattern(pattern: string, type: string): boolean {
  const prefix = patternPrefix(pattern);
  return prefix === undefined ? pattern === type : type.startsWith(prefix);
}
