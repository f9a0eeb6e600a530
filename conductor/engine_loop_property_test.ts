import assert from "node:assert/strict";
import fc from "fast-check";
import { MemoryClient } from "@atomiton/storage";
import { inThreadExecutor } from "./in_thread_executor.ts";
import { resumeRun } from "./resume_run.ts";
import { runBlueprint } from "./run_blueprint.ts";
import { blueprint, edge, type NodeSpec, sub, tempLog } from "./testdata/engine/blueprints.ts";

const LOOP = new URL("./testdata/engine/loop_tasks.mjs", import.meta.url).href;
const loop = (id: string, name: string, input: Record<string, unknown>): NodeSpec => ({
  id,
  type: "task",
  position: { x: 0, y: 0 },
  data: { module: LOOP, export: name, input },
});

/** The sequential model: each element through the chain (times10, then + 1, alternating). */
const model = (value: number, length: number): number =>
  Array.from({ length }).reduce<number>((v, _, i) => i % 2 === 0 ? v * 10 : v + 1, value);

Deno.test("runBlueprint() of a mapped sub-blueprint matches a sequential model, and a resume finishes it", async () => {
  const { dir, log } = await tempLog();
  const broken = `${dir}/broken`;
  const executor = inThreadExecutor();
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 7 }),
      fc.integer({ min: 2, max: 4 }),
      fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      fc.option(fc.nat(6), { nil: undefined }),
      fc.boolean(),
      async (values, length, concurrency, failAt, discard) => {
        await Deno.writeTextFile(broken, "");
        // The element at `failAt` fails in c2 (the first "+ 1") while `broken` exists.
        const fails = failAt !== undefined && failAt < values.length;
        const failOn = fails ? values[failAt]! * 10 : null;
        const nodes = Array.from(
          { length },
          (_, i) =>
            i % 2 === 0
              ? loop(`c${i + 1}`, "times10", { log })
              : loop(`c${i + 1}`, "failOn", { log, broken, failOn }),
        );
        const edges = nodes.slice(1).map((node, i) =>
          edge(`c${i + 1}`, node.id, { targetHandle: "value" })
        );
        const node = sub("m", blueprint(nodes, edges, "chain"), {
          map: "value",
          input: { value: values },
          collect: "single",
          ...(concurrency === undefined ? {} : { concurrency }),
          ...(discard ? { discard } : {}),
        });
        const storage = new MemoryClient();
        const runId = `p${runs++}`;
        const first = await runBlueprint(blueprint([node]), { executor, storage, runId }).result;
        const expected = discard
          ? { count: values.length }
          : values.map((value) => model(value, length));
        // A value equal to the failing one fails too: any of them may be first.
        if (fails) {
          assert.equal(first.status, "failed");
          assert.match(first.error?.nodeId ?? "", /^m\/\d+\/c2$/);
          await Deno.remove(broken);
          const again = await resumeRun(runId, { executor, storage }).result;
          assert.equal(again.status, "completed", JSON.stringify(again.error));
          assert.deepEqual(again.outputs.get("m"), expected);
        } else {
          assert.equal(first.status, "completed", JSON.stringify(first.error));
          assert.deepEqual(first.outputs.get("m"), expected);
        }
      },
    ),
    { numRuns: 60 },
  );
  await Deno.remove(dir, { recursive: true });
});
