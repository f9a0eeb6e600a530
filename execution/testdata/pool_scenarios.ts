// What WorkerPool owes its caller, checked the same way on Deno, Node.js and in
// Chromium: the runtime tests bundle this file and run it there.
import {
  PoolClosedError,
  TaskModuleError,
  TaskTimeoutError,
  WorkerCrashedError,
  WorkerPool,
} from "@atomiton/execution";
import { gate } from "./wait_for.ts";

/** Where the task modules are, and which runtime this is. */
export interface ScenarioSetup {
  readonly tasks: string;
  readonly broken: string;
  readonly runtime: "deno" | "node" | "browser";
}

type Check = (ok: boolean, message: string) => void;

function causeOf(error: unknown): string {
  return String((error as { cause?: { message?: string } })?.cause?.message);
}

async function settle<T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> {
  return (await Promise.allSettled([promise]))[0]!;
}

async function until(condition: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

/** Runs every scenario; returns the failures (empty when all pass). */
export async function runScenarios(setup: ScenarioSetup): Promise<string[]> {
  const failures: string[] = [];
  const check: Check = (ok, message) => {
    if (!ok) failures.push(`${setup.runtime}: ${message}`);
  };
  const scenarios: [string, (check: Check) => Promise<void>][] = [
    ["basics", (c) => basics(setup, c)],
    ["sizing", (c) => sizing(setup, c)],
    ["crashes", (c) => crashes(setup, c)],
    ["random crashes", (c) => randomCrashes(setup, c)],
    ["cancel and timeout", (c) => cancelAndTimeout(setup, c)],
    ["load failure", (c) => loadFailure(setup, c)],
    ["close and terminate", (c) => closeAndTerminate(setup, c)],
  ];
  // Browsers cannot limit a worker's heap; Deno runs such a worker as a child process.
  if (setup.runtime !== "browser") {
    scenarios.push(["memory limit", (c) => memoryLimit(setup, c)]);
  }
  for (const [name, scenario] of scenarios) {
    try {
      await scenario(check);
    } catch (error) {
      failures.push(`${setup.runtime}: ${name} threw ${(error as Error)?.stack ?? error}`);
    }
  }
  return failures;
}

async function basics(setup: ScenarioSetup, check: Check): Promise<void> {
  const pool = new WorkerPool(setup.tasks, { maxWorkers: 2 });
  try {
    check(await pool.run(21) === 42, "default export");
    const sums = await Promise.all([1, 2, 3].map((a) => pool.run({ a, b: 1 }, { task: "add" })));
    check(sums.join() === "2,3,4", `named export ${sums}`);
    check(await pool.run({ value: "v", ms: 1 }, { task: "later" }) === "v", "async task");
    const failed = await settle(pool.run(null, { task: "fail" }));
    const error = (failed as PromiseRejectedResult).reason;
    check(
      error?.name === "ValidationError" && error.code === "E_BAD_INPUT" &&
        error.cause instanceof RangeError && error.cause.cause instanceof TypeError &&
        /tasks\.mjs/.test(error.stack),
      `task error arrives whole: ${error?.name} ${error?.code} ${error?.stack}`,
    );
    const seen: unknown[] = [];
    await pool.run(3, { task: "progress", onProgress: (v) => seen.push(v) });
    check(seen.join() === "1,2,3", `progress ${seen}`);
    const buffer = new ArrayBuffer(64);
    const length = await pool.run(buffer, { task: "byteLength", transfer: [buffer] });
    check(length === 64 && buffer.byteLength === 0, "input moved");
    const bytes = await pool.run<Uint8Array>(8, { task: "makeBuffer" });
    check(bytes instanceof Uint8Array && bytes[7] === 7, "output moved");
  } finally {
    await pool.close();
  }
}

// The runtime's own count of logical CPUs: Node.js 20 has no navigator.
function logicalCpus(): number {
  const scope = globalThis as {
    process?: { getBuiltinModule?(id: string): { availableParallelism(): number } };
    navigator?: { hardwareConcurrency?: number };
  };
  return scope.process?.getBuiltinModule?.("node:os").availableParallelism() ??
    scope.navigator!.hardwareConcurrency!;
}

async function sizing(setup: ScenarioSetup, check: Check): Promise<void> {
  const cpus = logicalCpus();
  const pool = new WorkerPool(setup.tasks);
  try {
    const tasks = Array.from({ length: cpus + 1 }, (_, n) => pool.run(n));
    await Promise.resolve(); // the pool starts its workers in a microtask
    check(pool.stats().workers === cpus, `${pool.stats().workers} workers for ${cpus} CPUs`);
    await Promise.all(tasks);
  } finally {
    await pool.close();
  }
}

async function crashes(setup: ScenarioSetup, check: Check): Promise<void> {
  const pool = new WorkerPool(setup.tasks, { minWorkers: 1, maxWorkers: 1 });
  try {
    await pool.run(0);
    const burst = [
      pool.run(null, { task: "crashLater" }),
      pool.run(1),
      pool.run(2),
    ];
    const [crashed, ...rest] = await Promise.allSettled(burst);
    const reason = (crashed as PromiseRejectedResult).reason;
    check(
      reason instanceof WorkerCrashedError && /uncaught in worker/.test(causeOf(reason)),
      `uncaught error crashes the worker: ${reason?.stack ?? reason}`,
    );
    check(
      rest.map((r) => (r as PromiseFulfilledResult<number>).value).join() === "2,4",
      "tasks behind the crash go on",
    );
    const exited = (await settle(pool.run(3, { task: "exit" })) as PromiseRejectedResult).reason;
    const code = setup.runtime === "browser" ? 0 : 3;
    check(
      exited instanceof WorkerCrashedError && exited.exitCode === code,
      `exit call: ${exited?.exitCode} (expected ${code})`,
    );
    const rejected = await settle(pool.run(null, { task: "rejectUnhandled" }));
    check(
      (rejected as PromiseRejectedResult).reason instanceof WorkerCrashedError,
      "unhandled rejection",
    );
    check(pool.stats().crashed === 3, `crashed ${pool.stats().crashed}`);
    check(await pool.run(5) === 10, "replacement worker runs tasks");
  } finally {
    await pool.close();
  }
}

async function randomCrashes(setup: ScenarioSetup, check: Check): Promise<void> {
  const size = 3;
  const pool = new WorkerPool(setup.tasks, { minWorkers: size, maxWorkers: size });
  try {
    let seed = 7;
    const random = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const inputs = Array.from({ length: 1000 }, (_, n) => ({ n, crash: random() < 0.02 }));
    const crashCount = inputs.filter((input) => input.crash).length;
    const results = await Promise.allSettled(
      inputs.map((input) => pool.run(input, { task: "maybeCrash" })),
    );
    let wrong = 0;
    results.forEach((result, i) => {
      const ok = inputs[i]!.crash
        ? result.status === "rejected" && result.reason instanceof WorkerCrashedError
        : result.status === "fulfilled" && result.value === i * 2;
      if (!ok) wrong++;
    });
    check(wrong === 0, `${wrong} of 1000 tasks settled wrongly`);
    check(pool.stats().crashed === crashCount, `crashed ${pool.stats().crashed} / ${crashCount}`);
    check(await until(() => pool.stats().workers === size), `ends at ${pool.stats().workers}`);
  } finally {
    await pool.close();
  }
}

async function cancelAndTimeout(setup: ScenarioSetup, check: Check): Promise<void> {
  // A generous grace period: whether a task that stops keeps its worker must not depend on
  // how soon its thread runs.
  const patient = new WorkerPool(setup.tasks, { maxWorkers: 1, gracePeriod: 60_000 });
  try {
    const first = await patient.run(null, { task: "whoAmI" });
    const controller = new AbortController();
    const cooperative = patient.run(null, { task: "cooperative", signal: controller.signal });
    await until(() => patient.stats().busy === 1);
    const reason = new Error("stop");
    controller.abort(reason);
    const stopped = await settle(cooperative);
    check((stopped as PromiseRejectedResult).reason === reason, "rejects with the reason");
    const same = await patient.run(null, { task: "whoAmI" }) === first;
    check(same, "a task that stops keeps its worker");
  } finally {
    await patient.close();
  }
  // A task that never stops loses its worker whenever the grace period ends.
  const pool = new WorkerPool(setup.tasks, { maxWorkers: 1, gracePeriod: 20 });
  try {
    const first = await pool.run(null, { task: "whoAmI" });
    const timedOut = await settle(pool.run(60_000, { task: "spin", timeout: 30 }));
    const error = (timedOut as PromiseRejectedResult).reason;
    check(error instanceof TaskTimeoutError && error.ms === 30, `timeout ${error}`);
    check(await pool.run(4) === 8, "a blocked worker is replaced");
    check(await pool.run(null, { task: "whoAmI" }) !== first, "by a new one");
  } finally {
    await pool.close();
  }
}

async function loadFailure(setup: ScenarioSetup, check: Check): Promise<void> {
  const pool = new WorkerPool(setup.broken, { maxWorkers: 2 });
  try {
    const failed = await settle(pool.run(1));
    const error = (failed as PromiseRejectedResult).reason;
    check(
      error instanceof TaskModuleError && /broken on purpose/.test(causeOf(error)),
      `load failure ${error?.stack ?? error}`,
    );
    const again = await settle(pool.run(2));
    check((again as PromiseRejectedResult).reason instanceof TaskModuleError, "breaker open");
    check(pool.stats().workers === 0, "no worker restarts");
  } finally {
    await pool.close();
  }
}

async function closeAndTerminate(setup: ScenarioSetup, check: Check): Promise<void> {
  const pool = new WorkerPool(setup.tasks, { maxWorkers: 1 });
  await pool.run(0);
  const gated = gate();
  const running = pool.run(gated.input("finished"), gated.options);
  await gated.started;
  const waiting = settle(pool.run(1));
  const closed = pool.close();
  gated.release(); // the running task ends only after close()
  await closed;
  check(await running === "finished", "close lets the running task finish");
  check((await waiting as PromiseRejectedResult).reason instanceof PoolClosedError, "close");
  check(pool.stats().workers === 0, "close ends the workers");
  const other = new WorkerPool(setup.tasks, { minWorkers: 2, maxWorkers: 2 });
  const stuck = settle(other.run(null, { task: "hang" }));
  await until(() => other.stats().busy === 1);
  await other.terminate();
  check((await stuck as PromiseRejectedResult).reason instanceof PoolClosedError, "terminate");
  check(other.stats().workers === 0, "terminate ends the workers");
}

async function memoryLimit(setup: ScenarioSetup, check: Check): Promise<void> {
  const pool = new WorkerPool(setup.tasks, { maxWorkers: 1, memoryLimitMb: 64 });
  try {
    check(await pool.run(1) === 2, "a task runs under a memory limit");
    const result = await settle(pool.run(null, { task: "exhaustMemory" }));
    const error = (result as PromiseRejectedResult).reason;
    check(
      error instanceof WorkerCrashedError && error.code === "WORKER_CRASHED" &&
        /memory/i.test(causeOf(error)),
      `out of memory ${error?.stack ?? error}`,
    );
    check(await pool.run(3) === 6, "replaced after running out of memory");
    check(pool.stats().crashed === 1, `crashed ${pool.stats().crashed}`);
  } finally {
    await pool.close();
  }
}
