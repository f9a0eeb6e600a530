import type { Token } from "./token.ts";
import type { Lazy } from "./lazy.ts";

// Real classes behind the public interfaces, so the container can tell a token
// from a look-alike object with one `instanceof`.
export class TokenImpl<T> implements Token<T> {
  constructor(readonly name: string) {}
}

export class LazyImpl<T> implements Lazy<T> {
  constructor(readonly token: Token<T>) {}
}
