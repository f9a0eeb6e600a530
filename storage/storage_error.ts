/**
 * The stable reasons a {@linkcode StorageError} carries:
 *
 * - `INVALID_KEY`: a key that breaks the key rule ({@linkcode InvalidKeyError});
 * - `INVALID_VALUE`: a value that is not JSON or a `Uint8Array` ({@linkcode InvalidValueError});
 * - `INVALID_OPTION`: a bad option, such as a negative `ttl`;
 * - `CLOSED`: the client was closed;
 * - `CORRUPT`: a stored record that this package did not write or cannot read;
 * - `UNAVAILABLE`: the backend could not be reached (after any retries);
 * - `MISCONFIGURED`: the backend refused the configuration it was given, such as a Redis
 *   database index or password in the URL; nothing was read or written;
 * - `PERMISSION_DENIED`: the backend refused access, such as a read-only folder or disk;
 * - `BACKEND`: the backend failed; `cause` is its error.
 */
export type StorageErrorCode =
  | "INVALID_KEY"
  | "INVALID_VALUE"
  | "INVALID_OPTION"
  | "CLOSED"
  | "CORRUPT"
  | "UNAVAILABLE"
  | "MISCONFIGURED"
  | "PERMISSION_DENIED"
  | "BACKEND";

/**
 * The base of every error `@atomiton/storage` throws.
 *
 * `code` is stable across versions: match on it, not on the message. Bad
 * input fails at once, before anything is written, so what was stored before
 * the error stays as it was.
 *
 * @example Tell this package's errors apart
 * ```ts
 * import { MemoryClient, StorageError } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * const storage = new MemoryClient();
 * await storage.close();
 * const error = await storage.get("a").catch((e) => e);
 * assert.ok(error instanceof StorageError);
 * assert.equal(error.code, "CLOSED");
 * ```
 */
export class StorageError extends Error {
  /** A stable, machine-readable reason, such as `"INVALID_KEY"`. */
  readonly code: StorageErrorCode;

  /**
   * Creates an error with a stable code.
   *
   * @param code The stable reason.
   * @param message What was wrong and what is allowed.
   * @param options The underlying cause, if any.
   */
  constructor(code: StorageErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StorageError";
    this.code = code;
  }
}
