/**
 * The sandbox proof on Deno: a transform whose function reads a file runs in a
 * worker process with only the flow's permissions (real processes, real files).
 */
import assert from "node:assert/strict";
import { runBlueprint } from "../../run_blueprint.ts";
import { workerPoolExecutor } from "../../worker_pool_executor.ts";
import type { NodeRequest, SandboxPermissions } from "../../node_executor.ts";
import { TRANSFORM_TASK_URL } from "./task.ts";

const READ = "async (path) => await Deno.readTextFile(path)";

async function secretFile(): Promise<{ dir: string; file: string }> {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-transform-" });
  const file = `${dir}/secret.txt`;
  await Deno.writeTextFile(file, "the secret");
  return { dir, file };
}

function readRequest(file: string, sandbox: SandboxPermissions): NodeRequest {
  return {
    module: TRANSFORM_TASK_URL,
    export: "transform",
    input: { parameters: { operation: "map", transformFunction: READ }, input: [file] },
    nodeId: "read-secret",
    baseUrl: "file:///flows/read.flow.yaml",
    sandbox,
  };
}

const runOptions = () => ({
  signal: new AbortController().signal,
  timeout: 60_000,
  onProgress: () => {},
});

Deno.test("transform on workerPoolExecutor with sandbox {}: a function that reads a file is refused", async () => {
  const { file } = await secretFile();
  const executor = workerPoolExecutor({ maxWorkers: 1 });
  try {
    await assert.rejects(executor.run(readRequest(file, {}), runOptions()), (error) => {
      const failure = error as Error & { code?: string; cause?: Error };
      assert.equal(failure.code, "TRANSFORM_FUNCTION");
      assert.match(failure.message, /Transform "map" failed on item 0: Requires read access/);
      assert.equal(failure.cause?.name, "NotCapable");
      return true;
    });
  } finally {
    await executor.close();
  }
});

Deno.test("transform on workerPoolExecutor with sandbox { read: [dir] }: the same function reads that folder", async () => {
  const { dir, file } = await secretFile();
  const executor = workerPoolExecutor({ maxWorkers: 1 });
  try {
    const output = await executor.run(readRequest(file, { read: [dir] }), runOptions());
    assert.deepEqual(output, ["the secret"]);
  } finally {
    await executor.close();
  }
});

Deno.test("transform in a run (the engine, the default executor): the sandboxed node fails, naming the refusal", async () => {
  const { file } = await secretFile();
  const node = (sandbox: SandboxPermissions) => ({
    id: "read-secret",
    type: "transform",
    position: { x: 0, y: 0 },
    data: {
      module: TRANSFORM_TASK_URL,
      export: "transform",
      input: { parameters: { operation: "map", transformFunction: READ }, input: [file] },
      sandbox,
    },
  });
  const run = runBlueprint({ id: "read", name: "Read", nodes: [node({})], edges: [] });
  const result = await run.result;
  assert.equal(result.status, "failed");
  const failed = result.nodes.get("read-secret");
  assert.equal(failed?.error?.code, "TRANSFORM_FUNCTION");
  assert.match(failed?.error?.message ?? "", /Requires read access/);
  assert.equal(result.outputs.has("read-secret"), false, "nothing was read");
});
