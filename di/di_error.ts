/**
 * The stable reasons a {@linkcode DIError} can carry.
 *
 * - `MISSING_REGISTRATION`: nothing is registered for a token.
 * - `CYCLE`: a registration depends on itself, directly or not.
 * - `ASYNC_REGISTRATION`: `resolve()` met an async factory; use `resolveAsync()`.
 * - `CAPTIVE_DEPENDENCY`: a singleton depends on a scoped registration.
 * - `DISPOSED`: the container was disposed.
 * - `DISPOSE_FAILED`: one or more disposers threw (see {@linkcode DisposeError}).
 * - `INVALID_TOKEN`: something that is not a token made by `token()`.
 * - `INVALID_REGISTRATION`: a duplicate, an unknown lifetime, or a provider of the wrong kind.
 */
export type DIErrorCode =
  | "MISSING_REGISTRATION"
  | "CYCLE"
  | "ASYNC_REGISTRATION"
  | "CAPTIVE_DEPENDENCY"
  | "DISPOSED"
  | "DISPOSE_FAILED"
  | "INVALID_TOKEN"
  | "INVALID_REGISTRATION";

/**
 * The base of every error `@atomiton/di` throws.
 *
 * `code` is stable across versions: match on it, not on the message.
 *
 * @example Tell a missing registration apart
 * ```ts
 * import assert from "node:assert/strict";
 * import { Container, DIError, token } from "@atomiton/di";
 *
 * const db = token<string>("db");
 * try {
 *   new Container().resolve(db);
 *   assert.fail("resolve() should throw");
 * } catch (error) {
 *   assert.ok(error instanceof DIError);
 *   assert.equal(error.code, "MISSING_REGISTRATION");
 * }
 * ```
 */
export class DIError extends Error {
  /** A stable, machine-readable reason, such as `"CYCLE"`. */
  readonly code: DIErrorCode;

  /**
   * Creates an error with a stable code.
   *
   * @param code The stable reason.
   * @param message What was wrong and what is allowed.
   * @param options The underlying cause, if any.
   */
  constructor(code: DIErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DIError";
    this.code = code;
  }
}
