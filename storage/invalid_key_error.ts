import { StorageError } from "./storage_error.ts";

/**
 * Thrown for a key that breaks the one key rule every backend shares: a
 * string of 1 to 1,024 UTF-8 bytes, without NUL and without lone surrogates.
 * Code `INVALID_KEY`; the message says which part of the rule was broken.
 * Nothing is read or written.
 *
 * @example Catch a bad key
 * ```ts
 * import { InvalidKeyError, MemoryClient } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * const storage = new MemoryClient();
 * const error = await storage.set("a\0b", 1).catch((e) => e);
 * assert.ok(error instanceof InvalidKeyError);
 * assert.equal(error.code, "INVALID_KEY");
 * assert.match(error.message, /NUL/);
 * ```
 */
export class InvalidKeyError extends StorageError {
  /** The key that was refused, as given. */
  readonly key: unknown;

  /**
   * Creates the error for a refused key.
   *
   * @param key The key as given.
   * @param message Why it was refused and what the rule is.
   */
  constructor(key: unknown, message: string) {
    super("INVALID_KEY", message);
    this.name = "InvalidKeyError";
    this.key = key;
  }
}
