import assert from "node:assert/strict";
import { Container, lazy, token } from "./mod.ts";

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

class Pool {
  constructor(readonly url: string) {}
}
class Repo {
  constructor(readonly pool: Pool) {}
}
const url = token<string>("url");
const pool = token<Pool>("pool");
const repo = token<Repo>("repo");
const app = token<{ repo: Repo }>("app");

Deno.test("Container.resolveAsync() runs async factories anywhere in the chain", async () => {
  const container = new Container()
    .registerAsyncFactory(url, async () => {
      await tick();
      return "postgres://db";
    })
    .registerAsyncFactory(pool, async (u) => {
      await tick();
      return new Pool(u);
    }, [url])
    .registerClass(repo, Repo, [pool])
    .registerFactory(app, (r) => ({ repo: r }), [repo]);
  const built = await container.resolveAsync(app);
  assert.equal(built.repo.pool.url, "postgres://db");
  // Everything is built now, so resolve() can return it.
  assert.equal(container.resolve(pool), built.repo.pool);
  assert.equal(container.resolve(app), built);
});

Deno.test("Container.resolveAsync() resolves synchronous registrations too", async () => {
  const container = new Container().registerValue(url, "u").registerClass(pool, Pool, [url]);
  const p = await container.resolveAsync(pool);
  assert.equal(p, container.resolve(pool));
  assert.equal(await container.resolveAsync(url), "u");
});

Deno.test("Container.resolve() refuses an async registration with the chain", () => {
  const container = new Container()
    .registerAsyncFactory(pool, () => Promise.resolve(new Pool("u")))
    .registerClass(repo, Repo, [pool]);
  assert.throws(() => container.resolve(pool), {
    name: "DIError",
    code: "ASYNC_REGISTRATION",
    message: '"pool" is created asynchronously: resolve it with resolveAsync()',
  });
  assert.throws(() => container.resolve(repo), {
    code: "ASYNC_REGISTRATION",
    message:
      '"pool" is created asynchronously (requested by repo -> pool): resolve it with resolveAsync()',
  });
});

Deno.test("Container.resolve() refuses an instance still being created by resolveAsync()", async () => {
  const container = new Container()
    .registerAsyncFactory(pool, async () => {
      await tick();
      return new Pool("u");
    })
    .registerClass(repo, Repo, [pool]);
  const pending = container.resolveAsync(repo);
  assert.throws(() => container.resolve(repo), { code: "ASYNC_REGISTRATION" });
  await pending;
  assert.equal(container.resolve(repo), await pending);
});

Deno.test("Container.resolveAsync() shares one creation between concurrent calls", async () => {
  let calls = 0;
  const container = new Container()
    .registerAsyncFactory(pool, async () => {
      calls++;
      await tick();
      return new Pool("u");
    })
    .registerClass(repo, Repo, [pool], { lifetime: "transient" });
  const [a, b, c] = await Promise.all([
    container.resolveAsync(pool),
    container.resolveAsync(repo),
    container.resolveAsync(repo),
  ]);
  assert.equal(calls, 1);
  assert.equal(b.pool, a);
  assert.equal(c.pool, a);
  assert.notEqual(b, c);
});

Deno.test("Container.resolveAsync() makes a new async transient each time", async () => {
  let calls = 0;
  const container = new Container().registerAsyncFactory(
    pool,
    () => Promise.resolve(new Pool(`u${++calls}`)),
    [],
    { lifetime: "transient" },
  );
  assert.equal((await container.resolveAsync(pool)).url, "u1");
  assert.equal((await container.resolveAsync(pool)).url, "u2");
});

Deno.test("Container.resolveAsync() keeps one async scoped instance per scope", async () => {
  let calls = 0;
  const container = new Container().registerAsyncFactory(
    pool,
    () => Promise.resolve(new Pool(`u${++calls}`)),
    [],
    { lifetime: "scoped" },
  );
  const s1 = container.createScope();
  const s2 = container.createScope();
  const [a, b] = await Promise.all([s1.resolveAsync(pool), s1.resolveAsync(pool)]);
  assert.equal(a, b);
  assert.notEqual(await s2.resolveAsync(pool), a);
  assert.equal(calls, 2);
});

Deno.test("Container.resolveAsync() rejects with the factory's error and can retry", async () => {
  let fail = true;
  const container = new Container()
    .registerAsyncFactory(pool, async () => {
      await tick();
      if (fail) throw new Error("connection refused");
      return new Pool("u");
    })
    .registerClass(repo, Repo, [pool]);
  await assert.rejects(container.resolveAsync(repo), { message: "connection refused" });
  fail = false;
  const r = await container.resolveAsync(repo);
  assert.equal(r.pool.url, "u");
});

Deno.test("Container.resolveAsync() rejects with missing, cycle and invalid errors", async () => {
  const a = token<object>("a");
  const b = token<object>("b");
  const container = new Container()
    .registerAsyncFactory(a, (x) => Promise.resolve({ x }), [b])
    .registerFactory(b, (x) => ({ x }), [a])
    .registerClass(repo, Repo, [pool]);
  await assert.rejects(container.resolveAsync(a), {
    code: "CYCLE",
    message: "Dependency cycle: a -> b -> a",
  });
  await assert.rejects(container.resolveAsync(repo), {
    code: "MISSING_REGISTRATION",
    message: 'Missing registration for "pool" (requested by repo -> pool)',
  });
  await assert.rejects(container.resolveAsync("repo" as never), { code: "INVALID_TOKEN" });
});

Deno.test("Container.resolveAsync() passes a lazy dependency as a function", async () => {
  const container = new Container()
    .registerValue(url, "u")
    .registerAsyncFactory(pool, (get) => Promise.resolve(new Pool(get())), [lazy(url)]);
  assert.equal((await container.resolveAsync(pool)).url, "u");
});

Deno.test("Container.dispose() disposes async-built instances in reverse order", async () => {
  const log: string[] = [];
  const closing = (name: string) => ({ dispose: () => void log.push(name) });
  const first = token<object>("first");
  const second = token<object>("second");
  const container = new Container()
    .registerAsyncFactory(first, async () => {
      await tick();
      return closing("first");
    })
    .registerFactory(second, () => closing("second"), [first]);
  await container.resolveAsync(second);
  await container.dispose();
  assert.deepEqual(log, ["second", "first"]);
});
