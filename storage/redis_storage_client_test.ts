import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { BrokenCircuitError, CircuitBreaker, ResilienceError } from "@atomiton/resilience";
import { ignoreUnless } from "../scripts/testing/needs.ts";
import { type RedisServer, startRedis } from "../scripts/testing/redis.ts";
import { RedisStorageClient } from "./redis_storage_client.ts";
import { StorageError } from "./storage_error.ts";
import { conformance } from "./testdata/conformance.ts";

const { ignore } = ignoreUnless("redis-server");
let server: RedisServer | undefined;

conformance("RedisStorageClient", async () => {
  server = await startRedis();
  return new RedisStorageClient({ url: server.url });
}, { ignore, cleanup: () => server!.stop() });

function test(name: string, fn: (server: RedisServer) => Promise<void>, durable = false): void {
  Deno.test({
    name,
    ignore,
    async fn(): Promise<void> {
      await using server = await startRedis({ durable });
      await fn(server);
    },
  });
}

/** A plain ioredis connection that `await using` closes. */
function connect(
  url: string,
  options: { maxRetriesPerRequest?: number } = {},
): Redis & AsyncDisposable {
  const redis = new Redis(url, options);
  return Object.assign(redis, {
    async [Symbol.asyncDispose](): Promise<void> {
      await redis.quit().catch(() => {});
      redis.disconnect();
    },
  });
}

/** How often the server ran each command (INFO commandstats). */
async function commandCounts(raw: Redis): Promise<Record<string, number>> {
  const info = await raw.info("commandstats");
  const counts: Record<string, number> = {};
  for (const [, name, calls] of info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)) {
    counts[name!] = Number(calls);
  }
  return counts;
}

test("RedisStorageClient namespaces its keys and never reaches outside them", async (server) => {
  await using raw = connect(server.url);
  await raw.set("other:key", "theirs");
  await using a = new RedisStorageClient({ url: server.url, namespace: "a:" });
  await using b = new RedisStorageClient({ url: server.url, namespace: "b:" });
  await a.set("k", 1);
  await b.set("k", 2);
  assert.deepEqual((await raw.keys("*")).sort(), ["a:k", "b:k", "other:key"]);
  assert.equal(await a.get("k"), 1);
  await a.clear();
  assert.deepEqual((await raw.keys("*")).sort(), ["b:k", "other:key"]);
  assert.deepEqual(await b.keys(), ["k"]);
  assert.equal(new RedisStorageClient().namespace, "atomiton:storage:");
});

test("RedisStorageClient lists with SCAN, never KEYS, and batches with MGET, MULTI and one DEL", async (server) => {
  await using raw = connect(server.url);
  await using storage = new RedisStorageClient({ url: server.url, scanCount: 10 });
  const keys = Array.from({ length: 100 }, (_, i) => `k${i}`);
  const before = await commandCounts(raw);
  await storage.setMany(keys.map((key, i) => [key, i]));
  await storage.getMany(keys);
  assert.equal((await storage.keys()).length, 100);
  let seen = 0;
  for await (const _ of storage.entries()) seen++;
  assert.equal(seen, 100);
  assert.equal(await storage.deleteMany(keys.slice(0, 50)), 50);
  await storage.clear();
  const after = await commandCounts(raw);
  const used = (name: string): number => (after[name] ?? 0) - (before[name] ?? 0);
  assert.equal(used("keys"), 0);
  assert.ok(used("scan") > 10, `${used("scan")} SCAN steps of 10`);
  assert.equal(used("multi"), 1);
  assert.equal(used("exec"), 1);
  assert.equal(used("set"), 100);
  assert.ok(used("mget") >= 1 + 10, "one MGET for getMany, one per SCAN step for entries");
  assert.equal(used("del"), 1);
  assert.ok(used("unlink") >= 1);
});

test("RedisStorageClient writes one value with one SET command, its ttl included, no MULTI", async (server) => {
  await using raw = connect(server.url);
  await using storage = new RedisStorageClient({ url: server.url, namespace: "" });
  const before = await commandCounts(raw);
  await storage.set("record", { status: "running" });
  await storage.set("session", { user: 1 }, { ttl: 60_000 });
  await storage.setMany([["one", 1]]);
  const after = await commandCounts(raw);
  const used = (name: string): number => (after[name] ?? 0) - (before[name] ?? 0);
  assert.deepEqual([used("set"), used("multi"), used("exec")], [3, 0, 0]);
  assert.ok((await raw.pttl("session")) > 0, "the ttl went with the SET");
  assert.equal(await raw.pttl("record"), -1);
  assert.deepEqual(await storage.getMany(["record", "one"]), [{ status: "running" }, 1]);
});

test("RedisStorageClient stores bytes raw and uses Redis's own expiry", async (server) => {
  await using raw = connect(server.url);
  await using storage = new RedisStorageClient({ url: server.url, namespace: "" });
  const bytes = new Uint8Array(256).map((_, i) => i);
  await storage.set("bin", bytes, { ttl: 60_000 });
  const stored = (await raw.getBuffer("bin"))!;
  const newline = stored.indexOf(0x0a);
  assert.match(stored.toString("latin1", 0, newline), /^B\d{13}$/);
  assert.deepEqual(new Uint8Array(stored.subarray(newline + 1)), bytes, "raw bytes, not base64");
  const ttl = await raw.pttl("bin");
  // Native expiry, not a figure this client keeps: any time left up to the ttl (a slow machine may take seconds).
  assert.ok(ttl > 0 && ttl <= 60_000, `PTTL ${ttl}`);
  await storage.set("json", { a: 1 });
  assert.match((await raw.get("json"))!, /^J\d{13}\n\{"a":1\}$/);
});

test("RedisStorageClient escapes glob characters in a prefix", async (server) => {
  await using storage = new RedisStorageClient({ url: server.url });
  await storage.setMany([["a*b", 1], ["axb", 2], ["a?c", 3], ["a[1]", 4], ["a\\d", 5]]);
  assert.deepEqual(await storage.keys("a*"), ["a*b"]);
  assert.deepEqual(await storage.keys("a?"), ["a?c"]);
  assert.deepEqual(await storage.keys("a["), ["a[1]"]);
  assert.deepEqual(await storage.keys("a\\"), ["a\\d"]);
  await storage.clear("a*");
  assert.equal((await storage.keys()).length, 4);
});

test("RedisStorageClient reports values it did not write as CORRUPT and skips foreign keys", async (server) => {
  await using raw = connect(server.url);
  await using storage = new RedisStorageClient({ url: server.url, namespace: "n:" });
  await raw.set("n:plain", "hello");
  await raw.set("n:", "empty key");
  await raw.set("n:torn", 'J1\n{"a":');
  await assert.rejects(storage.get("plain"), { code: "CORRUPT" });
  await assert.rejects(storage.stat("plain"), { code: "CORRUPT" });
  await assert.rejects(
    storage.get("torn"),
    (e) => e instanceof StorageError && e.code === "CORRUPT" && e.cause instanceof SyntaxError,
  );
  assert.deepEqual((await storage.keys()).sort(), ["plain", "torn"], "the empty key is not ours");
});

test("RedisStorageClient does not retry an error the server answered with", async (server) => {
  await using raw = connect(server.url);
  await using storage = new RedisStorageClient({ url: server.url, namespace: "" });
  await raw.lpush("list", "x");
  const before = await commandCounts(raw);
  const error = await storage.get("list").catch((e) => e);
  assert.ok(error instanceof StorageError);
  assert.equal(error.code, "BACKEND");
  assert.match(error.message, /WRONGTYPE/);
  const after = await commandCounts(raw);
  assert.equal(after.get! - (before.get ?? 0), 1, "one attempt");
  assert.equal(storage.circuitBreaker.counts.failures, 0, "the server is up: no failure counted");
});

test(
  "RedisStorageClient loses no acknowledged write when the server restarts mid-run",
  async (server) => {
    await using storage = new RedisStorageClient({
      url: server.url,
      // A safety net of about 100 s: a restart on a loaded machine may take seconds.
      retry: { maxAttempts: 200, minDelay: 50, maxDelay: 500 },
    });
    const acknowledged = new Map<string, number>();
    let restarts = 0;
    for (let i = 0; i < 300; i++) {
      if (i === 100 || i === 200) {
        // Crash the server while the loop keeps writing, and bring it back 300 ms later.
        const outage = server.kill().then(() => new Promise((r) => setTimeout(r, 300)));
        outage.then(() => server.start()).then(() => restarts++);
      }
      const key = `k${i % 120}`;
      if (i % 3 === 0) await storage.setMany([[key, i], [`m${i}`, i]]);
      else await storage.set(key, i);
      acknowledged.set(key, i);
      if (i % 3 === 0) acknowledged.set(`m${i}`, i);
    }
    while (restarts < 2) await new Promise((r) => setTimeout(r, 50));
    // Crash once more: what was acknowledged must have been on disk.
    await server.kill();
    await server.start();
    const keys = [...acknowledged.keys()];
    assert.deepEqual(await storage.getMany(keys), [...acknowledged.values()]);
    assert.ok(storage.circuitBreaker.counts.failures > 0, "the outage was seen");
    assert.equal(storage.circuitBreaker.state, "closed");
  },
  true,
);

test("RedisStorageClient rejects with UNAVAILABLE when the server stays down, and the breaker opens", async (server) => {
  await using storage = new RedisStorageClient({
    url: server.url,
    retry: { maxAttempts: 2, minDelay: 1, maxDelay: 1 },
    circuitBreaker: { consecutiveFailures: 3, halfOpenAfter: 60_000 },
  });
  await storage.set("a", 1);
  await server.kill();
  const first = await storage.get("a").catch((e) => e);
  assert.ok(first instanceof StorageError);
  assert.equal(first.code, "UNAVAILABLE");
  assert.ok(first.cause instanceof ResilienceError, String(first.cause));
  await storage.has("a").catch(() => {});
  const refused = await storage.get("a").catch((e) => e);
  assert.equal(refused.code, "UNAVAILABLE");
  assert.equal(storage.circuitBreaker.state, "open");
  assert.ok(
    (refused.cause as { cause?: unknown }).cause instanceof BrokenCircuitError,
    "refused by the open circuit, not sent",
  );
  await server.start();
});

test("RedisStorageClient shares a given breaker and closes its connection", async (server) => {
  await using raw = connect(server.url);
  const breaker = new CircuitBreaker();
  const storage = new RedisStorageClient({ url: server.url, circuitBreaker: breaker });
  assert.equal(storage.circuitBreaker, breaker);
  await storage.set("a", 1);
  assert.equal(breaker.counts.successes, 1);
  const clients = async () => (await raw.client("LIST") as string).trim().split("\n").length;
  assert.equal(await clients(), 2);
  await storage.close();
  await storage.close();
  assert.equal(await clients(), 1, "QUIT closed its connection");
  await assert.rejects(storage.get("a"), { code: "CLOSED" });
});

test("RedisStorageClient refuses a database the server does not have, and never writes database 0", async (server) => {
  await using raw = connect(server.url);
  await raw.set("atomiton:storage:k", "database 0's");
  const before = await commandCounts(raw);
  await using storage = new RedisStorageClient({ url: `${server.url}/99` });
  for (const call of [storage.set("k", 1), storage.get("k"), storage.keys()]) {
    const error = await call.catch((e) => e);
    assert.ok(error instanceof StorageError, String(error));
    assert.equal(error.code, "MISCONFIGURED");
    assert.match(error.message, /database 99/);
    assert.match(error.message, /0 to 15 on this server/);
  }
  const after = await commandCounts(raw);
  for (const command of ["set", "exec", "get", "scan"]) {
    assert.equal(after[command] ?? 0, before[command] ?? 0, `${command} never reached the server`);
  }
  assert.equal(await raw.get("atomiton:storage:k"), "database 0's");
  assert.equal(storage.circuitBreaker.counts.failures, 0, "not an outage");
});

test("RedisStorageClient refuses a database that is not a whole number (ioredis reads /abc as 0, /1.5 as 1)", async (server) => {
  await using raw = connect(server.url);
  await using db1 = connect(`${server.url}/1`);
  const before = await commandCounts(raw);
  for (const db of ["abc", "1.5", "1abc", "%7A", "-0"]) {
    await using storage = new RedisStorageClient({ url: `${server.url}/${db}` });
    const error = await storage.set("k", 1).catch((e) => e);
    assert.ok(error instanceof StorageError, String(error));
    assert.equal(error.code, "MISCONFIGURED");
    assert.match(error.message, new RegExp(`names database "${db}": .*must be a whole number`));
  }
  const after = await commandCounts(raw);
  assert.equal(after.select ?? 0, before.select ?? 0, "no SELECT was sent");
  assert.equal(await raw.dbsize(), 0, "database 0 untouched");
  assert.equal(await db1.dbsize(), 0, "database 1 untouched");
});

test("RedisStorageClient uses the URL's database and only it", async (server) => {
  await using raw = connect(server.url);
  await using db3 = connect(`${server.url}/3`);
  await using storage = new RedisStorageClient({ url: `${server.url}/3`, namespace: "" });
  await storage.set("k", 1);
  assert.equal(await storage.get("k"), 1);
  assert.equal(await raw.exists("k"), 0);
  assert.match((await db3.get("k"))!, /^J\d+\n1$/);
});

test("RedisStorageClient refuses a wrong or missing password with MISCONFIGURED and says where it goes", async (server) => {
  await using raw = connect(server.url);
  await raw.config("SET", "requirepass", "s3cret");
  const hostPort = server.url.slice("redis://".length);
  for (
    const [url, why] of [
      [`redis://:wrong-pass@${hostPort}/2`, /the password in the URL is wrong/],
      [`redis://someone:wrong-pass@${hostPort}`, /the password in the URL is wrong/],
      [`redis://${hostPort}/2`, /the URL has no password/],
    ] as const
  ) {
    await using storage = new RedisStorageClient({ url });
    const error = await storage.set("k", 1).catch((e) => e);
    assert.ok(error instanceof StorageError, String(error));
    assert.equal(error.code, "MISCONFIGURED");
    assert.match(error.message, why);
    assert.match(error.message, /redis:\/\/:password@host:port\/db/);
    assert.doesNotMatch(error.message, /wrong-pass|s3cret/);
  }
  await using storage = new RedisStorageClient({ url: `redis://:s3cret@${hostPort}/2` });
  await storage.set("k", 1);
  assert.equal(await storage.get("k"), 1);
});

Deno.test("RedisStorageClient rejects bad options with INVALID_OPTION", () => {
  for (const options of [{ namespace: 1 }, { scanCount: 0 }, { scanCount: 1.5 }]) {
    assert.throws(
      () => new RedisStorageClient(options as never),
      (e) => e instanceof StorageError && e.code === "INVALID_OPTION",
    );
  }
  assert.throws(
    () => new RedisStorageClient({ retry: { maxAttempts: 0 } }),
    (e) => e instanceof ResilienceError && e.code === "INVALID_OPTION",
  );
});
