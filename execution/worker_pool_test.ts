import assert from "node:assert/strict";
import { CircuitBreaker } from "@atomiton/resilience";
import { ExecutionError } from "./execution_error.ts";
import { PoolClosedError } from "./pool_closed_error.ts";
import { TaskModuleError } from "./task_module_error.ts";
import { TaskTimeoutError } from "./task_timeout_error.ts";
import { WorkerCrashedError } from "./worker_crashed_error.ts";
import { WorkerPool } from "./worker_pool.ts";
import { assertPrototypeClean, PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";
import { gate, rejection, waitFor } from "./testdata/wait_for.ts";

const TASKS = new URL("./testdata/tasks.mjs", import.meta.url);
const BROKEN = new URL("./testdata/broken.mjs", import.meta.url);
const PROTOTYPE_NAMES = new URL("./testdata/prototype_names.mjs", import.meta.url);
const CRASH_AFTER_LOAD = new URL("./testdata/crash_after_load.mjs", import.meta.url);

Deno.test("WorkerPool.run() returns the default export's output", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 2 });
  assert.equal(await pool.run(21), 42);
  assert.deepEqual(await Promise.all([1, 2, 3, 4].map((n) => pool.run(n))), [2, 4, 6, 8]);
});

Deno.test("WorkerPool.run() calls the export named by task, sync or async", async () => {
  await using pool = new WorkerPool(TASKS.href, { maxWorkers: 1 });
  assert.equal(await pool.run({ a: 2, b: 3 }, { task: "add" }), 5);
  assert.equal(await pool.run({ value: "later", ms: 1 }, { task: "later" }), "later");
});

Deno.test("WorkerPool.run() rejects with the task's error: name, message, stack, code, cause", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1 });
  const error = await rejection(pool.run(null, { task: "fail" }));
  assert.ok(error instanceof Error);
  assert.equal(error.name, "ValidationError");
  assert.equal(error.message, "task failed");
  assert.equal(error.code, "E_BAD_INPUT");
  assert.match(error.stack, /fail/);
  assert.match(error.stack, /tasks\.mjs/);
  assert.ok(error.cause instanceof RangeError);
  assert.equal(error.cause.message, "middle");
  assert.ok(error.cause.cause instanceof TypeError);
  assert.equal(error.cause.cause.message, "root cause");
  await assert.rejects(pool.run(null, { task: "rejectAsync" }), SyntaxError);
  assert.equal(await rejection(pool.run(null, { task: "throwString" })), "plain string");
  assert.equal(await pool.run(4), 8, "the worker goes on after task errors");
  assert.equal(pool.stats().crashed, 0);
});

Deno.test("WorkerPool.run() reports progress to onProgress", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1 });
  const seen: unknown[] = [];
  const output = await pool.run(3, { task: "progress", onProgress: (v) => seen.push(v) });
  assert.equal(output, "done");
  assert.deepEqual(seen, [1, 2, 3]);
});

Deno.test("WorkerPool.run() survives an onProgress that throws", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1 });
  const reported: unknown[] = [];
  const listener = (event: ErrorEvent): void => {
    event.preventDefault();
    reported.push(event.error);
  };
  globalThis.addEventListener("error", listener);
  try {
    const output = await pool.run(2, {
      task: "progress",
      onProgress: () => {
        throw new Error("bad listener");
      },
    });
    assert.equal(output, "done");
    assert.equal(reported.length, 2);
  } finally {
    globalThis.removeEventListener("error", listener);
  }
});

Deno.test("WorkerPool.run() moves transferables both ways", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1 });
  const input = new ArrayBuffer(1024);
  assert.equal(await pool.run(input, { task: "byteLength", transfer: [input] }), 1024);
  assert.equal(input.byteLength, 0, "the input buffer was moved, not copied");
  const output = await pool.run<Uint8Array>(16, { task: "makeBuffer" });
  assert.ok(output instanceof Uint8Array);
  assert.deepEqual([...output], new Array(16).fill(7));
});

Deno.test("WorkerPool.run() rejects what cannot be cloned, and only that task", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1 });
  await pool.run(1); // a ready worker, so the next three go out together
  const results = await Promise.allSettled([
    pool.run(1),
    pool.run(() => "not cloneable"),
    pool.run(3),
  ]);
  assert.deepEqual(results[0], { status: "fulfilled", value: 2 });
  assert.equal(results[1].status, "rejected");
  assert.equal((results[1] as PromiseRejectedResult).reason.name, "DataCloneError");
  assert.deepEqual(results[2], { status: "fulfilled", value: 6 });
  const error = await rejection(pool.run(null, { task: "unclonable" }));
  assert.equal(error.name, "DataCloneError");
  assert.equal(await pool.run(5), 10);
});

Deno.test("WorkerPool crash: an uncaught error rejects the running task with WorkerCrashedError", async () => {
  await using pool = new WorkerPool(TASKS, { minWorkers: 1, maxWorkers: 1 });
  const before = await pool.run(null, { task: "whoAmI" });
  const error = await rejection(pool.run(null, { task: "crashLater" }));
  assert.ok(error instanceof WorkerCrashedError);
  assert.equal(error.code, "WORKER_CRASHED");
  assert.match(String(error.cause?.message), /uncaught in worker/);
  const after = await pool.run(null, { task: "whoAmI" });
  assert.notEqual(after, before, "a new worker took over");
  assert.equal(pool.stats().crashed, 1);
  assert.equal(pool.stats().workers, 1);
});

Deno.test("WorkerPool crash: an unhandled rejection counts as a crash", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1 });
  const error = await rejection(pool.run(null, { task: "rejectUnhandled" }));
  assert.ok(error instanceof WorkerCrashedError);
  assert.match(String(error.cause?.message), /nobody handles this/);
  assert.equal(await pool.run(2), 4);
});

Deno.test("WorkerPool crash: an exit call gives the exit code", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1 });
  const error = await rejection(pool.run(3, { task: "exit" }));
  assert.ok(error instanceof WorkerCrashedError);
  assert.equal(error.exitCode, 3);
  assert.match(error.message, /exit code 3/);
  assert.equal(await pool.run(2), 4);
});

Deno.test("WorkerPool crash: tasks waiting behind the crashed one go on untouched", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1 });
  await pool.run(0); // ready, so the whole burst goes to the one worker
  const burst = [
    pool.run(1),
    pool.run(null, { task: "crashLater" }),
    ...[2, 3, 4, 5].map((n) => pool.run(n)),
  ];
  const results = await Promise.allSettled(burst);
  assert.deepEqual(results[0], { status: "fulfilled", value: 2 });
  assert.ok((results[1] as PromiseRejectedResult).reason instanceof WorkerCrashedError);
  assert.deepEqual(
    results.slice(2).map((r) => (r as PromiseFulfilledResult<number>).value),
    [4, 6, 8, 10],
  );
  assert.equal(pool.stats().crashed, 1);
  assert.equal(pool.stats().failed, 1);
});

Deno.test("WorkerPool: 1,000 tasks with random crashes all settle and the pool ends at its size", async () => {
  const size = 3;
  await using pool = new WorkerPool(TASKS, { minWorkers: size, maxWorkers: size });
  let seed = 42;
  const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const inputs = Array.from({ length: 1000 }, (_, n) => ({ n, crash: random() < 0.02 }));
  const crashes = inputs.filter((input) => input.crash).length;
  assert.ok(crashes >= 5, `the seed gives some crashes (${crashes})`);
  const results = await Promise.allSettled(
    inputs.map((input) => pool.run(input, { task: "maybeCrash" })),
  );
  results.forEach((result, i) => {
    if (inputs[i]!.crash) {
      assert.equal(result.status, "rejected", `task ${i} crashed its worker`);
      assert.ok((result as PromiseRejectedResult).reason instanceof WorkerCrashedError);
    } else {
      assert.deepEqual(result, { status: "fulfilled", value: i * 2 }, `task ${i}`);
    }
  });
  const stats = pool.stats();
  assert.equal(stats.crashed, crashes);
  assert.equal(stats.failed, crashes);
  assert.equal(stats.completed, 1000 - crashes);
  await waitFor(() => pool.stats().workers === size);
  assert.equal(pool.stats().queued, 0);
});

Deno.test("WorkerPool: a module that fails to load rejects with TaskModuleError, without a tight loop", async () => {
  const breaker = new CircuitBreaker({ consecutiveFailures: 2, halfOpenAfter: 60_000 });
  await using pool = new WorkerPool(BROKEN, { maxWorkers: 4, breaker });
  const error = await rejection(pool.run(1));
  assert.ok(error instanceof TaskModuleError);
  assert.equal(error.code, "TASK_MODULE");
  assert.equal(error.moduleUrl, BROKEN.href);
  assert.match(String(error.cause?.message), /broken on purpose/);
  assert.equal(breaker.state, "open");
  const failures = breaker.counts.failures;
  assert.ok(failures >= 2 && failures <= 4, `${failures} load attempts`);
  // While the breaker is open, no worker starts and runs fail at once.
  const again = await rejection(pool.run(2));
  assert.ok(again instanceof TaskModuleError);
  assert.equal(breaker.counts.failures, failures);
  assert.equal(pool.stats().workers, 0);
});

Deno.test("WorkerPool: a module that crashes soon after it loaded is a failed start, not a restart loop", async () => {
  const breaker = new CircuitBreaker({ consecutiveFailures: 3, halfOpenAfter: 60_000 });
  await using pool = new WorkerPool(CRASH_AFTER_LOAD, { minWorkers: 1, breaker });
  await waitFor(() => breaker.state === "open", 30_000);
  assert.equal(breaker.counts.failures, 3, "three starts, then the breaker stops them");
  assert.equal(pool.stats().workers, 0, "no worker restarts while it is open");
  const error = await rejection(pool.run(1));
  assert.ok(error instanceof TaskModuleError);
  assert.match(error.message, /ended its worker before the worker finished a task/);
  assert.ok(error.cause instanceof WorkerCrashedError);
  assert.match(String(error.cause.cause?.message), /crashed after load/);
  assert.equal(breaker.counts.failures, 3);
  assert.equal(pool.stats().workers, 0);
});

Deno.test("WorkerPool: tasks waiting when the breaker opens on early crashes get TaskModuleError", async () => {
  const breaker = new CircuitBreaker({ consecutiveFailures: 2, halfOpenAfter: 60_000 });
  await using pool = new WorkerPool(CRASH_AFTER_LOAD, { maxWorkers: 1, breaker });
  const waiting = [1, 2, 3].map((n) => rejection(pool.run(n, { task: "hang" })));
  const errors = await Promise.all(waiting);
  // A task sent to a worker before it crashed gets the crash; the rest get the module's failure.
  for (const error of errors) {
    assert.ok(error instanceof TaskModuleError || error instanceof WorkerCrashedError, `${error}`);
  }
  assert.ok(errors[2] instanceof TaskModuleError, "the breaker stopped the restarts");
  assert.equal(breaker.state, "open");
  assert.ok(await rejection(pool.run(4)) instanceof TaskModuleError);
});

Deno.test("WorkerPool: a missing module file is a TaskModuleError", async () => {
  const missing = new URL("./testdata/missing.mjs", import.meta.url);
  await using pool = new WorkerPool(missing, { maxWorkers: 1 });
  const error = await rejection(pool.run(1));
  assert.ok(error instanceof TaskModuleError);
  assert.ok(error.cause instanceof Error);
});

Deno.test("WorkerPool: export and error names like Object.prototype's members stay plain names", async () => {
  await using pool = new WorkerPool(PROTOTYPE_NAMES, { maxWorkers: 1 });
  for (const name of PROTOTYPE_KEYS) {
    if (name === "constructor" || name === "toString") {
      assert.equal(await pool.run(1, { task: name }), `${name}:1`, "the module's own export");
    } else {
      const error = await rejection(pool.run(1, { task: name }));
      assert.ok(error instanceof TaskModuleError, `${name}: ${error}`);
      assert.equal(error.code, "TASK_MODULE");
    }
    const thrown = await rejection(pool.run(name, { task: "throwNamed" }));
    assert.ok(thrown instanceof Error, `an error named ${name}`);
    assert.equal(thrown.name, name);
    assert.equal(thrown.message, `named ${name}`);
  }
  assertPrototypeClean();
  assert.equal(pool.stats().crashed, 0);
});

Deno.test("WorkerPool: a missing export is a TaskModuleError, and the worker goes on", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1 });
  const error = await rejection(pool.run(1, { task: "nope" }));
  assert.ok(error instanceof TaskModuleError);
  assert.match(error.message, /has no function export "nope"/);
  await assert.rejects(pool.run(1, { task: "notAFunction" }), TaskModuleError);
  assert.equal(await pool.run(1), 2);
});

Deno.test("WorkerPool: cancelling a queued task removes it before it runs", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1 });
  const busy = pool.run({ value: "first", ms: 100 }, { task: "later" });
  const controller = new AbortController();
  const queued = pool.run(1, { signal: controller.signal });
  controller.abort(new Error("changed my mind"));
  await assert.rejects(queued, { message: "changed my mind" });
  assert.equal(await busy, "first");
  assert.equal(await pool.run(null, { task: "callCount" }), 0, "the cancelled task never ran");
  assert.equal(pool.stats().failed, 1);
});

Deno.test("WorkerPool: tasks sharing one signal add one abort listener, removed once they settle", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1 });
  const controller = new AbortController();
  const signal = controller.signal;
  let listeners = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = (...args: Parameters<typeof add>) => (listeners++, add(...args));
  signal.removeEventListener = (
    ...args: Parameters<typeof remove>
  ) => (listeners--, remove(...args));
  const done = await Promise.all(Array.from({ length: 200 }, (_, n) => pool.run(n, { signal })));
  assert.equal(done[199], 398);
  assert.equal(listeners, 0, "none left after they ran");
  const queued = Array.from({ length: 200 }, (_, n) => pool.run(n, { signal }));
  assert.equal(listeners, 1, "one listener for 200 tasks");
  controller.abort(new Error("all of them"));
  const results = await Promise.allSettled(queued);
  assert.ok(results.every((r) => r.status === "rejected" && r.reason.message === "all of them"));
});

Deno.test("WorkerPool: cancelling tasks queued behind a running one skips them", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1, gracePeriod: 60_000 });
  await pool.run(0); // a quick answer, so the pool may send the burst ahead to the worker
  const first = new AbortController();
  const behind = new AbortController();
  const burst = [
    pool.run(null, { task: "cooperative", signal: first.signal }),
    ...[1, 2, 3].map((n) => pool.run(n, { signal: behind.signal })),
    pool.run(4),
  ];
  await waitFor(() => pool.stats().busy === 1);
  // In this order the worker sees the three cancels before the running task ends.
  behind.abort(new Error("stop"));
  first.abort(new Error("stop first"));
  const results = await Promise.allSettled(burst);
  assert.deepEqual(results.map((r) => r.status), [
    "rejected",
    "rejected",
    "rejected",
    "rejected",
    "fulfilled",
  ]);
  assert.equal(await pool.run(null, { task: "callCount" }), 2, "only 0 and 4 ran");
  assert.equal(pool.stats().crashed, 0);
});

Deno.test("WorkerPool: cancelling a running task aborts ctx.signal and keeps a worker that stops", async () => {
  // A generous grace period: this is about the task stopping, not how fast its thread runs.
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1, gracePeriod: 60_000 });
  const before = await pool.run(null, { task: "whoAmI" });
  const controller = new AbortController();
  const running = pool.run(null, { task: "cooperative", signal: controller.signal });
  await waitFor(() => pool.stats().busy === 1);
  const reason = new Error("cancelled by caller");
  controller.abort(reason);
  await assert.rejects(running, (error) => error === reason);
  assert.equal(await pool.run(null, { task: "whoAmI" }), before, "same worker");
  assert.equal(await pool.run(30, { task: "sawAbort" }), "not aborted");
});

Deno.test("WorkerPool: the task's signal carries the abort reason's name", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1, gracePeriod: 60_000 });
  const controller = new AbortController();
  const running = pool.run(50, { task: "sawAbort", signal: controller.signal });
  await waitFor(() => pool.stats().busy === 1);
  controller.abort(new TaskTimeoutError(1));
  await assert.rejects(running, TaskTimeoutError);
  // The task itself finishes and saw the abort; its answer is dropped, the worker stays.
  await waitFor(() => pool.stats().busy === 0, 30_000);
  assert.equal(pool.stats().crashed, 0);
  assert.equal(pool.stats().workers, 1);
});

Deno.test("WorkerPool: a running task that ignores its signal loses its worker after the grace period", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1, gracePeriod: 20 });
  const before = await pool.run(null, { task: "whoAmI" });
  const controller = new AbortController();
  const running = pool.run(null, { task: "hang", signal: controller.signal });
  const behind = pool.run(5);
  await waitFor(() => pool.stats().busy === 1);
  controller.abort(new Error("enough"));
  await assert.rejects(running, { message: "enough" });
  assert.equal(await behind, 10, "the task behind it ran on a new worker");
  assert.notEqual(await pool.run(null, { task: "whoAmI" }), before);
  assert.equal(pool.stats().crashed, 0);
});

Deno.test("WorkerPool: a task past its timeout rejects with TaskTimeoutError; a blocked worker is ended", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1, gracePeriod: 10 });
  const error = await rejection(pool.run(5_000, { task: "spin", timeout: 30 }));
  assert.ok(error instanceof TaskTimeoutError);
  assert.equal(error.ms, 30);
  assert.equal(error.code, "TASK_TIMEOUT");
  assert.equal(await pool.run(3), 6);
});

Deno.test("WorkerPool: taskTimeout applies to every task, queued ones too", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1, taskTimeout: 40, gracePeriod: 10 });
  const first = pool.run(null, { task: "hang" });
  const second = pool.run(1);
  await assert.rejects(first, TaskTimeoutError);
  await assert.rejects(second, TaskTimeoutError);
  assert.equal(await pool.run(2, { timeout: 10_000 }), 4);
});

Deno.test("WorkerPool.run() rejects at once with an aborted signal", async () => {
  await using pool = new WorkerPool(TASKS);
  await assert.rejects(pool.run(1, { signal: AbortSignal.abort(new Error("already")) }), {
    message: "already",
  });
  assert.equal(pool.stats().workers, 0);
});

Deno.test("WorkerPool: maxQueue counts waiting tasks; past it run() rejects at once with QUEUE_FULL", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 1, maxQueue: 2 });
  const accepted = [pool.run(1), pool.run(2), pool.run(3)]; // one runs, two wait
  const error = await rejection(pool.run(4));
  assert.ok(error instanceof ExecutionError);
  assert.equal(error.code, "QUEUE_FULL");
  assert.match(error.message, /1 tasks run \(maxWorkers\) and 2 wait \(maxQueue\)/);
  assert.deepEqual(await Promise.all(accepted), [2, 4, 6]);
  assert.equal(await pool.run(4), 8, "room again once the queue drained");
});

Deno.test("WorkerPool: maxQueue 0 runs a task on every idle or not yet started worker", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 2, maxQueue: 0 });
  const gates = [gate(), gate()];
  const running = gates.map((g, i) => pool.run(g.input(i), g.options));
  await Promise.all(gates.map((g) => g.started));
  assert.equal(pool.stats().busy, 2, "both workers run at once");
  assert.equal((await rejection(pool.run(3))).code, "QUEUE_FULL");
  for (const g of gates) g.release();
  assert.deepEqual(await Promise.all(running), [0, 1]);
});

Deno.test("WorkerPool: maxQueue 1, a burst of 4 on 2 workers: 2 run, 1 waits, 1 is refused", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 2, maxQueue: 1 });
  const results = await Promise.allSettled([1, 2, 3, 4].map((n) => pool.run(n)));
  assert.deepEqual(results.slice(0, 3), [2, 4, 6].map((value) => ({ status: "fulfilled", value })));
  assert.equal((results[3] as PromiseRejectedResult).reason.code, "QUEUE_FULL");
});

Deno.test("WorkerPool: a worker whose READY comes before its start has settled gets tasks only after", async () => {
  // Deno can run a new worker's READY before spawnWorker's promise settles; a task sent then
  // crashed the process (reading keepAlive of undefined). Many starts make that likely.
  for (let round = 0; round < 20; round++) {
    await using pool = new WorkerPool(TASKS, { maxWorkers: 2, maxQueue: 0 });
    const later = (value: number) => pool.run({ value, ms: 20 }, { task: "later" });
    const results = await Promise.allSettled([1, 2, 3].map(later));
    assert.deepEqual(results.slice(0, 2), [1, 2].map((value) => ({ status: "fulfilled", value })));
  }
});

Deno.test("WorkerPool.close() lets running tasks finish and rejects waiting ones", async () => {
  const pool = new WorkerPool(TASKS, { maxWorkers: 1 });
  await pool.run(0);
  const gated = gate();
  const running = pool.run(gated.input("finished"), gated.options);
  await gated.started;
  const waiting = [1, 2, 3].map((n) => rejection(pool.run(n)));
  const closed = pool.close();
  gated.release(); // the running task ends only now, after close()
  await closed;
  assert.equal(await running, "finished");
  for (const task of waiting) assert.ok(await task instanceof PoolClosedError);
  await assert.rejects(pool.run(1), PoolClosedError);
  assert.equal(pool.stats().workers, 0);
  assert.equal(await pool.close().then(() => "again"), "again");
});

Deno.test("WorkerPool.terminate() ends running tasks and workers now", async () => {
  const pool = new WorkerPool(TASKS, { minWorkers: 2, maxWorkers: 2 });
  const stuck = [pool.run(null, { task: "hang" }), pool.run(null, { task: "hang" })];
  const queued = pool.run(1);
  const all = [...stuck, queued].map(rejection);
  await waitFor(() => pool.stats().busy === 2);
  await pool.terminate();
  for (const task of all) assert.ok(await task instanceof PoolClosedError);
  assert.equal(pool.stats().workers, 0);
});

Deno.test("WorkerPool: close() before any worker is ready ends the starting ones", async () => {
  const pool = new WorkerPool(TASKS, { minWorkers: 2 });
  assert.equal(pool.stats().workers, 2);
  await pool.close();
  assert.equal(pool.stats().workers, 0);
});

Deno.test("WorkerPool: workers above minWorkers end after idleTimeout", async () => {
  await using pool = new WorkerPool(TASKS, { minWorkers: 1, maxWorkers: 3, idleTimeout: 20 });
  const burst = Promise.all(Array.from({ length: 30 }, () => pool.run(20, { task: "spin" })));
  await Promise.resolve(); // the pool sends and starts workers in a microtask
  assert.equal(pool.stats().workers, 3, "the burst started more workers");
  await burst;
  await waitFor(() => pool.stats().workers === 1);
});

Deno.test("WorkerPool.stats() counts workers, tasks and latency", async () => {
  await using pool = new WorkerPool(TASKS, { maxWorkers: 2 });
  const empty = pool.stats();
  assert.deepEqual({ ...empty, latency: undefined }, {
    workers: 0,
    busy: 0,
    queued: 0,
    completed: 0,
    failed: 0,
    crashed: 0,
    latency: undefined,
  });
  await Promise.all([1, 2, 3].map((n) => pool.run(n)));
  await pool.run(null, { task: "fail" }).catch(() => {});
  const stats = pool.stats();
  assert.equal(stats.completed, 3);
  assert.equal(stats.failed, 1);
  assert.equal(stats.latency.count, 4);
  assert.ok(stats.latency.max >= stats.latency.min && stats.latency.min > 0);
});

Deno.test("WorkerPool rejects bad options at once with INVALID_OPTION", async () => {
  const bad: [string | URL, Record<string, unknown>][] = [
    ["./tasks.mjs", {}],
    [TASKS, { minWorkers: -1 }],
    [TASKS, { minWorkers: 1.5 }],
    [TASKS, { minWorkers: 3, maxWorkers: 2 }],
    [TASKS, { maxWorkers: 0 }],
    [TASKS, { idleTimeout: -1 }],
    [TASKS, { maxQueue: -1 }],
    [TASKS, { taskTimeout: Number.NaN }],
    [TASKS, { gracePeriod: -5 }],
    [TASKS, { memoryLimitMb: 0 }],
  ];
  for (const [url, options] of bad) {
    assert.throws(
      () => new WorkerPool(url, options),
      (error: unknown) => error instanceof ExecutionError && error.code === "INVALID_OPTION",
      JSON.stringify(options),
    );
  }
  await using pool = new WorkerPool(TASKS, { maxQueue: Infinity });
  for (const options of [{ timeout: -1 }, { task: 42 as unknown as string }]) {
    const error = await rejection(pool.run(1, options));
    assert.ok(error instanceof ExecutionError);
    assert.equal(error.code, "INVALID_OPTION");
  }
  assert.equal(pool.stats().workers, 0);
});

Deno.test("WorkerPool runs a TypeScript task module on Deno", async () => {
  await using pool = new WorkerPool(new URL("./testdata/typed_task.ts", import.meta.url));
  assert.equal(await pool.run({ width: 3, height: 4 }), 12);
});
