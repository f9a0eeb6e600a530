import { DIError, type DIErrorCode } from "./di_error.ts";
import { DisposeError } from "./dispose_error.ts";
import type { Lazy } from "./lazy.ts";
import type { Token } from "./token.ts";
import { LazyImpl, TokenImpl } from "./_brand.ts";

/**
 * How long an instance lives.
 *
 * - `"singleton"`: one per container (and its scopes), created on first resolve.
 * - `"scoped"`: one per scope; the container itself counts as the outermost scope.
 * - `"transient"`: a new one on every resolve.
 */
export type Lifetime = "singleton" | "scoped" | "transient";

/** One entry of a `deps` list: a token, or `lazy(token)` to get `() => T`. */
export type Dependency = Token<unknown> | Lazy<unknown>;

/**
 * The arguments a `deps` list turns into: `Token<T>` gives a `T`,
 * `Lazy<T>` gives a `() => T`.
 *
 * @typeParam D The `deps` list, as a tuple.
 */
export type Resolved<D extends readonly Dependency[]> = {
  -readonly [K in keyof D]: D[K] extends Lazy<infer T> ? () => T
    : D[K] extends Token<infer T> ? T
    : never;
};

/** Options for {@linkcode Container.registerClass} and the factory registrations. */
export interface RegisterOptions {
  /** How long an instance lives; `"singleton"` when left out. */
  readonly lifetime?: Lifetime;
  /** Replace a registration of the same token in this container instead of failing. */
  readonly override?: boolean;
}

/** Options for {@linkcode Container.registerValue}. */
export interface ValueOptions {
  /** Let the container dispose the value (it does not own values otherwise). */
  readonly dispose?: boolean;
  /** Replace a registration of the same token in this container instead of failing. */
  readonly override?: boolean;
}

type Tok = TokenImpl<unknown>;
type Fn = ((...args: unknown[]) => unknown) & (new (...args: unknown[]) => unknown);
type Frame = { readonly t: Token<unknown>; readonly l: number };

interface Entry extends Frame {
  readonly k: number; // kind: VALUE, CLASS, FACTORY or ASYNC
  readonly f: Fn;
  readonly d: readonly Dependency[];
  readonly h: Container; // home: the container that builds and keeps the instance
  readonly r: boolean; // registered in h itself, not copied from a parent
  s: boolean; // the instance is ready in v
  v: unknown;
  p: Promise<unknown> | undefined; // creation by resolveAsync() under way
}

const LIFETIMES: readonly Lifetime[] = ["singleton", "scoped", "transient"];
const SINGLETON = 0;
const SCOPED = 1;
const TRANSIENT = 2;
const VALUE = 0;
const CLASS = 1;
const FACTORY = 2;
const ASYNC = 3;

// What is being built, innermost last: it names the chain in errors and finds
// cycles and captive dependencies without allocating on the happy path.
const stack: Frame[] = [];

const trail = (from: number, last: Token<unknown>): string =>
  stack.slice(from).map((x) => x.t.name).concat(last.name).join(" -> ");
const by = (t: Token<unknown>): string => stack.length ? ` (requested by ${trail(0, t)})` : "";
const fail = (code: DIErrorCode, message: string): never => {
  throw new DIError(code, message);
};
const disposerOf = (v: unknown): Fn | undefined => {
  // deno-lint-ignore no-explicit-any
  const x = v as any;
  const f = x?.[Symbol.asyncDispose] ?? x?.[Symbol.dispose] ?? x?.dispose;
  return typeof f === "function" ? f : undefined;
};
// A spread call is several times slower than a plain one, and most registrations
// have few dependencies.
const build = (k: number, f: Fn, a: unknown[]): unknown => {
  const n = a.length;
  if (k === CLASS) {
    return n === 0
      ? new f()
      : n === 1
      ? new f(a[0])
      : n === 2
      ? new f(a[0], a[1])
      : n === 3
      ? new f(a[0], a[1], a[2])
      : new f(...a);
  }
  return n === 0
    ? f()
    : n === 1
    ? f(a[0])
    : n === 2
    ? f(a[0], a[1])
    : n === 3
    ? f(a[0], a[1], a[2])
    : f(...a);
};
const checkToken = (t: unknown, what: string): void => {
  if (!(t instanceof TokenImpl)) {
    fail("INVALID_TOKEN", `${what} expects a token made by token(), got ${String(t)}`);
  }
};

/**
 * A dependency-injection container: register services against typed tokens,
 * then resolve them, with lifetimes, scopes, lazy dependencies, async factories
 * and disposal in reverse order of creation.
 *
 * Nothing needs decorators or metadata: each registration lists its
 * dependencies, and the type checker checks the list against the constructor's
 * or factory's parameters.
 *
 * - {@linkcode Container.createScope} makes a scope: it shares the registrations
 *   and singletons, and keeps its own scoped instances.
 * - {@linkcode Container.createChild} makes a child for tests: it inherits the
 *   registrations, not the instances, so an override reaches everything built
 *   through the child and never the parent.
 *
 * @example Register, resolve and dispose
 * ```ts
 * import assert from "node:assert/strict";
 * import { Container, token } from "@atomiton/di";
 *
 * class Db {
 *   closed = false;
 *   constructor(readonly url: string) {}
 *   [Symbol.asyncDispose](): Promise<void> {
 *     this.closed = true;
 *     return Promise.resolve();
 *   }
 * }
 * class Repo {
 *   constructor(readonly db: Db) {}
 * }
 * const url = token<string>("url");
 * const db = token<Db>("db");
 * const repo = token<Repo>("repo");
 *
 * let handle: Db;
 * {
 *   await using container = new Container()
 *     .registerValue(url, "postgres://localhost/app")
 *     .registerClass(db, Db, [url])
 *     .registerClass(repo, Repo, [db], { lifetime: "transient" });
 *
 *   handle = container.resolve(db);
 *   assert.notEqual(container.resolve(repo), container.resolve(repo));
 *   assert.equal(container.resolve(repo).db, handle);
 * }
 * assert.equal(handle.closed, true); // disposed at the end of the block
 * ```
 */
export class Container {
  #regs = new Map<Tok, Entry>();
  #parent: Container | undefined;
  #scope = false;
  #dead = false;
  #owned: unknown[] = [];
  #disposing: Promise<void> | undefined;
  #pending = new Set<Promise<unknown>>(); // creations by resolveAsync() under way here

  /**
   * Registers a ready-made value. The container does not dispose it unless
   * `options.dispose` is set.
   *
   * @typeParam T The token's type.
   * @param token The token to register.
   * @param value The value `resolve(token)` returns.
   * @param options `dispose` to hand the value to the container; `override` to replace.
   * @returns This container, for chaining.
   * @throws {DIError} `INVALID_TOKEN` for a non-token; `INVALID_REGISTRATION` when the token
   * is already registered here without `override`, or `dispose` is set on a value that has
   * no `Symbol.asyncDispose`, `Symbol.dispose` or `dispose()`; `DISPOSED` after `dispose()`.
   *
   * @example Configuration as a value
   * ```ts
   * import assert from "node:assert/strict";
   * import { Container, token } from "@atomiton/di";
   *
   * const port = token<number>("port");
   * const container = new Container().registerValue(port, 8080);
   * assert.equal(container.resolve(port), 8080);
   * ```
   */
  registerValue<T>(token: Token<T>, value: NoInfer<T>, options?: ValueOptions): this {
    return this.#add(token, VALUE, value, [], options);
  }

  /**
   * Registers a class built with `new useClass(...deps)`.
   *
   * @typeParam T The token's type.
   * @typeParam D The dependency list; checked against the constructor's parameters.
   * @param token The token to register.
   * @param useClass The class to construct.
   * @param deps Tokens (or `lazy(token)`) for the constructor's parameters, in order.
   * @param options `lifetime` (default `"singleton"`) and `override`.
   * @returns This container, for chaining.
   * @throws {DIError} `INVALID_TOKEN` for a non-token (or a dependency that is none);
   * `INVALID_REGISTRATION` for a duplicate without `override`, an unknown lifetime or a
   * `useClass` that is not a function; `DISPOSED` after `dispose()`.
   *
   * @example A class with two dependencies
   * ```ts
   * import assert from "node:assert/strict";
   * import { Container, token } from "@atomiton/di";
   *
   * class Greeter {
   *   constructor(readonly greeting: string, readonly name: string) {}
   *   greet(): string {
   *     return `${this.greeting}, ${this.name}`;
   *   }
   * }
   * const greeting = token<string>("greeting");
   * const name = token<string>("name");
   * const greeter = token<Greeter>("greeter");
   *
   * const container = new Container()
   *   .registerValue(greeting, "Hello")
   *   .registerValue(name, "Ada")
   *   .registerClass(greeter, Greeter, [greeting, name]);
   * assert.equal(container.resolve(greeter).greet(), "Hello, Ada");
   * ```
   */
  registerClass<T, const D extends readonly Dependency[] = []>(
    token: Token<T>,
    useClass: new (...args: Resolved<NoInfer<D>>) => NoInfer<T>,
    deps?: D,
    options?: RegisterOptions,
  ): this {
    return this.#add(token, CLASS, useClass, deps, options);
  }

  /**
   * Registers a synchronous factory called as `factory(...deps)`.
   *
   * @typeParam T The token's type.
   * @typeParam D The dependency list; checked against the factory's parameters.
   * @param token The token to register.
   * @param factory Builds the instance from the resolved dependencies.
   * @param deps Tokens (or `lazy(token)`) for the factory's parameters, in order.
   * @param options `lifetime` (default `"singleton"`) and `override`.
   * @returns This container, for chaining.
   * @throws {DIError} `INVALID_TOKEN` for a non-token (or a dependency that is none);
   * `INVALID_REGISTRATION` for a duplicate without `override`, an unknown lifetime, a
   * factory that is not a function or is an `async` function (use
   * {@linkcode Container.registerAsyncFactory}); `DISPOSED` after `dispose()`.
   *
   * @example A request id per scope
   * ```ts
   * import assert from "node:assert/strict";
   * import { Container, token } from "@atomiton/di";
   *
   * let next = 0;
   * const requestId = token<number>("requestId");
   * const container = new Container()
   *   .registerFactory(requestId, () => ++next, [], { lifetime: "scoped" });
   *
   * const scope = container.createScope();
   * assert.equal(scope.resolve(requestId), scope.resolve(requestId));
   * assert.notEqual(container.createScope().resolve(requestId), scope.resolve(requestId));
   * ```
   */
  registerFactory<T, const D extends readonly Dependency[] = []>(
    token: Token<T>,
    factory: (...args: Resolved<NoInfer<D>>) => NoInfer<T>,
    deps?: D,
    options?: RegisterOptions,
  ): this {
    return this.#add(token, FACTORY, factory, deps, options);
  }

  /**
   * Registers an asynchronous factory. Resolve it, and anything that depends on
   * it, with {@linkcode Container.resolveAsync}; once a singleton or scoped
   * instance exists, `resolve()` returns it too.
   *
   * @typeParam T The token's type.
   * @typeParam D The dependency list; checked against the factory's parameters.
   * @param token The token to register.
   * @param factory Builds the instance from the resolved dependencies.
   * @param deps Tokens (or `lazy(token)`) for the factory's parameters, in order.
   * @param options `lifetime` (default `"singleton"`) and `override`.
   * @returns This container, for chaining.
   * @throws {DIError} `INVALID_TOKEN` for a non-token (or a dependency that is none);
   * `INVALID_REGISTRATION` for a duplicate without `override`, an unknown lifetime or a
   * factory that is not a function; `DISPOSED` after `dispose()`.
   *
   * @example Connect once at start-up
   * ```ts
   * import assert from "node:assert/strict";
   * import { Container, token } from "@atomiton/di";
   *
   * const conn = token<{ ready: boolean }>("conn");
   * const container = new Container()
   *   .registerAsyncFactory(conn, async () => ({ ready: await Promise.resolve(true) }));
   *
   * assert.throws(() => container.resolve(conn), { code: "ASYNC_REGISTRATION" });
   * const first = await container.resolveAsync(conn);
   * assert.equal(container.resolve(conn), first); // the singleton exists now
   * ```
   */
  registerAsyncFactory<T, const D extends readonly Dependency[] = []>(
    token: Token<T>,
    factory: (...args: Resolved<NoInfer<D>>) => Promise<NoInfer<T>>,
    deps?: D,
    options?: RegisterOptions,
  ): this {
    return this.#add(token, ASYNC, factory, deps, options);
  }

  /**
   * Tells whether a token is registered here or in a parent.
   *
   * @param token The token to look for.
   * @returns True when `resolve(token)` would find a registration.
   *
   * @example Register a default only once
   * ```ts
   * import assert from "node:assert/strict";
   * import { Container, token } from "@atomiton/di";
   *
   * const level = token<string>("level");
   * const container = new Container();
   * if (!container.has(level)) container.registerValue(level, "info");
   * assert.equal(container.has(level), true);
   * assert.equal(container.createScope().has(level), true);
   * ```
   */
  has(token: Token<unknown>): boolean {
    return this.#regs.has(token as Tok) || !!this.#parent?.has(token);
  }

  /**
   * Resolves a token synchronously, building what it needs.
   *
   * @typeParam T The token's type.
   * @param token The token to resolve.
   * @returns The instance, typed as the token's type.
   * @throws {DIError} `MISSING_REGISTRATION` (naming the chain that asked), `CYCLE` (naming
   * the cycle), `CAPTIVE_DEPENDENCY` when a singleton would capture a scoped instance,
   * `ASYNC_REGISTRATION` when an async factory would have to run, `INVALID_TOKEN`, or
   * `DISPOSED`. Whatever a constructor or factory throws passes through unchanged.
   *
   * @example The error names the chain
   * ```ts
   * import assert from "node:assert/strict";
   * import { Container, token } from "@atomiton/di";
   *
   * const db = token<object>("db");
   * const repo = token<object>("repo");
   * const container = new Container().registerFactory(repo, (d) => ({ d }), [db]);
   * assert.throws(() => container.resolve(repo), {
   *   code: "MISSING_REGISTRATION",
   *   message: 'Missing registration for "db" (requested by repo -> db)',
   * });
   * ```
   */
  resolve<T>(token: Token<T>): T {
    return this.#get(token as TokenImpl<T>, false) as T;
  }

  /**
   * Resolves a token, running async factories on the way; concurrent calls share
   * one creation of each singleton and scoped instance.
   *
   * @typeParam T The token's type.
   * @param token The token to resolve.
   * @returns A promise of the instance.
   * @throws {DIError} Rejects with the codes {@linkcode Container.resolve} throws, except
   * `ASYNC_REGISTRATION`; `DISPOSED` also when `dispose()` began before the instance was
   * ready (the container disposes it).
   *
   * @example Wait for an async dependency
   * ```ts
   * import assert from "node:assert/strict";
   * import { Container, token } from "@atomiton/di";
   *
   * const config = token<{ env: string }>("config");
   * const banner = token<string>("banner");
   * const container = new Container()
   *   .registerAsyncFactory(config, () => Promise.resolve({ env: "test" }))
   *   .registerFactory(banner, (c) => `running in ${c.env}`, [config]);
   * assert.equal(await container.resolveAsync(banner), "running in test");
   * ```
   */
  async resolveAsync<T>(token: Token<T>): Promise<T> {
    return await this.#get(token as TokenImpl<T>, true) as T;
  }

  /**
   * Makes a scope, such as one per request: it sees every registration, shares
   * singletons, and has its own scoped instances. Disposing the scope disposes
   * what it built (its scoped and transient instances), never a singleton.
   *
   * @returns The new scope, itself a container.
   * @throws {DIError} `DISPOSED` after `dispose()`.
   *
   * @example One unit of work per request
   * ```ts
   * import assert from "node:assert/strict";
   * import { Container, token } from "@atomiton/di";
   *
   * class UnitOfWork {
   *   done = false;
   *   dispose(): void {
   *     this.done = true;
   *   }
   * }
   * const uow = token<UnitOfWork>("uow");
   * const container = new Container().registerClass(uow, UnitOfWork, [], { lifetime: "scoped" });
   *
   * const scope = container.createScope();
   * const work = scope.resolve(uow);
   * assert.equal(scope.resolve(uow), work);
   * await scope.dispose();
   * assert.equal(work.done, true);
   * ```
   */
  createScope(): Container {
    return this.#derive(true);
  }

  /**
   * Makes a child container for overrides, such as in a test: it inherits the
   * registrations, and registering in it shadows the parent's without touching
   * it. The child builds its own singletons, so an override reaches everything
   * resolved through the child.
   *
   * @returns The new child container.
   * @throws {DIError} `DISPOSED` after `dispose()`.
   *
   * @example Swap the clock in one test
   * ```ts
   * import assert from "node:assert/strict";
   * import { Container, token } from "@atomiton/di";
   *
   * const now = token<() => number>("now");
   * const stamp = token<string>("stamp");
   * const app = new Container()
   *   .registerValue(now, Date.now)
   *   .registerFactory(stamp, (n) => new Date(n()).toISOString(), [now]);
   *
   * const test = app.createChild().registerValue(now, () => 0);
   * assert.equal(test.resolve(stamp), "1970-01-01T00:00:00.000Z");
   * assert.equal(app.resolve(now), Date.now); // the parent is untouched
   * ```
   */
  createChild(): Container {
    return this.#derive(false);
  }

  /**
   * Disposes every instance this container built (and values registered with
   * `dispose: true`), in reverse order of creation, through
   * `Symbol.asyncDispose`, `Symbol.dispose` or `dispose()`, awaiting each in
   * turn. Afterwards the container refuses to resolve. Creations that
   * `resolveAsync()` has under way are waited for and disposed with the rest;
   * their callers get `DISPOSED` instead of an instance. Calling it again
   * returns the same promise. Scopes and children are disposed on their own.
   *
   * @returns A promise that settles when every disposer has run.
   * @throws {DisposeError} `DISPOSE_FAILED`, after every disposer ran, when any threw.
   *
   * @example Close in reverse order
   * ```ts
   * import assert from "node:assert/strict";
   * import { Container, token } from "@atomiton/di";
   *
   * const closed: string[] = [];
   * const closer = (name: string) => ({ dispose: () => void closed.push(name) });
   * const pool = token<object>("pool");
   * const cache = token<object>("cache");
   * const container = new Container()
   *   .registerFactory(pool, () => closer("pool"))
   *   .registerFactory(cache, () => closer("cache"), [pool]);
   * container.resolve(cache);
   *
   * await container.dispose();
   * assert.deepEqual(closed, ["cache", "pool"]);
   * assert.throws(() => container.resolve(pool), { code: "DISPOSED" });
   * ```
   */
  dispose(): Promise<void> {
    this.#dead = true;
    return this.#disposing ??= this.#disposeAll();
  }

  /**
   * Disposes the container, for `await using`; see {@linkcode Container.dispose}.
   *
   * @returns A promise that settles when every disposer has run.
   *
   * @example Scope a container to a block
   * ```ts
   * import assert from "node:assert/strict";
   * import { Container } from "@atomiton/di";
   *
   * let outer: Container;
   * {
   *   await using container = new Container();
   *   outer = container;
   * }
   * assert.throws(() => outer.createScope(), { code: "DISPOSED" });
   * ```
   */
  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  #derive(scope: boolean): Container {
    if (this.#dead) fail("DISPOSED", "The container is disposed: it cannot make a scope or child");
    const c = new Container();
    c.#parent = this;
    c.#scope = scope;
    return c;
  }

  #add(
    token: Token<unknown>,
    k: number,
    f: unknown,
    deps: readonly Dependency[] = [],
    o: RegisterOptions & ValueOptions = {},
  ): this {
    checkToken(token, "register");
    const t = token as Tok;
    const name = `"${t.name}"`;
    if (this.#dead) fail("DISPOSED", `The container is disposed: it cannot register ${name}`);
    if (this.#regs.get(t)?.r && !o.override) {
      fail(
        "INVALID_REGISTRATION",
        `${name} is already registered: pass { override: true } to replace it`,
      );
    }
    const l = k ? LIFETIMES.indexOf(o.lifetime ?? "singleton") : SINGLETON;
    if (l < 0) {
      fail(
        "INVALID_REGISTRATION",
        `Unknown lifetime "${o.lifetime}" for ${name}: expected "singleton", "scoped" or "transient"`,
      );
    }
    if (k && typeof f !== "function") {
      fail(
        "INVALID_REGISTRATION",
        `${name} needs a ${k === CLASS ? "class" : "function"}, got ${typeof f}`,
      );
    }
    if (
      k === FACTORY &&
      (f as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === "AsyncFunction"
    ) {
      fail(
        "INVALID_REGISTRATION",
        `${name} has an async factory: register it with registerAsyncFactory()`,
      );
    }
    if (!Array.isArray(deps)) fail("INVALID_REGISTRATION", `The deps of ${name} must be an array`);
    for (const d of deps) if (!(d instanceof LazyImpl)) checkToken(d, `A dependency of ${name}`);
    if (!k && o.dispose) {
      if (!disposerOf(f)) {
        fail(
          "INVALID_REGISTRATION",
          `${name} is registered with dispose: true but has no Symbol.asyncDispose, Symbol.dispose or dispose()`,
        );
      }
      this.#owned.push(f);
    }
    t.c = undefined;
    this.#regs.set(t, {
      t,
      k,
      f: f as Fn,
      d: [...deps],
      l,
      h: this,
      r: true,
      s: !k,
      v: k ? undefined : f,
      p: undefined,
    });
    return this;
  }

  #get(t: Tok, async: boolean): unknown {
    if (t?.c === this) return t.v;
    const e = this.#regs.get(t) ?? this.#find(t);
    if (e.s && e.h === this && e.l !== SCOPED) {
      // Ready and kept here (so registering or disposing here clears it): cache it.
      t.c = this;
      t.v = e.v;
    }
    if (e.l === SCOPED) {
      const at = stack.findLastIndex((x) => x.l === SINGLETON);
      if (at >= 0) {
        fail(
          "CAPTIVE_DEPENDENCY",
          `Singleton "${stack[at]!.t.name}" cannot depend on scoped "${t.name}" (${
            trail(at, t)
          }): it would outlive the scope; make it scoped or transient`,
        );
      }
    }
    return e.s ? e.v : this.#make(e, async);
  }

  #find(t: Tok): Entry {
    checkToken(t, "resolve");
    let world: Container | undefined;
    // deno-lint-ignore no-this-alias -- the walk up the parents starts here
    for (let c: Container | undefined = this; c; c = c.#parent) {
      if (c.#dead) fail("DISPOSED", `The container is disposed: it cannot resolve "${t.name}"`);
      const e = c.#regs.get(t);
      if (e) {
        // A scope keeps its own scoped instances; a child builds its own singletons.
        const home = e.k && e.l !== TRANSIENT ? (e.l === SCOPED ? this : world) : undefined;
        if (!home) return e;
        const copy: Entry = { ...e, h: home, r: false, s: false, v: undefined, p: undefined };
        home.#regs.set(t, copy);
        return copy;
      }
      if (!c.#scope) world ??= c;
    }
    return fail("MISSING_REGISTRATION", `Missing registration for "${t.name}"${by(t)}`);
  }

  #make(e: Entry, async: boolean): unknown {
    if (e.h !== this && e.l === SINGLETON) return e.h.#make(e, async);
    const { t, k, f, d } = e;
    const at = stack.indexOf(e);
    if (at >= 0) fail("CYCLE", `Dependency cycle: ${trail(at, t)}`);
    if (!async && (e.p || k === ASYNC)) {
      fail(
        "ASYNC_REGISTRATION",
        `"${t.name}" is created asynchronously${by(t)}: resolve it with resolveAsync()`,
      );
    }
    if (e.p) return e.p;
    stack.push(e);
    try {
      const args: unknown[] = d.map((x) =>
        x instanceof LazyImpl ? this.#lazy(e, x.token as Tok) : this.#get(x as Tok, async)
      );
      if (!async) return this.#keep(e, build(k, f, args));
      const p = Promise.all(args)
        .then((a) => build(k, f, a))
        .then((v) => this.#keep(e, v), (error) => {
          e.p = undefined;
          throw error;
        })
        .then((v) =>
          // Finished after dispose() began: owned (so disposed with the rest), never handed out.
          this.#dead
            ? fail("DISPOSED", `The container was disposed while "${t.name}" was being created`)
            : v
        );
      if (e.l !== TRANSIENT) e.p = p;
      const done = (): boolean => this.#pending.delete(p);
      this.#pending.add(p);
      p.then(done, done);
      return p;
    } finally {
      stack.pop();
    }
  }

  #keep(e: Entry, v: unknown): unknown {
    if (e.l !== TRANSIENT) {
      e.s = true;
      e.v = v;
      e.p = undefined;
    }
    if (disposerOf(v)) this.#owned.push(v);
    return v;
  }

  #lazy(e: Entry, t: Tok): () => unknown {
    // The asker is on the stack while the function runs, for error chains and
    // captive checks, but as a plain frame so calling it later is no cycle.
    const frame: Frame = { t: e.t, l: e.l };
    return () => {
      // Called from inside the asker's own construction, the asker is on the stack already.
      const push = stack.at(-1)?.t !== e.t;
      if (push) stack.push(frame);
      try {
        return this.#get(t, false);
      } finally {
        if (push) stack.pop();
      }
    };
  }

  async #disposeAll(): Promise<void> {
    for (const t of this.#regs.keys()) {
      if (t.c === this) t.c = undefined;
    }
    this.#regs.clear();
    // What resolveAsync() is still creating is this container's too: wait, then dispose it with the rest.
    while (this.#pending.size) await Promise.allSettled(this.#pending);
    const errors: unknown[] = [];
    const owned = this.#owned.reverse();
    this.#owned = [];
    for (const v of owned) {
      try {
        await disposerOf(v)!.call(v);
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length) throw new DisposeError(errors);
  }
}
