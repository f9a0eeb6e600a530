import { DIError } from "./di_error.ts";
import { TokenImpl } from "./_brand.ts";

/**
 * A typed key for one service: resolving it gives a `T`.
 *
 * Tokens compare by identity, so two tokens with the same name are different
 * keys; the name only appears in error messages. Make tokens with
 * {@linkcode token}.
 *
 * @typeParam T The type of the service the token stands for.
 */
export interface Token<T> {
  /** The name used in error messages, such as `"db"`. */
  readonly name: string;
  /** Never set: it carries `T` for the type checker. */
  readonly __type?: T;
}

/**
 * Makes a typed token.
 *
 * @typeParam T The type of the service the token stands for.
 * @param name A name for error messages, such as `"db"`; must not be empty.
 * @returns A new token, different from every other.
 * @throws {DIError} `INVALID_TOKEN` when `name` is not a non-empty string.
 *
 * @example A token for a logger
 * ```ts
 * import assert from "node:assert/strict";
 * import { Container, token } from "@atomiton/di";
 *
 * interface Logger {
 *   info(message: string): void;
 * }
 * const logger = token<Logger>("logger");
 *
 * const lines: string[] = [];
 * const container = new Container().registerValue(logger, { info: (m) => lines.push(m) });
 * container.resolve(logger).info("ready"); // typed as Logger
 * assert.deepEqual(lines, ["ready"]);
 * assert.equal(logger.name, "logger");
 * ```
 */
export function token<T>(name: string): Token<T> {
  if (typeof name !== "string" || !name) {
    throw new DIError("INVALID_TOKEN", `A token needs a non-empty name, got ${String(name)}`);
  }
  return new TokenImpl<T>(name);
}
