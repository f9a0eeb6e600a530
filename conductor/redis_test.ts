import assert from "node:assert/strict";
import { startRedisWorker } from "@atomiton/execution/redis";
import { Redis } from "ioredis";
import { ignoreUnless } from "../scripts/testing/needs.ts";
import { startRedis } from "../scripts/testing/redis.ts";
import { ConductorError } from "./conductor_error.ts";
import { NODE_RUNNER_URL } from "./node_runner.ts";
import { redisExecutor, redisLease } from "./redis.ts";
import { executorCases, options, request } from "./testdata/executors/cases.ts";
import { leaseCases } from "./testdata/executors/lease_cases.ts";

const needsRedis = ignoreUnless("redis-server");

executorCases({
  name: "redisExecutor()",
  test: needsRedis,
  make: async () => {
    const server = await startRedis();
    const worker = startRedisWorker({
      redis: server.url,
      moduleUrl: NODE_RUNNER_URL,
      queue: "blueprints",
      concurrency: 1,
      pool: { gracePeriod: 0 },
    });
    await worker.ready;
    return {
      executor: redisExecutor({ redis: server.url, gracePeriod: 0 }),
      stop: async () => {
        await worker.close();
        await server.stop();
      },
    };
  },
  progress: false,
});

leaseCases({
  name: "redisLease()",
  test: needsRedis,
  make: async () => {
    const server = await startRedis();
    // Two connections, as two machines would have.
    const a = redisLease(server.url);
    const b = redisLease({ redis: server.url, prefix: "atomiton:conductor:lease" });
    return {
      a,
      b,
      stop: async () => {
        await a.close();
        await b.close();
        await server.stop();
      },
    };
  },
});

Deno.test({
  name: "redisLease() on two connections racing for one run: exactly one wins, every time",
  ...needsRedis,
  fn: async () => {
    await using server = await startRedis();
    await using a = redisLease(server.url);
    await using b = redisLease(server.url);
    for (let i = 0; i < 200; i++) {
      const runId = `race-${i}`;
      const won = await Promise.all([
        a.acquire(runId, "machine-a", 60_000),
        b.acquire(runId, "machine-b", 60_000),
      ]);
      assert.equal(won.filter(Boolean).length, 1, `run ${runId}: ${won}`);
    }
  },
});

Deno.test({
  name: "redisLease() keeps the holder in the key with a PX expiry, and passes on a connection",
  ...needsRedis,
  fn: async () => {
    await using server = await startRedis();
    const connection = new Redis(server.url);
    try {
      const lease = redisLease({ redis: connection, prefix: "p" });
      assert.equal(await lease.acquire("__proto__", "alice", 60_000), true);
      assert.equal(await connection.call("GET", ["p:__proto__"]), "alice");
      const pttl = Number(await connection.call("PTTL", ["p:__proto__"]));
      assert.ok(pttl > 0 && pttl <= 60_000, `PTTL ${pttl}`);
      await lease.close();
      assert.equal(connection.status, "ready", "a connection passed in stays open");
    } finally {
      connection.disconnect();
    }
  },
});

Deno.test("redisLease() and redisExecutor() refuse a URL that is not redis:// with INVALID_OPTION", () => {
  for (const url of ["127.0.0.1:6379", "http://127.0.0.1:6379", "", "redis://:secret@"]) {
    for (const make of [() => redisLease(url), () => redisExecutor({ redis: url })]) {
      assert.throws(make, (error) => {
        assert.ok(error instanceof ConductorError);
        assert.equal(error.code, "INVALID_OPTION");
        assert.doesNotMatch(error.message, /secret/);
        return true;
      });
    }
  }
  assert.throws(
    () => redisExecutor({ redis: "redis://127.0.0.1:1", queue: "" }),
    (error) => error instanceof ConductorError && error.code === "INVALID_OPTION",
  );
});

Deno.test({
  name:
    "redisLease() and redisExecutor() reject with MISCONFIGURED when the server refuses the database",
  ...needsRedis,
  fn: async () => {
    await using server = await startRedis();
    const url = `${server.url}/99`;
    await using lease = redisLease(url);
    await assert.rejects(lease.acquire("run-1", "alice", 1000), (error) => {
      assert.ok(error instanceof ConductorError);
      assert.equal(error.code, "MISCONFIGURED");
      assert.match(error.message, /database 99/);
      return true;
    });
    const executor = redisExecutor({ redis: url });
    try {
      await assert.rejects(
        executor.run(request(undefined, { n: 1 }), options()),
        (error) => error instanceof ConductorError && error.code === "MISCONFIGURED",
      );
    } finally {
      await executor.close();
    }
  },
});

Deno.test({
  name: "redisExecutor() describes where it sends nodes, without the password",
  ...needsRedis,
  fn: async () => {
    await using server = await startRedis();
    const executor = redisExecutor({
      redis: `redis://:secret@127.0.0.1:${server.port}`,
      queue: "q",
    });
    assert.equal(executor.description, `redis://127.0.0.1:${server.port}, queue "q"`);
    await executor.close();
  },
});

Deno.test({
  name: "redisExecutor() sends a sandboxed node to workers that enforce it: pool permissions {}",
  ...needsRedis,
  fn: async () => {
    await using server = await startRedis();
    const dir = await Deno.makeTempDir({ prefix: "atomiton-redis-sandbox-" });
    await Deno.writeTextFile(`${dir}/secret.txt`, "secret");
    // The operator's setup: every node of this worker runs in a child deno process with no rights.
    const worker = startRedisWorker({
      redis: server.url,
      moduleUrl: NODE_RUNNER_URL,
      queue: "blueprints",
      concurrency: 1,
      pool: { gracePeriod: 0, permissions: {} },
    });
    await worker.ready;
    const executor = redisExecutor({ redis: server.url, gracePeriod: 0 });
    try {
      const module = `data:text/javascript,${
        encodeURIComponent("export default (path) => Deno.readTextFile(path);")
      }`;
      const node = { module, input: `${dir}/secret.txt`, nodeId: "t", baseUrl: "", sandbox: {} };
      await assert.rejects(executor.run(node, options()), /Requires read access/);
    } finally {
      await executor.close();
      await worker.close();
    }
  },
});
