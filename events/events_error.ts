/**
 * The base of every error `@atomiton/events` throws.
 *
 * `code` is stable across versions: match on it, not on the message. The codes
 * are `INVALID_TYPE`, `INVALID_HANDLER`, `INVALID_OPTION`,
 * `CLEARED`, `INVALID_LOG`, `TRANSPORT_CLOSED`, `TRANSPORT_FAILED`
 * and `MISCONFIGURED` (a backend refused its configuration, such as a Redis
 * database index or password in a URL).
 *
 * @example Tell this package's errors apart
 * ```ts
 * import { EventClient, EventsError } from "@atomiton/events";
 * import assert from "node:assert/strict";
 *
 * const events = new EventClient<{ ready: void }>();
 * assert.throws(
 *   () => events.on("a*b" as "ready", () => {}),
 *   (error) => error instanceof EventsError && error.code === "INVALID_TYPE",
 * );
 * ```
 */
export class EventsError extends Error {
  /** A stable, machine-readable reason, such as `"INVALID_TYPE"`. */
  readonly code: string;

  /**
   * Creates an error with a stable code.
   *
   * @param code The stable reason.
   * @param message What was wrong and what is allowed.
   * @param options The underlying cause, if any.
   */
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "EventsError";
    this.code = code;
  }
}
