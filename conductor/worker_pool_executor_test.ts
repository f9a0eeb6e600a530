import assert from "node:assert/strict";
import { WorkerCrashedError } from "@atomiton/execution";
import { ConductorError } from "./conductor_error.ts";
import { workerPoolExecutor } from "./worker_pool_executor.ts";
import { executorCases, options, request } from "./testdata/executors/cases.ts";

executorCases({
  name: "workerPoolExecutor()",
  make: () => Promise.resolve({ executor: workerPoolExecutor({ maxWorkers: 1, gracePeriod: 0 }) }),
  progress: true,
});

Deno.test("workerPoolExecutor() rejects a crashed worker's node with WorkerCrashedError, then runs on", async () => {
  const executor = workerPoolExecutor({ maxWorkers: 1 });
  try {
    await assert.rejects(executor.run(request("crash", null), options()), WorkerCrashedError);
    assert.equal(await executor.run(request(undefined, { n: 5 }), options()), 10);
  } finally {
    await executor.close();
  }
});

Deno.test("workerPoolExecutor() describes its size, the machine's CPUs by default", async () => {
  const one = workerPoolExecutor({ maxWorkers: 1 });
  const three = workerPoolExecutor({ maxWorkers: 3 });
  const sized = workerPoolExecutor();
  try {
    assert.equal(one.description, "1 local worker");
    assert.equal(three.description, "3 local workers");
    assert.match(sized.description, /^\d+ local workers?$/);
  } finally {
    await Promise.all([one.close(), three.close(), sized.close()]);
  }
});

Deno.test("workerPoolExecutor() refuses a bad option with INVALID_OPTION, naming it", () => {
  for (
    const bad of [{ maxWorkers: 0 }, { maxWorkers: 1.5 }, { gracePeriod: -1 }, {
      memoryLimitMb: Number.NaN,
    }]
  ) {
    assert.throws(() => workerPoolExecutor(bad), (error) => {
      assert.ok(error instanceof ConductorError);
      assert.equal(error.code, "INVALID_OPTION");
      assert.match(error.message, new RegExp(`Invalid ${Object.keys(bad)[0]} `));
      return true;
    });
  }
});

Deno.test("workerPoolExecutor() refuses to run after close()", async () => {
  const executor = workerPoolExecutor({ maxWorkers: 1 });
  await executor.close();
  await assert.rejects(
    executor.run(request(undefined, { n: 1 }), options()),
    (error) => (error as { code?: string }).code === "POOL_CLOSED",
  );
});
