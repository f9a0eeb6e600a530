import { StorageError } from "./storage_error.ts";

/**
 * Thrown by `set` and `setMany` for a value that cannot be stored: anything
 * but JSON (null, booleans, finite numbers, strings, arrays, plain objects)
 * and `Uint8Array`. Code `INVALID_VALUE`; `path` says where in the value the
 * problem is (`$` is the value itself). Nothing is written.
 *
 * @example Find the bad part of a value
 * ```ts
 * import { InvalidValueError, MemoryClient, type StorageValue } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * const storage = new MemoryClient();
 * const input: unknown = { name: "Ada", born: new Date(0) }; // e.g. from a plugin
 * const error = await storage.set("user", input as StorageValue).catch((e) => e);
 * assert.ok(error instanceof InvalidValueError);
 * assert.equal(error.path, "$.born");
 * assert.equal(await storage.has("user"), false);
 * ```
 */
export class InvalidValueError extends StorageError {
  /** Where the problem is, as a JSON path: `$`, `$.a`, `$.list[2]`. */
  readonly path: string;

  /**
   * Creates the error for a refused value.
   *
   * @param path Where in the value the problem is.
   * @param message What was found there and what is allowed.
   * @param options The underlying cause, if any.
   */
  constructor(path: string, message: string, options?: ErrorOptions) {
    super("INVALID_VALUE", message, options);
    this.name = "InvalidValueError";
    this.path = path;
  }
}
