import assert from "node:assert/strict";
import { inThreadExecutor } from "./in_thread_executor.ts";
import type { NodeExecutor } from "./node_executor.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { blueprint, edge, task } from "./testdata/engine/blueprints.ts";

// Listeners on one signal shared by N waiting tasks cost O(N) each to remove: O(N²) a run.
Deno.test("runBlueprint() gives every task (node or mapped element) a signal of its own", async () => {
  const real = inThreadExecutor();
  const signals = new Set<AbortSignal>();
  let calls = 0;
  const executor: NodeExecutor = {
    description: "watched",
    run: (request, options) => {
      calls++;
      signals.add(options.signal);
      return real.run(request, options);
    },
    close: () => real.close(),
  };
  const leaves = Array.from({ length: 20 }, (_, i) => task(`leaf${i}`, "echo"));
  const bp = blueprint([
    task("source", "echo", { input: { items: Array.from({ length: 20 }, (_, i) => i) } }),
    ...leaves,
    task("m", "double", { map: "item" }),
  ], [
    ...leaves.map((leaf) => edge("source", leaf.id, { targetHandle: "x" })),
    edge("source", "m", { sourceHandle: "items", targetHandle: "item" }),
  ]);
  const result = await runBlueprint(bp, { executor, concurrency: 2 }).result;
  assert.equal(result.status, "completed", JSON.stringify(result.error));
  assert.equal(calls, 41);
  assert.equal(signals.size, calls);
});
