import assert from "node:assert/strict";
import { Container, DIError, DisposeError, token } from "./mod.ts";

type Log = string[];

// Three styles of disposer; async ones finish on a later tick to prove each is awaited.
function asyncDisposable(log: Log, name: string): AsyncDisposable {
  return {
    async [Symbol.asyncDispose](): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.push(name);
    },
  };
}
function syncDisposable(log: Log, name: string): Disposable {
  return { [Symbol.dispose]: () => void log.push(name) };
}
function withDisposeMethod(log: Log, name: string): { dispose(): Promise<void> } {
  return {
    dispose: async () => {
      await Promise.resolve();
      log.push(name);
    },
  };
}

const a = token<object>("a");
const b = token<object>("b");
const c = token<object>("c");
const d = token<object>("d");
const num = token<number>("num");

Deno.test("Container.dispose() runs disposers in reverse order of creation, awaiting each", async () => {
  const log: Log = [];
  const container = new Container()
    .registerFactory(a, () => asyncDisposable(log, "a"))
    .registerFactory(b, () => syncDisposable(log, "b"), [a])
    .registerFactory(c, () => withDisposeMethod(log, "c"), [b])
    .registerFactory(d, () => asyncDisposable(log, "d"));
  container.resolve(d);
  container.resolve(c); // creates a, then b, then c
  await container.dispose();
  assert.deepEqual(log, ["c", "b", "a", "d"]);
});

Deno.test("Container.dispose() prefers Symbol.asyncDispose over Symbol.dispose and dispose()", async () => {
  const log: Log = [];
  const all = {
    [Symbol.asyncDispose]: () => Promise.resolve(void log.push("async")),
    [Symbol.dispose]: () => void log.push("sync"),
    dispose: () => void log.push("method"),
  };
  const some = { [Symbol.dispose]: () => void log.push("sync"), dispose: () => log.push("m") };
  const container = new Container()
    .registerFactory(a, () => all)
    .registerFactory(b, () => some);
  container.resolve(a);
  container.resolve(b);
  await container.dispose();
  assert.deepEqual(log, ["sync", "async"]);
});

Deno.test("Container.dispose() leaves values alone unless registered with dispose: true", async () => {
  const log: Log = [];
  const container = new Container()
    .registerValue(a, syncDisposable(log, "borrowed"))
    .registerValue(b, syncDisposable(log, "owned"), { dispose: true })
    .registerFactory(c, () => syncDisposable(log, "built"));
  container.resolve(a);
  container.resolve(c);
  await container.dispose();
  assert.deepEqual(log, ["built", "owned"]);
});

Deno.test("Container.dispose() disposes transients it built, not plain objects", async () => {
  const log: Log = [];
  let n = 0;
  const container = new Container()
    .registerFactory(a, () => syncDisposable(log, `t${++n}`), [], { lifetime: "transient" })
    .registerFactory(b, () => ({ plain: true }), [], { lifetime: "transient" })
    .registerFactory(num, () => 42, [], { lifetime: "transient" });
  container.resolve(a);
  container.resolve(b);
  container.resolve(num);
  container.resolve(a);
  await container.dispose();
  assert.deepEqual(log, ["t2", "t1"]);
});

Deno.test("Container.dispose() runs every disposer and collects the failures", async () => {
  const log: Log = [];
  const boom = (name: string) => ({
    dispose(): never {
      log.push(name);
      throw new Error(`${name} failed`);
    },
  });
  const container = new Container()
    .registerFactory(a, () => boom("a"))
    .registerFactory(b, () => syncDisposable(log, "b"), [a])
    .registerFactory(c, () => ({
      [Symbol.asyncDispose]: () => Promise.reject(new Error("c failed")),
    }), [b]);
  container.resolve(c);
  await assert.rejects(container.dispose(), (error) => {
    assert.ok(error instanceof DisposeError);
    assert.ok(error instanceof DIError);
    assert.equal(error.code, "DISPOSE_FAILED");
    assert.equal(error.message, "2 of the container's disposers threw");
    assert.deepEqual(error.errors.map((e) => (e as Error).message), ["c failed", "a failed"]);
    assert.equal(error.cause, error.errors[0]);
    return true;
  });
  assert.deepEqual(log, ["b", "a"]);
});

Deno.test("Container.dispose() runs once, however often it is called", async () => {
  const log: Log = [];
  const container = new Container().registerFactory(a, () => asyncDisposable(log, "a"));
  container.resolve(a);
  const first = container.dispose();
  assert.equal(container.dispose(), first);
  await first;
  await container.dispose();
  assert.deepEqual(log, ["a"]);
});

Deno.test("Container.dispose() makes resolve, register and createScope throw DISPOSED", async () => {
  const container = new Container().registerFactory(a, () => ({})).registerValue(b, {});
  container.resolve(a);
  container.resolve(a); // cached on the hot path
  await container.dispose();
  assert.throws(() => container.resolve(a), {
    code: "DISPOSED",
    message: 'The container is disposed: it cannot resolve "a"',
  });
  assert.throws(() => container.resolve(b), { code: "DISPOSED" });
  await assert.rejects(container.resolveAsync(a), { code: "DISPOSED" });
  assert.throws(() => container.registerValue(c, {}), {
    code: "DISPOSED",
    message: 'The container is disposed: it cannot register "c"',
  });
  assert.throws(() => container.createScope(), {
    code: "DISPOSED",
    message: "The container is disposed: it cannot make a scope or child",
  });
  assert.throws(() => container.createChild(), { code: "DISPOSED" });
});

Deno.test("Container.dispose() of a scope disposes its scoped and transient instances only", async () => {
  const log: Log = [];
  let n = 0;
  const root = new Container()
    .registerFactory(a, () => syncDisposable(log, "singleton"))
    .registerFactory(b, () => syncDisposable(log, `scoped${++n}`), [a], { lifetime: "scoped" })
    .registerFactory(c, () => syncDisposable(log, "transient"), [b], { lifetime: "transient" });
  const scope = root.createScope();
  scope.resolve(c);
  root.resolve(b);
  await scope.dispose();
  assert.deepEqual(log, ["transient", "scoped1"]);
  assert.throws(() => scope.resolve(a), { code: "DISPOSED" });
  // The root and its instances live on.
  assert.ok(root.resolve(a));
  await root.dispose();
  assert.deepEqual(log, ["transient", "scoped1", "scoped2", "singleton"]);
});

Deno.test("Container.dispose() of the parent stops its scopes from reaching it", async () => {
  const root = new Container().registerFactory(a, () => ({}));
  const scope = root.createScope();
  assert.ok(scope.resolve(a));
  await root.dispose();
  assert.throws(() => scope.resolve(a), { code: "DISPOSED" });
});

Deno.test("Container.dispose() of a child leaves the parent's instances alone", async () => {
  const log: Log = [];
  const parent = new Container().registerFactory(a, () => syncDisposable(log, "a"));
  parent.resolve(a);
  const child = parent.createChild();
  child.resolve(a);
  await child.dispose();
  assert.deepEqual(log, ["a"]);
  assert.ok(parent.resolve(a));
  await parent.dispose();
  assert.deepEqual(log, ["a", "a"]);
});

Deno.test("Container.dispose() disposes a singleton's transient dependency with it", async () => {
  const log: Log = [];
  const root = new Container()
    .registerFactory(a, () => syncDisposable(log, "helper"), [], { lifetime: "transient" })
    .registerFactory(b, (h) => ({ h, ...syncDisposable(log, "singleton") }), [a]);
  const scope = root.createScope();
  scope.resolve(b);
  await scope.dispose();
  assert.deepEqual(log, []); // both belong to the root
  await root.dispose();
  assert.deepEqual(log, ["singleton", "helper"]);
});

Deno.test("Container[Symbol.asyncDispose]() disposes at the end of an await using block", async () => {
  const log: Log = [];
  {
    await using container = new Container().registerFactory(a, () => asyncDisposable(log, "a"));
    container.resolve(a);
    assert.deepEqual(log, []);
  }
  assert.deepEqual(log, ["a"]);
});

/** A promise the test resolves (or rejects) when it chooses. */
function gate<T = void>(): {
  promise: Promise<T>;
  open: (value: T) => void;
  fail: (error: unknown) => void;
} {
  let open!: (value: T) => void;
  let fail!: (error: unknown) => void;
  const promise = new Promise<T>((resolve, reject) => [open, fail] = [resolve, reject]);
  return { promise, open, fail };
}

for (const lifetime of ["singleton", "scoped", "transient"] as const) {
  Deno.test(`Container.dispose() during a pending resolveAsync() of a ${lifetime} waits, disposes it, and the caller gets DISPOSED`, async () => {
    const log: Log = [];
    const ready = gate();
    const started = gate();
    const container = new Container().registerAsyncFactory(
      a,
      async () => {
        started.open();
        await ready.promise;
        log.push("created");
        return syncDisposable(log, "disposed");
      },
      [],
      { lifetime },
    );
    const resolving = container.resolveAsync(a);
    await started.promise;
    const disposing = container.dispose().then(() => log.push("dispose() settled"));
    ready.open();
    await assert.rejects(resolving, (error) => {
      assert.ok(error instanceof DIError);
      assert.equal(error.code, "DISPOSED");
      assert.equal(error.message, 'The container was disposed while "a" was being created');
      return true;
    });
    await disposing;
    assert.deepEqual(log, ["created", "disposed", "dispose() settled"]);
  });
}

Deno.test("Container.dispose() of a scope waits for the scoped instance it is creating, shared callers all refused", async () => {
  const log: Log = [];
  const ready = gate();
  const container = new Container()
    .registerAsyncFactory(
      a,
      async () => {
        await ready.promise;
        return syncDisposable(log, "a");
      },
      [],
      { lifetime: "scoped" },
    )
    .registerFactory(b, (x) => ({ x }), [a], { lifetime: "scoped" });
  const scope = container.createScope();
  const first = scope.resolveAsync(a);
  const second = scope.resolveAsync(b);
  const disposing = scope.dispose();
  ready.open();
  await assert.rejects(first, { code: "DISPOSED" });
  await assert.rejects(second, { code: "DISPOSED" });
  await disposing;
  assert.deepEqual(log, ["a"]);
  await container.dispose();
  assert.deepEqual(log, ["a"], "the parent did not own it");
});

Deno.test("Container.dispose() during a resolveAsync() whose factory fails settles, the caller gets the failure", async () => {
  const ready = gate();
  const boom = new Error("no connection");
  const container = new Container().registerAsyncFactory(a, async () => {
    await ready.promise;
    throw boom;
  });
  const resolving = container.resolveAsync(a);
  const disposing = container.dispose();
  ready.open();
  await assert.rejects(resolving, (error) => error === boom);
  await disposing;
});
