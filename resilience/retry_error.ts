import { ResilienceError } from "./resilience_error.ts";

/**
 * Thrown by {@linkcode retry} when every attempt failed. Code `RETRY_EXHAUSTED`;
 * `cause` is the last attempt's error.
 *
 * @example Read the attempts and the last cause
 * ```ts
 * import { retry, RetryError } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const error = await retry(() => {
 *   throw new Error("down");
 * }, { maxAttempts: 2, minDelay: 0 }).catch((e) => e);
 * assert.ok(error instanceof RetryError);
 * assert.equal(error.code, "RETRY_EXHAUSTED");
 * assert.equal(error.attempts, 2);
 * assert.equal((error.cause as Error).message, "down");
 * ```
 */
export class RetryError extends ResilienceError {
  /** How many attempts were made. */
  readonly attempts: number;

  /**
   * Creates the error for exhausted attempts.
   *
   * @param attempts How many attempts were made.
   * @param cause The last attempt's error.
   */
  constructor(attempts: number, cause: unknown) {
    super("RETRY_EXHAUSTED", `Gave up after ${attempts} attempt(s).`, { cause });
    this.name = "RetryError";
    this.attempts = attempts;
  }
}
