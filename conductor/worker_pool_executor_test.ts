import assert from "node:assert/strict";
import { WorkerCrashedError } from "@atomiton/execution";
import { ConductorError } from "./conductor_error.ts";
import { workerPoolExecutor } from "./worker_pool_executor.ts";
import type { NodeRequest, SandboxPermissions } from "./node_executor.ts";
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

// Reads a file, or counts its calls in this worker (a fresh pool starts from 1).
const PROBE = `data:text/javascript,${
  encodeURIComponent(
    "let calls = 0; export default (path) => path ? Deno.readTextFile(path) : ++calls;",
  )
}`;

function sandboxed(input: unknown, sandbox?: SandboxPermissions): NodeRequest {
  return { module: PROBE, input, nodeId: "transform", baseUrl: "file:///flow.yaml", sandbox };
}

Deno.test("workerPoolExecutor() runs a sandboxed node with only its permissions on Deno", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-sandbox-" });
  const file = `${dir}/data.txt`;
  await Deno.writeTextFile(file, "granted");
  const executor = workerPoolExecutor({ maxWorkers: 1 });
  try {
    const error = await executor.run(sandboxed(file, {}), options()).catch((e: Error) => e);
    assert.ok(error instanceof Error, `expected a refusal, got ${String(error)}`);
    assert.equal(error.name, "NotCapable");
    assert.match(error.message, /Requires read access/);
    assert.equal(await executor.run(sandboxed(file, { read: [dir] }), options()), "granted");
    // The same executor's unsandboxed nodes keep this process's rights.
    assert.equal(await executor.run(sandboxed(file), options()), "granted");
  } finally {
    await executor.close();
  }
});

Deno.test("workerPoolExecutor() keeps one pool per set of permissions, apart from the main pool", async () => {
  const executor = workerPoolExecutor({ maxWorkers: 1 });
  try {
    const run = (sandbox?: SandboxPermissions) => executor.run(sandboxed(null, sandbox), options());
    assert.deepEqual([await run({}), await run({}), await run()], [1, 2, 1]);
    assert.equal(await run({ env: ["HOME"] }), 1, "another set: another pool");
    assert.equal(await run({}), 3);
  } finally {
    await executor.close();
  }
  await assert.rejects(
    executor.run(sandboxed(null, { net: ["127.0.0.1"] }), options()),
    (error) => (error as { code?: string }).code === "POOL_CLOSED",
  );
});
