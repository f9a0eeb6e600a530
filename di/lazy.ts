import { DIError } from "./di_error.ts";
import type { Token } from "./token.ts";
import { LazyImpl, TokenImpl } from "./_brand.ts";

/**
 * A dependency that is resolved on first use: in a `deps` list, `lazy(tok)`
 * gives the constructor or factory a function `() => T` instead of a `T`.
 *
 * Make one with {@linkcode lazy}.
 *
 * @typeParam T The type of the service the function returns.
 */
export interface Lazy<T> {
  /** The token resolved when the function is called. */
  readonly token: Token<T>;
}

/**
 * Marks a dependency as lazy: the service is not resolved, let alone
 * constructed, until the function it becomes is called.
 *
 * Each call resolves the token again, so a singleton comes back the same and a
 * transient comes back new. A lazy dependency also breaks a cycle, as long as
 * the function is not called while the cycle is still being built.
 *
 * @typeParam T The type of the service.
 * @param token The token to resolve on first use.
 * @returns A dependency marker for a `deps` list.
 * @throws {DIError} `INVALID_TOKEN` when `token` was not made by `token()`.
 *
 * @example Create an expensive service only when it is needed
 * ```ts
 * import assert from "node:assert/strict";
 * import { Container, lazy, token } from "@atomiton/di";
 *
 * let built = 0;
 * class Search {
 *   constructor() {
 *     built++;
 *   }
 *   find(q: string): string {
 *     return `found ${q}`;
 *   }
 * }
 * class Api {
 *   constructor(private readonly search: () => Search) {}
 *   handle(q: string): string {
 *     return this.search().find(q);
 *   }
 * }
 * const search = token<Search>("search");
 * const api = token<Api>("api");
 *
 * const container = new Container()
 *   .registerClass(search, Search)
 *   .registerClass(api, Api, [lazy(search)]);
 *
 * const handler = container.resolve(api);
 * assert.equal(built, 0); // nothing built yet
 * assert.equal(handler.handle("x"), "found x");
 * assert.equal(built, 1);
 * ```
 */
export function lazy<T>(token: Token<T>): Lazy<T> {
  if (!(token instanceof TokenImpl)) {
    throw new DIError(
      "INVALID_TOKEN",
      `lazy() expects a token made by token(), got ${String(token)}`,
    );
  }
  return new LazyImpl(token);
}
