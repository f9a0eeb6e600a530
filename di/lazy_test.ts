import assert from "node:assert/strict";
import { Container, lazy, token } from "./mod.ts";

Deno.test("lazy() builds nothing until the function is called", () => {
  let built = 0;
  const heavy = token<{ id: number }>("heavy");
  const user = token<{ get: () => { id: number } }>("user");
  const container = new Container()
    .registerFactory(heavy, () => ({ id: ++built }), [], { lifetime: "transient" })
    .registerFactory(user, (get) => ({ get }), [lazy(heavy)]);
  const { get } = container.resolve(user);
  assert.equal(built, 0);
  assert.equal(get().id, 1);
  assert.equal(get().id, 2); // transient: new on each call
  assert.equal(built, 2);
});

Deno.test("lazy() of a singleton returns the same instance on each call", () => {
  const one = token<object>("one");
  const holder = token<() => object>("holder");
  const container = new Container()
    .registerFactory(one, () => ({}))
    .registerFactory(holder, (get) => get, [lazy(one)]);
  const get = container.resolve(holder);
  assert.equal(get(), get());
  assert.equal(get(), container.resolve(one));
});

Deno.test("lazy() breaks a cycle between two singletons", () => {
  class A {
    constructor(readonly b: () => B) {}
  }
  class B {
    constructor(readonly a: A) {}
  }
  const a = token<A>("a");
  const b = token<B>("b");
  const container = new Container().registerClass(a, A, [lazy(b)]).registerClass(b, B, [a]);
  const first = container.resolve(a);
  assert.equal(first.b().a, first);
});

Deno.test("lazy() of transients called after construction is no cycle", () => {
  class A {
    constructor(readonly b: () => B) {}
  }
  class B {
    constructor(readonly a: A) {}
  }
  const a = token<A>("a");
  const b = token<B>("b");
  const container = new Container()
    .registerClass(a, A, [lazy(b)], { lifetime: "transient" })
    .registerClass(b, B, [a], { lifetime: "transient" });
  const first = container.resolve(a);
  assert.ok(first.b().a instanceof A);
  assert.notEqual(first.b().a, first);
});

Deno.test("lazy() called during construction still finds the cycle", () => {
  class A {
    constructor(b: () => B) {
      b();
    }
  }
  class B {
    constructor(readonly a: A) {}
  }
  const a = token<A>("a");
  const b = token<B>("b");
  const container = new Container().registerClass(a, A, [lazy(b)]).registerClass(b, B, [a]);
  assert.throws(() => container.resolve(a), {
    code: "CYCLE",
    message: "Dependency cycle: a -> b -> a",
  });
});

Deno.test("lazy() names the asker when the token is missing", () => {
  const search = token<object>("search");
  const api = token<() => object>("api");
  const container = new Container().registerFactory(api, (get) => get, [lazy(search)]);
  const get = container.resolve(api);
  assert.throws(() => get(), {
    code: "MISSING_REGISTRATION",
    message: 'Missing registration for "search" (requested by api -> search)',
  });
});

Deno.test("lazy() rejects something that is not a token", () => {
  assert.throws(() => lazy({ name: "fake" } as never), {
    code: "INVALID_TOKEN",
    message: "lazy() expects a token made by token(), got [object Object]",
  });
});
