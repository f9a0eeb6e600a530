import assert from "node:assert/strict";
import { Container, DIError, lazy, token } from "./mod.ts";

class Db {
  constructor(readonly url: string) {}
}
class Repo {
  constructor(readonly db: Db) {}
}
const url = token<string>("url");
const db = token<Db>("db");
const repo = token<Repo>("repo");

function isCode(code: string): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof DIError, `expected a DIError, got ${error}`);
    assert.equal(error.code, code);
    return true;
  };
}

Deno.test("Container.registerValue() returns the value as registered", () => {
  const value = { a: 1 };
  const config = token<{ a: number }>("config");
  const container = new Container().registerValue(config, value);
  assert.equal(container.resolve(config), value);
});

Deno.test("Container.registerClass() builds the class with its deps in order", () => {
  class Pair {
    constructor(readonly first: string, readonly second: number) {}
  }
  const first = token<string>("first");
  const second = token<number>("second");
  const pair = token<Pair>("pair");
  const container = new Container()
    .registerValue(first, "a")
    .registerValue(second, 2)
    .registerClass(pair, Pair, [first, second]);
  const built = container.resolve(pair);
  assert.ok(built instanceof Pair);
  assert.deepEqual([built.first, built.second], ["a", 2]);
});

Deno.test("Container.registerFactory() passes exactly the listed deps, at every arity", () => {
  const values = [
    token<number>("v0"),
    token<number>("v1"),
    token<number>("v2"),
    token<number>("v3"),
  ];
  const container = new Container();
  values.forEach((v, i) => container.registerValue(v, i));
  for (let n = 0; n <= 5; n++) {
    const deps = [...values, values[0]!].slice(0, n);
    const out = token<unknown[]>(`out${n}`);
    container.registerFactory(out, (...args: unknown[]) => args, deps);
    assert.deepEqual(container.resolve(out), [0, 1, 2, 3, 0].slice(0, n), `arity ${n}`);
  }
});

Deno.test("Container.registerClass() passes exactly the listed deps, at every arity", () => {
  class Args {
    readonly args: unknown[];
    constructor(...args: unknown[]) {
      this.args = args;
    }
  }
  const v = token<number>("v");
  const container = new Container().registerValue(v, 7);
  for (let n = 0; n <= 5; n++) {
    const out = token<Args>(`out${n}`);
    container.registerClass(out, Args, Array(n).fill(v));
    assert.deepEqual(container.resolve(out).args, Array(n).fill(7), `arity ${n}`);
  }
});

Deno.test("Container.registerClass() type-checks deps against the constructor", () => {
  const container = new Container().registerValue(url, "u").registerClass(db, Db, [url]);
  // These only need to compile (or fail to): they never run.
  const typeChecks = (): void => {
    // @ts-expect-error: Db needs a string, not a Db
    container.registerClass(db, Db, [db]);
    // @ts-expect-error: Db needs one dependency
    container.registerClass(db, Db);
    // @ts-expect-error: a Repo is not a Db
    container.registerClass(db, Repo, [db]);
    // @ts-expect-error: the factory's parameter must match the dependency
    container.registerFactory(repo, (d: number) => new Repo(new Db(String(d))), [db]);
    // @ts-expect-error: the value must match the token
    container.registerValue(url, 1);
    // @ts-expect-error: the lifetime must be a known one
    container.registerClass(db, Db, [url], { lifetime: "forever" });
    // @ts-expect-error: a lazy dependency is a function
    container.registerClass(repo, Repo, [lazy(db)]);
  };
  assert.equal(typeof typeChecks, "function");
  const r = container.registerFactory(repo, (d) => new Repo(d), [db]).resolve(repo);
  assert.equal(r.db.url, "u");
});

Deno.test("Container.resolve() makes one singleton by default", () => {
  let built = 0;
  const counter = token<number>("counter");
  const container = new Container().registerFactory(counter, () => ++built);
  assert.equal(container.resolve(counter), 1);
  assert.equal(container.resolve(counter), 1);
  assert.equal(built, 1);
});

Deno.test("Container.resolve() makes a new transient every time", () => {
  const container = new Container()
    .registerValue(url, "u")
    .registerClass(db, Db, [url], { lifetime: "transient" });
  const a = container.resolve(db);
  const b = container.resolve(db);
  assert.notEqual(a, b);
  assert.equal(a.url, "u");
});

Deno.test("Container.resolve() treats the container as the outermost scope", () => {
  const container = new Container()
    .registerValue(url, "u")
    .registerClass(db, Db, [url], { lifetime: "scoped" });
  assert.equal(container.resolve(db), container.resolve(db));
  assert.notEqual(container.createScope().resolve(db), container.resolve(db));
});

Deno.test("Container.resolve() shares a singleton dependency between transients", () => {
  const container = new Container()
    .registerValue(url, "u")
    .registerClass(db, Db, [url])
    .registerClass(repo, Repo, [db], { lifetime: "transient" });
  const a = container.resolve(repo);
  const b = container.resolve(repo);
  assert.notEqual(a, b);
  assert.equal(a.db, b.db);
});

Deno.test("Container.has() looks here and in the parents", () => {
  const parent = new Container().registerValue(url, "u");
  const scope = parent.createScope().registerValue(db, new Db("x"));
  assert.equal(parent.has(url), true);
  assert.equal(parent.has(db), false);
  assert.equal(scope.has(url), true);
  assert.equal(scope.has(db), true);
  assert.equal(scope.has(repo), false);
});

Deno.test("Container.resolve() names a missing token", () => {
  assert.throws(() => new Container().resolve(db), {
    name: "DIError",
    code: "MISSING_REGISTRATION",
    message: 'Missing registration for "db"',
  });
});

Deno.test("Container.resolve() names the chain that asked for a missing token", () => {
  const app = token<object>("app");
  const container = new Container()
    .registerFactory(app, (r) => ({ r }), [repo])
    .registerClass(repo, Repo, [db]);
  assert.throws(() => container.resolve(app), {
    code: "MISSING_REGISTRATION",
    message: 'Missing registration for "db" (requested by app -> repo -> db)',
  });
  // The failed resolve left nothing behind: the next error has the same chain.
  assert.throws(() => container.resolve(repo), {
    message: 'Missing registration for "db" (requested by repo -> db)',
  });
});

Deno.test("Container.resolve() names the cycle", () => {
  const a = token<object>("a");
  const b = token<object>("b");
  const c = token<object>("c");
  const container = new Container()
    .registerFactory(a, (x) => ({ x }), [b])
    .registerFactory(b, (x) => ({ x }), [c], { lifetime: "transient" })
    .registerFactory(c, (x) => ({ x }), [a]);
  assert.throws(() => container.resolve(a), {
    code: "CYCLE",
    message: "Dependency cycle: a -> b -> c -> a",
  });
  assert.throws(() => container.resolve(b), { message: "Dependency cycle: b -> c -> a -> b" });
});

Deno.test("Container.resolve() finds a registration that depends on itself", () => {
  const self = token<object>("self");
  const container = new Container().registerFactory(self, (x) => ({ x }), [self], {
    lifetime: "transient",
  });
  assert.throws(() => container.resolve(self), { message: "Dependency cycle: self -> self" });
});

Deno.test("Container.resolve() refuses a singleton that captures a scoped dependency", () => {
  const request = token<object>("request");
  const handler = token<object>("handler");
  const app = token<object>("app");
  const container = new Container()
    .registerFactory(request, () => ({}), [], { lifetime: "scoped" })
    .registerFactory(handler, (r) => ({ r }), [request], { lifetime: "transient" })
    .registerFactory(app, (h) => ({ h }), [handler]);
  const scope = container.createScope();
  scope.resolve(request); // a cached scoped instance is refused too
  assert.throws(() => scope.resolve(app), {
    code: "CAPTIVE_DEPENDENCY",
    message: 'Singleton "app" cannot depend on scoped "request" (app -> handler -> request): ' +
      "it would outlive the scope; make it scoped or transient",
  });
  // Scoped and transient may depend on scoped.
  assert.ok(scope.resolve(handler));
});

Deno.test("Container.resolve() refuses a singleton's lazy scoped dependency when called", () => {
  const request = token<object>("request");
  const app = token<() => object>("app");
  const container = new Container()
    .registerFactory(request, () => ({}), [], { lifetime: "scoped" })
    .registerFactory(app, (get) => get, [lazy(request)]);
  const get = container.resolve(app);
  assert.throws(() => get(), isCode("CAPTIVE_DEPENDENCY"));
});

Deno.test("Container.resolve() lets a factory's own error through and can retry", () => {
  let fail = true;
  const flaky = token<string>("flaky");
  const container = new Container().registerFactory(flaky, () => {
    if (fail) throw new RangeError("not yet");
    return "ok";
  });
  assert.throws(() => container.resolve(flaky), RangeError);
  fail = false;
  assert.equal(container.resolve(flaky), "ok");
});

Deno.test("Container.resolve() rejects something that is not a token", () => {
  const container = new Container();
  for (const bad of [{ name: "db" }, undefined, "db"]) {
    assert.throws(() => container.resolve(bad as never), {
      code: "INVALID_TOKEN",
      message: `resolve expects a token made by token(), got ${String(bad)}`,
    });
  }
});

Deno.test("Container.register*() rejects a token registered twice without override", () => {
  const container = new Container().registerValue(url, "a");
  assert.throws(() => container.registerValue(url, "b"), {
    code: "INVALID_REGISTRATION",
    message: '"url" is already registered: pass { override: true } to replace it',
  });
  assert.throws(() => container.registerFactory(url, () => "b"), isCode("INVALID_REGISTRATION"));
  assert.equal(container.resolve(url), "a");
});

Deno.test("Container.register*() replaces with override, even after a resolve", () => {
  const container = new Container().registerFactory(url, () => "a");
  assert.equal(container.resolve(url), "a");
  assert.equal(container.resolve(url), "a");
  container.registerValue(url, "b", { override: true });
  assert.equal(container.resolve(url), "b");
  container.registerFactory(url, () => "c", [], { override: true });
  assert.equal(container.resolve(url), "c");
});

Deno.test("Container.register*() rejects an unknown lifetime and lists the allowed ones", () => {
  const container = new Container();
  assert.throws(
    () => container.registerFactory(url, () => "", [], { lifetime: "forever" as never }),
    {
      code: "INVALID_REGISTRATION",
      message:
        'Unknown lifetime "forever" for "url": expected "singleton", "scoped" or "transient"',
    },
  );
  assert.equal(container.has(url), false);
});

Deno.test("Container.register*() rejects a non-token, in the key or the deps", () => {
  const container = new Container();
  assert.throws(() => container.registerValue({ name: "x" } as never, 1 as never), {
    code: "INVALID_TOKEN",
    message: "register expects a token made by token(), got [object Object]",
  });
  assert.throws(() => container.registerFactory(db, () => new Db(""), ["url" as never]), {
    code: "INVALID_TOKEN",
    message: 'A dependency of "db" expects a token made by token(), got url',
  });
  assert.throws(
    () => container.registerFactory(db, () => new Db(""), "url" as never),
    { code: "INVALID_REGISTRATION", message: 'The deps of "db" must be an array' },
  );
  assert.equal(container.has(db), false);
});

Deno.test("Container.register*() rejects a provider of the wrong kind", () => {
  const container = new Container();
  assert.throws(() => container.registerClass(db, "Db" as never, [url]), {
    code: "INVALID_REGISTRATION",
    message: '"db" needs a class, got string',
  });
  assert.throws(() => container.registerFactory(db, null as never), {
    message: '"db" needs a function, got object',
  });
  assert.throws(
    () => container.registerFactory(db, (async () => await Promise.resolve(new Db(""))) as never),
    {
      code: "INVALID_REGISTRATION",
      message: '"db" has an async factory: register it with registerAsyncFactory()',
    },
  );
  assert.equal(container.has(db), false);
});

Deno.test("Container.registerValue() with dispose: true needs a disposer", () => {
  const container = new Container();
  assert.throws(() => container.registerValue(url, "plain", { dispose: true }), {
    code: "INVALID_REGISTRATION",
    message:
      '"url" is registered with dispose: true but has no Symbol.asyncDispose, Symbol.dispose or dispose()',
  });
  assert.equal(container.has(url), false);
});
