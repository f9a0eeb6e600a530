import type { Token } from "./token.ts";
import type { Lazy } from "./lazy.ts";

// Real classes behind the public interfaces, so the container can tell a token
// from a look-alike object with one `instanceof`.
export class TokenImpl<T> implements Token<T> {
  // A one-entry cache, kept by Container: the container that last resolved a
  // ready singleton (or value) for this token, and that instance. It saves the
  // Map lookup on the hot path; registering and disposing clear it.
  c: unknown = undefined;
  v: unknown = undefined;
  constructor(readonly name: string) {}
}

export class LazyImpl<T> implements Lazy<T> {
  constructor(readonly token: Token<T>) {}
}
