import assert from "node:assert/strict";
import { inThreadExecutor } from "./in_thread_executor.ts";
import { ConductorError } from "./conductor_error.ts";
import { executorCases, options, request } from "./testdata/executors/cases.ts";

executorCases({
  name: "inThreadExecutor()",
  make: () => Promise.resolve({ executor: inThreadExecutor() }),
  progress: true,
});

Deno.test("inThreadExecutor() aborts a timed-out task's own signal with the timeout error", async () => {
  const executor = inThreadExecutor();
  const seen = Promise.withResolvers<unknown>();
  (globalThis as { seenReason?: (reason: unknown) => void }).seenReason = seen.resolve;
  const module = `data:text/javascript,${
    encodeURIComponent(
      "export default (_, ctx) => new Promise(() => " +
        "ctx.signal.addEventListener('abort', () => globalThis.seenReason(ctx.signal.reason)));",
    )
  }`;
  const request = { module, input: null, nodeId: "slow", baseUrl: "" };
  let rejection: unknown;
  await assert.rejects(executor.run(request, options({ timeout: 1 })), (error) => {
    rejection = error;
    assert.ok(error instanceof ConductorError);
    assert.equal(error.code, "TASK_TIMEOUT");
    assert.match(error.message, /"slow" timed out after 1 ms.*cannot stop it/);
    return true;
  });
  assert.equal(await seen.promise, rejection);
  await executor.close();
});

Deno.test("inThreadExecutor() imports a module once and calls a named export each time", async () => {
  const executor = inThreadExecutor();
  // A module-level counter: a second import of the same URL would start it again.
  const source = "let runs = 0; export const count = () => ++runs;";
  const module = `data:text/javascript,${encodeURIComponent(source)}`;
  const run = () =>
    executor.run({ module, export: "count", input: null, nodeId: "c", baseUrl: "" }, options());
  assert.deepEqual([await run(), await run(), await run()], [1, 2, 3]);
  await executor.close();
});

Deno.test("inThreadExecutor() refuses a negative timeout with INVALID_OPTION", async () => {
  const executor = inThreadExecutor();
  await assert.rejects(
    executor.run(request(undefined, { n: 1 }), options({ timeout: -1 })),
    (error) => error instanceof ConductorError && error.code === "INVALID_OPTION",
  );
});

Deno.test("inThreadExecutor() close() waits for the nodes still running", async () => {
  const executor = inThreadExecutor();
  let finished = false;
  const running = executor.run(request("progress", 1), options()).then(() => finished = true);
  await executor.close();
  assert.equal(finished, true);
  await running;
});

Deno.test("inThreadExecutor() refuses a sandboxed node with MISCONFIGURED, without loading its module", async () => {
  const executor = inThreadExecutor();
  const state = globalThis as { sandboxedLoaded?: boolean };
  const module = `data:text/javascript,${
    encodeURIComponent("globalThis.sandboxedLoaded = true; export default () => 'ran';")
  }`;
  await assert.rejects(
    executor.run({ module, input: null, nodeId: "shape", baseUrl: "", sandbox: {} }, options()),
    (error) => {
      assert.ok(error instanceof ConductorError);
      assert.equal(error.code, "MISCONFIGURED");
      assert.match(error.message, /"shape" runs code from the flow file.*orchestrator's thread/);
      return true;
    },
  );
  assert.equal(state.sandboxedLoaded, undefined, "none of its code ran here");
  await executor.close();
});
