import assert from "node:assert/strict";
import { ConductorError } from "./conductor_error.ts";
import { inThreadExecutor } from "./in_thread_executor.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { nodePolicy } from "./_engine_attempt.ts";
import { blueprint, task } from "./testdata/engine/blueprints.ts";

Deno.test("runBlueprint() runs a node whose minDelay is over a minute without a maxDelay", async () => {
  const executor = inThreadExecutor();
  const own = await runBlueprint(
    blueprint([task("slow", "echo", { input: { x: 1 }, retry: { minDelay: 120_000 } })]),
    { executor },
  ).result;
  assert.equal(own.status, "completed", JSON.stringify(own.error));
  const runs = await runBlueprint(blueprint([task("slow", "echo", { input: { x: 1 } })]), {
    executor,
    retry: { maxAttempts: 1, minDelay: 90_000 },
  }).result;
  assert.equal(runs.status, "completed", JSON.stringify(runs.error));
  assert.deepEqual(nodePolicy({ minDelay: 120_000 }), {
    minDelay: 120_000,
    maxDelay: 120_000,
    maxAttempts: 1,
  });
  assert.deepEqual(nodePolicy({ minDelay: 10, maxAttempts: 3 }), { minDelay: 10, maxAttempts: 3 });
  assert.deepEqual(nodePolicy(undefined), { maxAttempts: 1 });
});

Deno.test("runBlueprint() refuses a bad default retry policy with INVALID_OPTION naming the field", async () => {
  const bp = blueprint([task("a", "echo")]);
  const cases: [unknown, RegExp][] = [
    [{ maxAttempts: 0 }, /"retry\.maxAttempts" must be a whole number from 1 to 100, got 0/],
    [{ maxAtempts: 2 }, /"retry" has no field "maxAtempts" \(did you mean "maxAttempts"\?\)/],
    [{ minDelay: 10, maxDelay: 5 }, /"retry\.maxDelay" \(5\) must be at least "minDelay" \(10\)/],
    ["three", /"retry" must be an object/],
  ];
  for (const [retry, message] of cases) {
    const options = { executor: inThreadExecutor(), retry } as Parameters<typeof runBlueprint>[1];
    await assert.rejects(runBlueprint(bp, options).result, (error) => {
      assert.ok(error instanceof ConductorError);
      assert.equal(error.code, "INVALID_OPTION");
      assert.match(error.message, message);
      return true;
    });
  }
});
