/**
 * Typed, decorator-free dependency injection: registration, lifetimes, lazy
 * resolution, async disposal and test overrides.
 *
 * Tokens carry their type, so `resolve(token)` is typed; each registration
 * lists its dependencies, and the type checker checks the list against the
 * constructor's or factory's parameters. No decorators, no `reflect-metadata`.
 *
 * @example Wire a small app
 * ```ts
 * import assert from "node:assert/strict";
 * import { Container, lazy, token } from "@atomiton/di";
 *
 * interface Clock {
 *   now(): number;
 * }
 * class Audit {
 *   constructor(readonly clock: Clock, readonly user: string) {}
 *   record(what: string): string {
 *     return `${this.clock.now()} ${this.user} ${what}`;
 *   }
 * }
 *
 * const clock = token<Clock>("clock");
 * const user = token<string>("user");
 * const audit = token<Audit>("audit");
 * const later = token<() => Audit>("later");
 *
 * const app = new Container()
 *   .registerValue(clock, { now: () => 42 })
 *   .registerClass(audit, Audit, [clock, user], { lifetime: "scoped" })
 *   .registerFactory(later, (get) => get, [lazy(audit)], { lifetime: "scoped" });
 *
 * await using request = app.createScope().registerValue(user, "ada");
 * assert.equal(request.resolve(audit).record("login"), "42 ada login");
 * assert.equal(request.resolve(later)(), request.resolve(audit));
 * ```
 *
 * @module
 */
export { type Token, token } from "./token.ts";
export { type Lazy, lazy } from "./lazy.ts";
export {
  Container,
  type Dependency,
  type Lifetime,
  type RegisterOptions,
  type Resolved,
  type ValueOptions,
} from "./container.ts";
export { DIError, type DIErrorCode } from "./di_error.ts";
export { DisposeError } from "./dispose_error.ts";
