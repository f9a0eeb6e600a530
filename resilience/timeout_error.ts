import { ResilienceError } from "./resilience_error.ts";

/**
 * Thrown by {@linkcode deadline} and {@linkcode timeoutPolicy} when the work
 * took too long. Code `TIMEOUT`.
 *
 * @example Tell a timeout from other failures
 * ```ts
 * import { deadline, TimeoutError } from "@atomiton/resilience";
 * import assert from "node:assert/strict";
 *
 * const error = await deadline((signal) => new Promise((_, reject) => {
 *   signal.addEventListener("abort", () => reject(signal.reason));
 * }), 1).catch((e) => e);
 * assert.ok(error instanceof TimeoutError);
 * assert.equal(error.ms, 1);
 * ```
 */
export class TimeoutError extends ResilienceError {
  /** The time limit that passed, in ms. */
  readonly ms: number;

  /**
   * Creates the error for a time limit that passed.
   *
   * @param ms The time limit, in ms.
   */
  constructor(ms: number) {
    super("TIMEOUT", `Timed out after ${ms} ms.`);
    this.name = "TimeoutError";
    this.ms = ms;
  }
}
