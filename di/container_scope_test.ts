import assert from "node:assert/strict";
import { Container, token } from "./mod.ts";

class Clock {
  constructor(readonly now: number) {}
}
class Service {
  constructor(readonly clock: Clock) {}
}
const now = token<number>("now");
const clock = token<Clock>("clock");
const service = token<Service>("service");
const request = token<object>("request");

function app(): Container {
  return new Container()
    .registerValue(now, 1)
    .registerClass(clock, Clock, [now])
    .registerClass(service, Service, [clock])
    .registerFactory(request, () => ({}), [], { lifetime: "scoped" });
}

Deno.test("Container.createScope() shares singletons and keeps its own scoped instances", () => {
  const root = app();
  const a = root.createScope();
  const b = root.createScope();
  assert.equal(a.resolve(service), root.resolve(service));
  assert.equal(b.resolve(service), root.resolve(service));
  assert.equal(a.resolve(request), a.resolve(request));
  assert.notEqual(a.resolve(request), b.resolve(request));
  assert.notEqual(a.resolve(request), root.resolve(request));
});

Deno.test("Container.createScope() nests: an inner scope has its own scoped instances", () => {
  const outer = app().createScope();
  const inner = outer.createScope();
  assert.notEqual(inner.resolve(request), outer.resolve(request));
  assert.equal(inner.resolve(service), outer.resolve(service));
});

Deno.test("Container.createScope() builds a singleton in its home, not in the scope", () => {
  const root = app();
  const scope = root.createScope().registerValue(now, 99);
  // The singleton takes the root's dependency, not the scope's registration.
  assert.equal(scope.resolve(clock).now, 1);
  assert.equal(root.resolve(clock), scope.resolve(clock));
});

Deno.test("Container.createScope() lets a scope register its own values", () => {
  const user = token<string>("user");
  const greeting = token<string>("greeting");
  const root = new Container().registerFactory(greeting, (u) => `hi ${u}`, [user], {
    lifetime: "scoped",
  });
  assert.equal(root.createScope().registerValue(user, "ada").resolve(greeting), "hi ada");
  assert.equal(root.createScope().registerValue(user, "bob").resolve(greeting), "hi bob");
  assert.throws(() => root.resolve(greeting), { code: "MISSING_REGISTRATION" });
});

Deno.test("Container.createScope() keeps a singleton registered in the scope there", () => {
  const local = token<object>("local");
  const root = new Container();
  const scope = root.createScope().registerFactory(local, () => ({}));
  const inner = scope.createScope();
  assert.equal(inner.resolve(local), scope.resolve(local));
  assert.equal(root.has(local), false);
});

Deno.test("Container.createChild() overrides without touching the parent", () => {
  const parent = app();
  const before = parent.resolve(service);
  const child = parent.createChild().registerValue(now, 42);
  assert.equal(child.resolve(service).clock.now, 42);
  assert.equal(parent.resolve(service), before);
  assert.equal(parent.resolve(service).clock.now, 1);
  assert.equal(parent.resolve(now), 1);
});

Deno.test("Container.createChild() builds its own singletons", () => {
  const parent = app();
  const child = parent.createChild();
  assert.notEqual(child.resolve(service), parent.resolve(service));
  assert.equal(child.resolve(service), child.resolve(service));
  // A scope of the child shares the child's singletons, with the child's overrides.
  const scope = child.createScope();
  assert.equal(scope.resolve(service), child.resolve(service));
  assert.equal(scope.createScope().resolve(clock), child.resolve(clock));
});

Deno.test("Container.createChild() reaches an override through a scope of the child", () => {
  const child = app().createChild().registerValue(now, 5);
  const scope = child.createScope();
  assert.equal(scope.resolve(clock).now, 5);
  assert.equal(scope.resolve(clock), child.resolve(clock));
});

Deno.test("Container.createChild() shares values and transients' registrations", () => {
  const list = token<string[]>("list");
  const fresh = token<object>("fresh");
  const shared: string[] = [];
  const parent = new Container()
    .registerValue(list, shared)
    .registerFactory(fresh, () => ({}), [], { lifetime: "transient" });
  const child = parent.createChild();
  assert.equal(child.resolve(list), shared);
  assert.notEqual(child.resolve(fresh), parent.resolve(fresh));
});

Deno.test("Container.createChild() registering shadows without override", () => {
  const parent = app();
  const child = parent.createChild().registerValue(now, 3);
  assert.equal(child.resolve(now), 3);
  assert.throws(() => child.registerValue(now, 4), { code: "INVALID_REGISTRATION" });
  child.registerValue(now, 4, { override: true });
  assert.equal(child.resolve(now), 4);
  assert.equal(parent.resolve(now), 1);
});

Deno.test("Container.createChild() sees a parent registration made after it", () => {
  const late = token<string>("late");
  const parent = new Container();
  const child = parent.createChild();
  assert.equal(child.has(late), false);
  parent.registerValue(late, "here");
  assert.equal(child.resolve(late), "here");
});

Deno.test("Container.resolve() keeps the cache right across containers", () => {
  const parent = app();
  const child = parent.createChild();
  // Alternate between containers that each hold their own singleton.
  for (let i = 0; i < 3; i++) {
    assert.equal(parent.resolve(clock).now, 1);
    assert.notEqual(child.resolve(clock), parent.resolve(clock));
    assert.equal(child.resolve(clock), child.resolve(clock));
  }
});
