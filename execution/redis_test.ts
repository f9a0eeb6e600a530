import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { ignoreUnless } from "../scripts/testing/needs.ts";
import { startRedis } from "../scripts/testing/redis.ts";
import { ExecutionError } from "./execution_error.ts";
import { PoolClosedError } from "./pool_closed_error.ts";
import { ProcessClient } from "./process_client.ts";
import { RedisPool } from "./redis_pool.ts";
import { runRedisWorker } from "./redis_worker.ts";
import { startRedisWorker } from "./start_redis_worker.ts";
import { TaskTimeoutError } from "./task_timeout_error.ts";
import { type Caught, eventually, rejection, waitFor } from "./testdata/wait_for.ts";

const TASKS = new URL("./testdata/tasks.mjs", import.meta.url);
const needsRedis = ignoreUnless("redis-server");
function connect(url: string): Redis & AsyncDisposable {
  const connection = new Redis(url) as Redis & AsyncDisposable;
  connection[Symbol.asyncDispose] = () => Promise.resolve(connection.disconnect());
  return connection;
}
/** The reason `promise` rejects with; a hang fails after a minute (a safety net, not a timing check). */
async function refusal(promise: Promise<unknown>): Promise<Caught> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("still pending after 60 s")), 60_000);
  });
  try {
    return await rejection(Promise.race([promise, hang]));
  } finally {
    clearTimeout(timer);
  }
}
const keys = (queue = "default") => ({
  tasks: `atomiton:exec:{${queue}}:tasks`,
  dead: `atomiton:exec:{${queue}}:dead`,
});
/** The oldest pending entry of the default queue: `[id, consumer, idle ms, deliveries]`. */
async function oldestPending(client: Redis): Promise<[string, string, number, number]> {
  const [head] = await client.call("XPENDING", [keys().tasks, "workers", "-", "+", "1"]) as [
    [string, string, number, number],
  ];
  return head;
}
/**
 * Runs a cooperative task through `pool` until `stop` aborts it; resolves once `worker` is
 * running it, with its stream id and the promise of its answer (the abort's reason).
 */
async function cooperativeTask(
  pool: RedisPool,
  worker: ReturnType<typeof startRedisWorker>,
  client: Redis,
): Promise<{ stop: AbortController; answer: Promise<Caught>; streamId: string }> {
  const stop = new AbortController();
  const answer = rejection(pool.run(null, { task: "cooperative", signal: stop.signal }));
  await waitFor(() => worker.stats().running === 1);
  const [streamId] = await oldestPending(client);
  return { stop, answer, streamId };
}

Deno.test({
  name: "RedisPool.run() runs tasks on a worker and returns outputs and errors",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using worker = startRedisWorker({ redis: redis.url, moduleUrl: TASKS, concurrency: 2 });
    await using pool = new RedisPool({ redis: redis.url });
    await worker.ready;
    assert.deepEqual(await Promise.all([1, 2, 3].map((n) => pool.run(n))), [2, 4, 6]);
    assert.equal(await pool.run({ a: 2, b: 5 }, { task: "add" }), 7);
    assert.equal(await pool.run({ value: "later", ms: 5 }, { task: "later" }), "later");
    assert.equal(typeof await pool.run(undefined, { task: "callCount" }), "number");
    const error = await rejection(pool.run(null, { task: "fail" }));
    assert.equal(error.name, "ValidationError");
    assert.equal(error.message, "task failed");
    assert.equal(error.code, "E_BAD_INPUT");
    assert.ok(error.cause instanceof RangeError);
    assert.ok(error.cause.cause instanceof TypeError);
    assert.match(error.stack, /tasks\.mjs/);
    assert.equal((await rejection(pool.run(0, { task: "bigint" }))).code, "INVALID_OUTPUT");
    const stats = pool.stats();
    assert.equal(stats.pending, 0);
    assert.equal(stats.completed, 6);
    assert.equal(stats.failed, 2);
    assert.equal(stats.latency.count, 8);
    // The worker counts an answer once Redis took it, which can be after its caller saw it.
    await waitFor(() => worker.stats().completed === 6);
    await waitFor(() => worker.stats().failed === 2);
  },
});

/** How often the server ran each command so far (INFO commandstats; calls from scripts too). */
async function commandCounts(client: Redis): Promise<Map<string, number>> {
  const info = await client.info("commandstats");
  return new Map([...info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)].map(([, name, calls]) => [
    name!,
    Number(calls),
  ]));
}

Deno.test({
  name: "RedisPool: a task alone costs one XADD out and one BLPOP back, no drain (LPOP)",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using client = connect(redis.url);
    // Renewals (every third of it) never fire during the test, so every EVAL is an answer.
    await using worker = startRedisWorker({
      redis: redis.url,
      moduleUrl: TASKS,
      concurrency: 1,
      visibilityTimeout: 3_600_000,
    });
    await using pool = new RedisPool({ redis: redis.url });
    await worker.ready;
    assert.equal(await pool.run(0), 0);
    const before = await commandCounts(client);
    let n = 1;
    for (let i = 0; i < 20; i++) n = await pool.run(n);
    const after = await commandCounts(client);
    const used = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    assert.equal(n, 2 ** 20);
    assert.deepEqual([used("xadd"), used("eval"), used("lpop")], [20, 20, 0]);
    // Blocking reads that time out on a slow machine are read again, so at least one each.
    assert.ok(used("blpop") >= 20 && used("xreadgroup") >= 20);
  },
});

Deno.test({
  name: "RedisPool: answers of many tasks out at once all arrive, in any order",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using worker = startRedisWorker({ redis: redis.url, moduleUrl: TASKS, concurrency: 4 });
    await using pool = new RedisPool({ redis: redis.url });
    await worker.ready;
    const inputs = Array.from({ length: 300 }, (_, i) => i);
    assert.deepEqual(await Promise.all(inputs.map((i) => pool.run(i))), inputs.map((i) => i * 2));
    assert.equal(pool.stats().pending, 0);
  },
});

Deno.test({
  name: "RedisPool.run() rejects input that is not JSON, and bad options",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using pool = new RedisPool({ redis: redis.url });
    const error = await rejection(pool.run(10n));
    assert.ok(error instanceof ExecutionError);
    assert.equal(error.code, "INVALID_INPUT");
    assert.equal((await rejection(pool.run(1, { timeout: -5 }))).code, "INVALID_OPTION");
    await assert.rejects(pool.run(1, { signal: AbortSignal.abort(new Error("no")) }), {
      message: "no",
    });
    assert.throws(() => new RedisPool({ redis: 42 as unknown as string }), ExecutionError);
    assert.throws(() => new RedisPool({ redis: redis.url, prefix: "" }), ExecutionError);
    assert.throws(
      () => startRedisWorker({ redis: redis.url, moduleUrl: TASKS, maxAttempts: 0 }),
      ExecutionError,
    );
  },
});

Deno.test({
  name: "RedisPool: a timeout rejects with TaskTimeoutError and the worker stops the task",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using worker = startRedisWorker({ redis: redis.url, moduleUrl: TASKS, concurrency: 1 });
    await using pool = new RedisPool({ redis: redis.url, taskTimeout: 100 });
    await worker.ready;
    const error = await rejection(pool.run(null, { task: "cooperative" }));
    assert.ok(error instanceof TaskTimeoutError);
    assert.equal(error.ms, 100);
    await waitFor(() => worker.stats().failed === 1 && worker.stats().running === 0);
    // A limit only a hang reaches: the outcome must not depend on how busy the machine is.
    assert.equal(await pool.run(4, { timeout: 120_000 }), 8);
  },
});

Deno.test({
  name: "RedisPool: aborting rejects with the reason and cancels the task on its worker",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using worker = startRedisWorker({ redis: redis.url, moduleUrl: TASKS, concurrency: 1 });
    await using pool = new RedisPool({ redis: redis.url });
    await worker.ready;
    const controller = new AbortController();
    const running = pool.run(null, { task: "cooperative", signal: controller.signal });
    await waitFor(() => worker.stats().running === 1);
    controller.abort(new Error("not needed"));
    await assert.rejects(running, { message: "not needed" });
    await waitFor(() => worker.stats().running === 0);
    await waitFor(() => worker.stats().failed === 1);
    assert.equal(pool.stats().pending, 0);
  },
});

Deno.test({
  name:
    "startRedisWorker: a task that keeps crashing goes to the dead-letter stream after maxAttempts",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using worker = startRedisWorker({
      redis: redis.url,
      moduleUrl: TASKS,
      concurrency: 1,
      maxAttempts: 2,
    });
    await using pool = new RedisPool({ redis: redis.url });
    await worker.ready;
    const error = await rejection(pool.run(9, { task: "exit" }));
    assert.ok(error instanceof Error);
    assert.equal(error.code, "DEAD_LETTER");
    assert.match(error.message, /failed 2 time/);
    assert.equal(error.cause?.name, "WorkerCrashedError");
    await waitFor(() => worker.stats().deadLettered === 1);
    await using client = connect(redis.url);
    const dead = await client.xrange(keys().dead, "-", "+") as [string, string[]][];
    assert.equal(dead.length, 1);
    const fields = dead[0]![1];
    assert.equal(fields[fields.indexOf("attempts") + 1], "2");
    assert.equal(fields[fields.indexOf("task") + 1], "exit");
    assert.equal(await client.xlen(keys().tasks), 0, "acknowledged and deleted");
    assert.equal(await pool.run(1), 2, "the worker goes on");
  },
});

Deno.test({
  name: "startRedisWorker takes over a task a dead worker left after the visibility timeout",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using client = connect(redis.url);
    await using pool = new RedisPool({ redis: redis.url });
    await client.xgroup("CREATE", keys().tasks, "workers", "0", "MKSTREAM");
    const answer = pool.run(21);
    // A worker that takes the task and dies: read, never acknowledged.
    await waitFor(() => pool.stats().pending === 1);
    let taken: unknown = null;
    while (!taken) {
      taken = await client.call(
        "XREADGROUP",
        ["GROUP", "workers", "ghost", "COUNT", "1", "STREAMS", keys().tasks, ">"],
      );
    }
    await using worker = startRedisWorker({
      redis: redis.url,
      moduleUrl: TASKS,
      visibilityTimeout: 200,
    });
    assert.equal(await answer, 42);
    assert.equal(worker.stats().reclaimed, 1);
  },
});

Deno.test({
  name: "startRedisWorker dead-letters a task whose workers keep dying",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using client = connect(redis.url);
    await using pool = new RedisPool({ redis: redis.url });
    await client.xgroup("CREATE", keys().tasks, "workers", "0", "MKSTREAM");
    const answer = rejection(pool.run(1));
    await waitFor(() => pool.stats().pending === 1);
    let taken: unknown = null;
    while (!taken) {
      taken = await client.call(
        "XREADGROUP",
        ["GROUP", "workers", "ghost", "COUNT", "1", "STREAMS", keys().tasks, ">"],
      );
    }
    await using worker = startRedisWorker({
      redis: redis.url,
      moduleUrl: TASKS,
      visibilityTimeout: 100,
      maxAttempts: 1,
    });
    const error = await answer;
    assert.equal(error.code, "DEAD_LETTER");
    assert.equal(error.cause?.code, "WORKER_LOST");
    await waitFor(() => worker.stats().deadLettered === 1);
    assert.equal(await client.xlen(keys().dead), 1);
  },
});

Deno.test({
  name: "startRedisWorker renews a long task, so a second worker does not take it",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using pool = new RedisPool({ redis: redis.url });
    // Renewed every 2 s; only a stall of the event loop over 4 s would let the second take it.
    const options = { redis: redis.url, moduleUrl: TASKS, visibilityTimeout: 6000, concurrency: 1 };
    await using first = startRedisWorker(options);
    await first.ready;
    const answer = pool.run({ value: "slow", ms: 7000 }, { task: "later" });
    await waitFor(() => first.stats().running === 1);
    await using second = startRedisWorker(options);
    assert.equal(await answer, "slow");
    assert.equal(second.stats().reclaimed, 0);
    await waitFor(() => first.stats().completed + second.stats().completed === 1);
  },
});

Deno.test({
  name: "RedisPool ignores a repeated answer: each task settles once",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using client = connect(redis.url);
    await using pool = new RedisPool({ redis: redis.url });
    const answers = [pool.run("x"), pool.run("y")];
    await eventually(async () => (await client.xlen(keys().tasks)) === 2);
    const entries = await client.xrange(keys().tasks, "-", "+") as [string, string[]][];
    const [first, second] = entries.map(([, fields]) => fields[fields.indexOf("id") + 1]!);
    const results = `atomiton:exec:{default}:results:${pool.id}`;
    // The first task answered twice (it ran on two workers), then noise, then the second.
    await client.rpush(results, JSON.stringify({ id: first, ok: true, value: "one" }));
    await client.rpush(results, JSON.stringify({ id: first, ok: true, value: "again" }));
    await client.rpush(results, "not json");
    await client.rpush(results, JSON.stringify({ id: second, ok: true, value: "two" }));
    assert.deepEqual(await Promise.all(answers), ["one", "two"]);
    assert.equal(pool.stats().completed, 2);
    assert.equal(pool.stats().pending, 0);
  },
});

Deno.test({
  name: "RedisPool.close() waits for answers; terminate() rejects what is left",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using worker = startRedisWorker({ redis: redis.url, moduleUrl: TASKS });
    const pool = new RedisPool({ redis: redis.url });
    const answer = pool.run({ value: "done", ms: 50 }, { task: "later" });
    await pool.close();
    assert.equal(await answer, "done");
    await assert.rejects(pool.run(1), PoolClosedError);
    const other = new RedisPool({ redis: redis.url, queue: "nobody-serves-this" });
    const stuck = rejection(other.run(1));
    await other.terminate();
    assert.ok(await stuck instanceof PoolClosedError);
    await worker.close();
    assert.equal(worker.stats().running, 0);
  },
});

Deno.test({
  name: "startRedisWorker reads its next task while its last answer is still on the way to Redis",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using connection = connect(redis.url);
    const held: (() => void)[] = [];
    let holding = true;
    // The worker's own connection, whose answers (the EVAL with two keys) wait for the test.
    const gated = new Proxy(connection, {
      get(target, name): unknown {
        const value = Reflect.get(target, name, target);
        if (name !== "call") return typeof value === "function" ? value.bind(target) : value;
        return async (command: string, args: (string | number)[]) => {
          if (holding && command === "EVAL" && args[1] === "2") {
            await new Promise<void>((go) => held.push(go));
          }
          return await target.call(command, args);
        };
      },
    });
    await using worker = startRedisWorker({ redis: gated, moduleUrl: TASKS, concurrency: 1 });
    await using pool = new RedisPool({ redis: redis.url });
    await worker.ready;
    const answers = Promise.all([pool.run(1), pool.run(2)]);
    try {
      // One slot: the second task runs only once the first left it, so its answer is held too.
      await waitFor(() => held.length === 2);
    } finally {
      // Let every answer go, so a failed check cannot leave the worker unable to close.
      holding = false;
      for (const go of held) go();
    }
    assert.deepEqual(await answers, [2, 4]);
  },
});

Deno.test({
  name: "RedisPool and startRedisWorker use a connection passed in and leave it open",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const connection = new Redis(redis.url);
    try {
      const worker = startRedisWorker({ redis: connection, moduleUrl: TASKS, queue: "shared" });
      const pool = new RedisPool({ redis: connection, queue: "shared" });
      assert.equal(await pool.run(5), 10);
      await pool.close();
      await worker.close();
      assert.equal(await connection.ping(), "PONG");
    } finally {
      connection.disconnect();
    }
  },
});

Deno.test({
  name:
    "Distributed: two worker processes, one killed with SIGKILL mid-task; every answer arrives once",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    // A safety net, not a window: worker-b gets as long as a loaded machine needs to exit on SIGTERM.
    await using processes = new ProcessClient({ killGrace: 60_000 });
    const script = new URL("./redis_worker.ts", import.meta.url).pathname;
    const start = (name: string) =>
      processes.spawn(Deno.execPath(), [
        "run",
        "-A",
        script,
        "--redis",
        redis.url,
        "--module",
        TASKS.href,
        "--consumer",
        name,
        "--concurrency",
        "2",
        "--visibility-timeout",
        "500",
      ], { env: { NO_COLOR: "1" } });
    const a = await start("worker-a");
    const b = await start("worker-b");
    await using pool = new RedisPool({ redis: redis.url });
    await using client = connect(redis.url);
    const count = 24;
    const settled = new Map<number, number>();
    const answers = Array.from(
      { length: count },
      (_, n) =>
        pool.run<{ value: number; pid: number }>({ value: n, ms: 150 }, { task: "pidAfter" })
          .then((answer) => {
            settled.set(n, (settled.get(n) ?? 0) + 1);
            return answer;
          }),
    );
    // Kill worker-a while it holds tasks, with work left for worker-b.
    await eventually(async () => {
      const held = await client.call("XPENDING", [
        keys().tasks,
        "workers",
        "-",
        "+",
        "10",
        "worker-a",
      ])
        .catch(() => []); // the group may not exist yet
      return (held as unknown[]).length > 0 && pool.stats().completed > 0;
    }, 30_000);
    a.kill("SIGKILL");
    const killed = await a.wait();
    assert.equal(killed.signal, "SIGKILL");
    // What worker-a had taken and not answered when it died.
    const held = await client.call(
      "XPENDING",
      [keys().tasks, "workers", "-", "+", "100", "worker-a"],
    ) as [string][];
    const orphans: number[] = [];
    for (const [streamId] of held) {
      const [[, fields]] = await client.xrange(keys().tasks, streamId, streamId) as [
        string,
        string[],
      ][] as [[string, string[]]];
      orphans.push(JSON.parse(fields[fields.indexOf("input") + 1]!).value);
    }
    assert.ok(orphans.length > 0, "worker-a died holding tasks");
    const results = await Promise.all(answers);
    assert.deepEqual(results.map((r) => r.value), Array.from({ length: count }, (_, n) => n));
    for (const n of orphans) {
      assert.equal(results[n]!.pid, b.pid, `task ${n} ran again on worker-b`);
    }
    assert.equal(settled.size, count);
    assert.ok([...settled.values()].every((times) => times === 1));
    const pending = await client.call("XPENDING", [keys().tasks, "workers"]) as unknown[];
    assert.equal(pending[0], 0, "nothing left unacknowledged");
    assert.equal(await client.xlen(keys().dead), 0);
    const graceful = await b.kill("SIGTERM");
    assert.equal(graceful.exitCode, 0, `worker-b exits cleanly on SIGTERM:\n${graceful.stderr}`);
    assert.match(graceful.stderr, /atomiton worker worker-b serves queue "default"/);
  },
});

Deno.test({
  name: "runRedisWorker() starts a worker from a command line; close() ends it",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const worker = await runRedisWorker([
      "--redis",
      redis.url,
      "--module",
      TASKS.href,
      "--queue",
      "cli",
      "--concurrency",
      "1",
    ]);
    await using pool = new RedisPool({ redis: redis.url, queue: "cli" });
    assert.equal(await pool.run(8), 16);
    await worker.close();
    await worker.closed;
    await waitFor(() => worker.stats().completed === 1);
  },
});

Deno.test({
  name: "startRedisWorker restarted under its name first runs the tasks it had taken",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using client = connect(redis.url);
    await using pool = new RedisPool({ redis: redis.url });
    await client.xgroup("CREATE", keys().tasks, "workers", "0", "MKSTREAM");
    const answer = pool.run(50);
    await eventually(async () => (await client.xlen(keys().tasks)) === 1);
    // The worker "box-1" took it, then its process restarted before answering.
    await client.call("XREADGROUP", ["GROUP", "workers", "box-1", "STREAMS", keys().tasks, ">"]);
    await using worker = startRedisWorker({
      redis: redis.url,
      moduleUrl: TASKS,
      consumer: "box-1",
    });
    assert.equal(await answer, 100);
    assert.equal(worker.stats().reclaimed, 0);
  },
});

Deno.test({
  name: "startRedisWorker reports an entry that is not a task and drops it",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using client = connect(redis.url);
    const errors: ExecutionError[] = [];
    await using worker = startRedisWorker({
      redis: redis.url,
      moduleUrl: TASKS,
      onError: (error) => errors.push(error),
    });
    await worker.ready;
    await client.xadd(keys().tasks, "*", "hello", "world");
    await waitFor(() => errors.length === 1);
    assert.equal(errors[0]!.code, "INVALID_TASK");
    await eventually(async () => (await client.xlen(keys().tasks)) === 0);
  },
});

Deno.test({
  name: "startRedisWorker stops a task another worker took over, without answering it",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using client = connect(redis.url);
    await using worker = startRedisWorker({
      redis: redis.url,
      moduleUrl: TASKS,
      visibilityTimeout: 150,
      concurrency: 1,
    });
    await using pool = new RedisPool({ redis: redis.url });
    await worker.ready;
    const { stop, answer, streamId } = await cooperativeTask(pool, worker, client);
    // The thief takes it and finishes it: nothing is left for this worker to take back.
    await client.call("XCLAIM", [keys().tasks, "workers", "thief", "0", streamId, "JUSTID"]);
    await client.xack(keys().tasks, "workers", streamId);
    await waitFor(() => worker.stats().running === 0, 60_000);
    assert.equal(worker.stats().failed + worker.stats().completed, 0, "it did not answer");
    stop.abort(new Error("the test is done"));
    assert.equal((await answer).message, "the test is done");
  },
});

Deno.test({
  name: "startRedisWorker and RedisPool ride out a Redis restart",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const errors: ExecutionError[] = [];
    await using worker = startRedisWorker({
      redis: redis.url,
      moduleUrl: TASKS,
      blockMs: 100,
      onError: (error) => errors.push(error),
    });
    await using pool = new RedisPool({ redis: redis.url });
    assert.equal(await pool.run(1), 2);
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 200));
    await redis.start();
    // The group was lost with the data: the worker says so, makes it again and goes on.
    assert.equal(await pool.run(2), 4);
    assert.ok(errors.length > 0);
    assert.ok(errors.every((error) => error.code === "REDIS_FAILED"));
    await waitFor(() => worker.stats().completed === 2);
  },
});

Deno.test({
  name:
    "RedisPool and startRedisWorker refuse a database the server does not have, touching no other",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using db0 = connect(redis.url);
    await db0.set("atomiton:exec:{default}:tasks", "database 0's");
    const errors: ExecutionError[] = [];
    const worker = startRedisWorker({
      redis: `${redis.url}/99`,
      moduleUrl: TASKS,
      onError: (error) => errors.push(error),
    });
    const started = await refusal(worker.ready);
    assert.ok(started instanceof ExecutionError, String(started));
    assert.equal(started.code, "MISCONFIGURED");
    assert.match(started.message, /database 99 .*0 to 15 on this server/);
    let closed = false;
    void worker.closed.then(() => closed = true);
    await waitFor(() => closed, 60_000); // it closed itself: retrying cannot help
    assert.deepEqual(errors.map((error) => error.code), ["MISCONFIGURED"]);

    await using pool = new RedisPool({ redis: `${redis.url}/99` });
    for (const input of [1, 2]) {
      const error = await refusal(pool.run(input));
      assert.ok(error instanceof ExecutionError, String(error));
      assert.equal(error.code, "MISCONFIGURED");
      assert.match(error.message, /database 99/);
    }
    assert.equal(await db0.get("atomiton:exec:{default}:tasks"), "database 0's");
    assert.deepEqual(await db0.keys("*"), ["atomiton:exec:{default}:tasks"]);
  },
});

Deno.test({
  name: "RedisPool and startRedisWorker refuse a wrong or missing password with MISCONFIGURED",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using admin = connect(redis.url);
    await admin.config("SET", "requirepass", "s3cret");
    const hostPort = redis.url.slice("redis://".length);
    for (const url of [`redis://:wrong-pass@${hostPort}`, `redis://${hostPort}/3`]) {
      const worker = startRedisWorker({ redis: url, moduleUrl: TASKS, onError: () => {} });
      await using pool = new RedisPool({ redis: url });
      for (const error of [await refusal(worker.ready), await refusal(pool.run(1))]) {
        assert.ok(error instanceof ExecutionError, String(error));
        assert.equal(error.code, "MISCONFIGURED");
        assert.match(error.message, /Put the password in the URL: redis:\/\/:password@host/);
        assert.doesNotMatch(error.message, /wrong-pass|s3cret/);
      }
      await worker.close();
    }
  },
});

Deno.test({
  name: "RedisPool and startRedisWorker use the URL's database and only it",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const url = `${redis.url}/3`;
    await using worker = startRedisWorker({ redis: url, moduleUrl: TASKS, concurrency: 1 });
    await using pool = new RedisPool({ redis: url });
    await worker.ready;
    assert.equal(await pool.run(21), 42);
    await using db0 = connect(redis.url);
    assert.deepEqual(await db0.keys("*"), []);
    await using db3 = connect(url);
    assert.equal(await db3.exists(keys().tasks), 1);
  },
});

Deno.test({
  name: "startRedisWorker never takes back a task it is still running when its renewal came late",
  ...needsRedis,
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using client = connect(redis.url);
    await using worker = startRedisWorker({
      redis: redis.url,
      moduleUrl: TASKS,
      visibilityTimeout: 300,
      concurrency: 2, // a worker at capacity does not claim: leave it room to
    });
    await using pool = new RedisPool({ redis: redis.url });
    await worker.ready;
    const { stop, answer, streamId } = await cooperativeTask(pool, worker, client);
    // As if the renewal were late: the entry looks idle for ages, still owned by this worker,
    // until one of its XAUTOCLAIM passes takes it (which counts a delivery).
    await eventually(async () => {
      await client.call("XCLAIM", [
        keys().tasks,
        "workers",
        worker.consumer,
        "0",
        streamId,
        "IDLE",
        "100000000",
        "JUSTID",
      ]);
      const [, , , deliveries] = await oldestPending(client);
      return deliveries > 1;
    }, 60_000);
    assert.equal(worker.stats().reclaimed, 0, "its own running task is not taken again");
    assert.equal(worker.stats().running, 1);
    stop.abort(new Error("done"));
    assert.equal((await answer).message, "done");
  },
});
