import { DIError } from "./di_error.ts";

/**
 * Thrown by {@linkcode Container.dispose} when one or more disposers threw.
 *
 * Every disposer still ran; `errors` holds what each failing one threw, in the
 * order they ran (reverse of creation).
 *
 * @example Collect what failed
 * ```ts
 * import assert from "node:assert/strict";
 * import { Container, DisposeError, token } from "@atomiton/di";
 *
 * const conn = token<{ close(): void; dispose(): void }>("conn");
 * const container = new Container().registerFactory(conn, () => ({
 *   close() {},
 *   dispose() {
 *     throw new Error("socket already closed");
 *   },
 * }));
 * container.resolve(conn);
 *
 * await assert.rejects(container.dispose(), (error) => {
 *   assert.ok(error instanceof DisposeError);
 *   assert.equal(error.code, "DISPOSE_FAILED");
 *   assert.equal((error.errors[0] as Error).message, "socket already closed");
 *   return true;
 * });
 * ```
 */
export class DisposeError extends DIError {
  /** What each failing disposer threw, in the order the disposers ran. */
  readonly errors: readonly unknown[];

  /**
   * Creates the error for the disposers that failed.
   *
   * @param errors What each failing disposer threw.
   */
  constructor(errors: readonly unknown[]) {
    super("DISPOSE_FAILED", `${errors.length} of the container's disposers threw`, {
      cause: errors[0],
    });
    this.name = "DisposeError";
    this.errors = errors;
  }
}
