import assert from "node:assert/strict";
import fc from "fast-check";
import { MemoryClient } from "@atomiton/storage";
import type { BlueprintEdge } from "@atomiton/store";
import { inThreadExecutor } from "./in_thread_executor.ts";
import type { NodeExecutor } from "./node_executor.ts";
import { resumeRun } from "./resume_run.ts";
import { runBlueprint } from "./run_blueprint.ts";

// Reports which fed keys it got, and sets the handles its input names.
const SOURCE = `export default (input, ctx) => {
  const out = { id: ctx.nodeId, got: Object.keys(input).filter((k) => /^e\\d+$/.test(k)).sort() };
  for (const handle of input.emit) out[handle] = ctx.nodeId;
  return out;
};`;
const MODULE = `data:text/javascript,${encodeURIComponent(SOURCE)}`;

interface Dag {
  readonly emits: string[][];
  readonly edges: { source: number; target: number; handle: "a" | "b" | undefined }[];
}

const dag: fc.Arbitrary<Dag> = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    emits: fc.array(fc.subarray(["a", "b"]), { minLength: n, maxLength: n }),
    edges: n < 2 ? fc.constant([]) : fc.uniqueArray(
      fc.record({
        ends: fc.uniqueArray(fc.nat({ max: n - 1 }), { minLength: 2, maxLength: 2 }),
        handle: fc.constantFrom("a" as const, "b" as const, undefined),
      }).map(({ ends: [x, y], handle }) => ({
        source: Math.min(x!, y!),
        target: Math.max(x!, y!),
        handle,
      })),
      { maxLength: 14, selector: (e) => `${e.source}-${e.target}-${e.handle}` },
    ),
  })
);

function toBlueprint({ emits, edges }: Dag): object {
  const nodes = emits.map((emit, i) => ({
    id: `n${i}`,
    type: "task",
    position: { x: 0, y: 0 },
    data: { module: MODULE, input: { emit } },
  }));
  const links: BlueprintEdge[] = edges.map((e, i) => ({
    id: `e${i}`,
    source: `n${e.source}`,
    target: `n${e.target}`,
    targetHandle: `e${i}`,
    ...(e.handle ? { sourceHandle: e.handle } : {}),
  }));
  return { id: "dag", name: "dag", nodes, edges: links };
}

/** The obviously right model: nodes in index order (a topological one), one at a time. */
function model({ emits, edges }: Dag): { statuses: string[]; outputs: Map<string, unknown> } {
  const statuses: string[] = [];
  const outputs = new Map<string, Record<string, unknown>>();
  emits.forEach((emit, i) => {
    const incoming = edges.map((e, index) => ({ ...e, index })).filter((e) => e.target === i);
    const taken = incoming.filter((e) => {
      const out = outputs.get(`n${e.source}`);
      return out !== undefined && (e.handle === undefined || out[e.handle] !== undefined);
    });
    if (incoming.length > 0 && taken.length === 0) {
      statuses.push("skipped");
      return;
    }
    statuses.push("completed");
    const out: Record<string, unknown> = {
      id: `n${i}`,
      got: taken.map((e) => `e${e.index}`).sort(),
    };
    for (const handle of emit) out[handle] = `n${i}`;
    outputs.set(`n${i}`, out);
  });
  return { statuses, outputs };
}

function counting(inner: NodeExecutor, counts: Map<string, number>): NodeExecutor {
  return {
    description: inner.description,
    run: (request, options) => {
      counts.set(request.nodeId, (counts.get(request.nodeId) ?? 0) + 1);
      return inner.run(request, options);
    },
    close: () => inner.close(),
  };
}

Deno.test("runBlueprint() on random DAGs with branches matches a sequential model", async () => {
  await fc.assert(
    fc.asyncProperty(dag, fc.integer({ min: 1, max: 4 }), async (graph, concurrency) => {
      const result = await runBlueprint(toBlueprint(graph), {
        executor: inThreadExecutor(),
        concurrency,
      }).result;
      const expected = model(graph);
      assert.equal(result.status, "completed");
      assert.deepEqual([...result.nodes.values()].map((n) => n.status), expected.statuses);
      assert.deepEqual(result.outputs, expected.outputs);
    }),
    { numRuns: 60 },
  );
});

Deno.test("resumeRun() after a cancel at a random point matches the model, no completed node re-run", async () => {
  await fc.assert(
    fc.asyncProperty(dag, fc.nat({ max: 8 }), async (graph, stopAfter) => {
      const storage = new MemoryClient();
      const counts = new Map<string, number>();
      const executor = counting(inThreadExecutor(), counts);
      const run = runBlueprint(toBlueprint(graph), { executor, storage, concurrency: 2 });
      let completed = 0;
      for await (const event of run) {
        const status = (event.data as { status?: string }).status;
        if (status === "completed" && completed++ === stopAfter) run.cancel();
      }
      const first = await run.result;
      const done = [...first.nodes].filter(([, n]) => n.status === "completed").map(([id]) => id);
      const before = new Map(counts);
      const second = await resumeRun(run.id, { executor, storage }).result;
      const expected = model(graph);
      assert.equal(second.status, "completed");
      assert.deepEqual([...second.nodes.values()].map((n) => n.status), expected.statuses);
      assert.deepEqual(second.outputs, expected.outputs);
      for (const id of done) assert.equal(counts.get(id), before.get(id), `${id} ran again`);
    }),
    { numRuns: 60 },
  );
});
