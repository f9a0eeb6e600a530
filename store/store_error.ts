/**
 * The stable reasons a {@linkcode StoreError} carries:
 *
 * - `INVALID_TRANSITION`: a job or drag change that makes no sense from where it is
 *   (completing a cancelled job);
 * - `NOT_FOUND`: no blueprint, job, operation or modal with that id;
 * - `DUPLICATE`: an id that is already taken;
 * - `LIMIT_REACHED`: starting a job while the concurrency limit's worth are active;
 * - `INVALID_OPTION`: a bad argument or option (the message says what is allowed);
 * - `INVALID_VALUE`: a value persistence cannot write (a class instance, a symbol);
 * - `HYDRATION_FAILED`: stored state that cannot be read, is corrupt or does not fit the store
 *   (an action, a field it does not have, a value of another kind), or a migration that threw;
 * - `UNKNOWN_VERSION`: stored state from a version this code cannot read;
 * - `PERSIST_FAILED`: a write to storage failed, or what is stored cannot be read to back it up
 *   before the first write over it (either is retried on the next change or flush).
 */
export type StoreErrorCode =
  | "INVALID_TRANSITION"
  | "NOT_FOUND"
  | "DUPLICATE"
  | "LIMIT_REACHED"
  | "INVALID_OPTION"
  | "INVALID_VALUE"
  | "HYDRATION_FAILED"
  | "UNKNOWN_VERSION"
  | "PERSIST_FAILED";

/**
 * The base of every error `@atomiton/store` throws.
 *
 * `code` is stable across versions: match on it, not on the message. A refused
 * action changes nothing: the state stays as it was.
 *
 * @example A transition that makes no sense is refused
 * ```ts
 * import { createExecutionStore, StoreError } from "@atomiton/store";
 * import assert from "node:assert/strict";
 *
 * const jobs = createExecutionStore();
 * const { id } = jobs.getState().enqueue("bp-1");
 * jobs.getState().cancel(id);
 * assert.throws(
 *   () => jobs.getState().complete(id, "done"),
 *   (error) => error instanceof StoreError && error.code === "INVALID_TRANSITION",
 * );
 * assert.equal(jobs.getState().jobs.get(id)?.status, "cancelled");
 * ```
 */
export class StoreError extends Error {
  /** A stable, machine-readable reason, such as `"INVALID_TRANSITION"`. */
  readonly code: StoreErrorCode;

  /**
   * Creates an error with a stable code.
   *
   * @param code The stable reason.
   * @param message What was wrong and what is allowed.
   * @param options The underlying cause, if any.
   */
  constructor(code: StoreErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StoreError";
    this.code = code;
  }
}
