/**
 * The base of every error `@atomiton/resilience` throws.
 *
 * `code` is stable across versions: match on it, not on the message. The codes
 * are `RETRY_EXHAUSTED`, `TIMEOUT`, `BROKEN_CIRCUIT`, `BULKHEAD_REJECTED` and
 * `INVALID_OPTION`.
 *
 * @example Tell this package's errors apart
 * ```ts
 * import { delay, ResilienceError } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * try {
 *   await delay(-1);
 * } catch (error) {
 *   assert.ok(error instanceof ResilienceError);
 *   assert.equal(error.code, "INVALID_OPTION");
 * }
 * ```
 */
export class ResilienceError extends Error {
  /** A stable, machine-readable reason, such as `"TIMEOUT"`. */
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
    this.name = "ResilienceError";
    this.code = code;
  }
}
