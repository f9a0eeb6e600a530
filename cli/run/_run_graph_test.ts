import assert from "node:assert/strict";
import type { BlueprintEdge, BlueprintNode } from "@atomiton/store";
import type { ExecutionEvents } from "@atomiton/store/events";
import type { NodeRequest } from "./_node_runner.ts";
import {
  describeError,
  type GraphOutcome,
  type NodeExecutor,
  type NodeRunOptions,
  readProgress,
  runGraph,
  type RunGraphOptions,
} from "./_run_graph.ts";

type Task = (input: unknown, options: NodeRunOptions, request: NodeRequest) => unknown;
type Event = { type: keyof ExecutionEvents; data: Record<string, unknown> };

const node = (id: string, task: string, input?: unknown, timeout?: number): BlueprintNode => ({
  id,
  type: "task",
  position: { x: 0, y: 0 },
  data: {
    module: "memory:",
    export: task,
    ...(input !== undefined ? { input } : {}),
    ...(timeout !== undefined ? { timeout } : {}),
  },
});
const edge = (
  source: string,
  target: string,
  extra: Partial<BlueprintEdge> = {},
): BlueprintEdge => ({
  id: `${source}->${target}`,
  source,
  target,
  ...extra,
});

// Runs tasks in this thread: the scheduler's contract without workers, so counts are exact.
function inProcess(
  tasks: Record<string, Task>,
): NodeExecutor & { calls: NodeRequest[]; options: NodeRunOptions[] } {
  const calls: NodeRequest[] = [];
  const options: NodeRunOptions[] = [];
  return {
    calls,
    options,
    run(request, runOptions): Promise<unknown> {
      calls.push(request);
      options.push(runOptions);
      return new Promise((resolve, reject) => {
        runOptions.signal.addEventListener("abort", () => reject(runOptions.signal.reason));
        Promise.resolve().then(() => tasks[request.export!]!(request.input, runOptions, request))
          .then(resolve, reject);
      });
    },
  };
}

function graph(
  nodes: BlueprintNode[],
  edges: BlueprintEdge[],
  executor: NodeExecutor,
  extra: Partial<RunGraphOptions> = {},
): { run: Promise<GraphOutcome>; events: Event[] } {
  const events: Event[] = [];
  const run = runGraph({
    jobId: "job",
    nodes,
    edges,
    baseUrl: "file:///bp.json",
    executor,
    concurrency: 4,
    signal: new AbortController().signal,
    emit: (type, data) => void events.push({ type, data: data as Record<string, unknown> }),
    ...extra,
  });
  return { run, events };
}

const statuses = (events: Event[]) =>
  events.filter((e) =>
    e.type === "execution:node-progress" && e.data.status !== "running" ||
    e.type === "execution:node-progress" && e.data.progress === 0
  )
    .map((e) => `${e.data.nodeId}:${e.data.status}`);

Deno.test("readProgress() reads numbers, messages and objects", () => {
  assert.deepEqual(readProgress(0.25), { progress: 0.25 });
  assert.deepEqual(readProgress(7), { progress: 1 });
  assert.deepEqual(readProgress(-1), { progress: 0 });
  assert.deepEqual(readProgress(NaN), {});
  assert.deepEqual(readProgress("loading"), { message: "loading" });
  assert.deepEqual(readProgress({ progress: 0.5, message: "half" }), {
    progress: 0.5,
    message: "half",
  });
  assert.deepEqual(readProgress({ current: 3, total: 4 }), { progress: 0.75 });
  assert.deepEqual(readProgress({ current: 3, total: 0 }), {});
  assert.equal(readProgress(null), undefined);
  assert.equal(readProgress(true), undefined);
});

Deno.test("describeError() gives the message with the code", () => {
  assert.equal(describeError(Object.assign(new Error("boom"), { code: "BAD" })), "boom [BAD]");
  assert.equal(
    describeError(Object.assign(new Error("failed [BAD]"), { code: "BAD" })),
    "failed [BAD]",
  );
  assert.equal(describeError(new Error("plain")), "plain");
  assert.equal(describeError("text"), "text");
  assert.equal(describeError(undefined), "undefined");
});

Deno.test("runGraph() runs nodes after their inputs and carries outputs along edges", async () => {
  const executor = inProcess({
    constant: (input) => (input as { value: unknown }).value,
    sum: (input) => Object.values(input as Record<string, number>).reduce((a, b) => a + b, 0),
    pair: () => ({ left: 10, right: 20 }),
  });
  const { run, events } = graph(
    [
      node("total", "sum", { extra: 100 }),
      node("two", "constant", { value: 2 }),
      node("pair", "pair"),
      node("three", "constant", { value: 3 }),
    ],
    [
      edge("two", "total"),
      edge("three", "total", { targetHandle: "third" }),
      edge("pair", "total", { sourceHandle: "right" }),
    ],
    executor,
  );
  const outcome = await run;
  assert.equal(outcome.status, "completed");
  assert.equal(outcome.outputs.get("total"), 100 + 2 + 3 + 20);
  assert.deepEqual(executor.calls.at(-1), {
    module: "memory:",
    export: "sum",
    input: { extra: 100, two: 2, third: 3, pair: 20 },
    nodeId: "total",
    baseUrl: "file:///bp.json",
  });
  // "total" starts only after the three nodes feeding it completed.
  const order = statuses(events);
  assert.equal(order.indexOf("total:running"), 6, order.join());
  assert.deepEqual(
    events.filter((e) => e.type === "execution:progress").map((e) => e.data.current),
    [1, 2, 3, 4],
  );
  assert.deepEqual([...outcome.nodes.values()].map((n) => n.status), Array(4).fill("completed"));
});

Deno.test("runGraph() keeps at most `concurrency` nodes running", async () => {
  let running = 0;
  let most = 0;
  const executor = inProcess({
    work: async () => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
    },
  });
  const nodes = Array.from({ length: 9 }, (_, i) => node(`n${i}`, "work"));
  const outcome = await graph(nodes, [], executor, { concurrency: 3 }).run;
  assert.equal(outcome.status, "completed");
  assert.equal(most, 3);
});

Deno.test("runGraph() stops at the first failure: aborts the others, skips the rest", async () => {
  const aborted: string[] = [];
  const executor = inProcess({
    fail: () => {
      throw Object.assign(new Error("no disk"), { code: "ENOSPC" });
    },
    wait: (_input, { signal }, request) =>
      new Promise((_resolve, reject) =>
        signal.addEventListener("abort", () => {
          aborted.push(request.nodeId);
          reject(signal.reason);
        })
      ),
  });
  const { run, events } = graph(
    [node("slow", "wait"), node("bad", "fail"), node("next", "wait")],
    [edge("bad", "next")],
    executor,
  );
  const outcome = await run;
  assert.equal(outcome.status, "failed");
  assert.equal(outcome.failed?.nodeId, "bad");
  assert.equal(describeError(outcome.failed?.error), "no disk [ENOSPC]");
  assert.deepEqual(aborted, ["slow"]);
  assert.equal(executor.calls.length, 2);
  assert.deepEqual(statuses(events), [
    "slow:running",
    "bad:running",
    "bad:failed",
    "slow:skipped",
    "next:skipped",
  ]);
  const failed = events.find((e) => e.data.status === "failed")!;
  assert.equal(failed.data.error, "no disk [ENOSPC]");
  const skipped = events.filter((e) => e.data.status === "skipped").map((e) => e.data.message);
  assert.deepEqual(skipped, ['Cancelled: node "bad" failed.', 'not run: node "bad" failed']);
});

Deno.test("runGraph() keeps the output of a node that completes after a failure", async () => {
  let finish!: () => void;
  const executor = inProcess({
    fail: () => Promise.reject(new Error("nope")),
    // Ignores its signal, as a task may, and completes later.
    stubborn: () => new Promise<string>((resolve) => finish = () => resolve("kept")),
  });
  const outcomeP = graph([node("a", "stubborn"), node("b", "fail")], [], {
    run: (request, options) => {
      const ignoring = { ...options, signal: new AbortController().signal };
      return executor.run(request, request.nodeId === "a" ? ignoring : options);
    },
  }).run;
  await new Promise((resolve) => setTimeout(resolve, 10));
  finish();
  const outcome = await outcomeP;
  assert.equal(outcome.status, "failed");
  assert.equal(outcome.outputs.get("a"), "kept");
  assert.equal(outcome.nodes.get("a")!.status, "completed");
});

Deno.test("runGraph() cancels on the signal and skips what has not started", async () => {
  const controller = new AbortController();
  const executor = inProcess({
    wait: (_input, { signal }) => {
      queueMicrotask(() => controller.abort(new Error("Ctrl-C")));
      return new Promise((_resolve, reject) =>
        signal.addEventListener("abort", () => reject(signal.reason))
      );
    },
  });
  const { run, events } = graph(
    [node("a", "wait"), node("b", "wait")],
    [edge("a", "b")],
    executor,
    { signal: controller.signal },
  );
  const outcome = await run;
  assert.equal(outcome.status, "cancelled");
  assert.equal(outcome.failed, undefined);
  assert.deepEqual(statuses(events), ["a:running", "a:skipped", "b:skipped"]);
  assert.equal(events.find((e) => e.data.nodeId === "b")!.data.message, "cancelled");
  // An already aborted signal runs nothing.
  const again = graph([node("a", "wait")], [], executor, { signal: controller.signal });
  assert.equal((await again.run).status, "cancelled");
  assert.equal(executor.calls.length, 1);
});

Deno.test("runGraph() fails the target when an edge's sourceHandle is not in the output", async () => {
  const executor = inProcess({ pair: () => ({ a: 1, b: 2 }), nothing: () => null });
  const { run } = graph(
    [node("pair", "pair"), node("use", "pair"), node("none", "nothing"), node("use2", "pair")],
    [edge("pair", "use", { sourceHandle: "c" })],
    executor,
  );
  const outcome = await run;
  assert.equal(outcome.failed?.nodeId, "use");
  assert.equal(
    (outcome.failed?.error as Error).message,
    'Edge "pair->use" carries field "c" of node "pair"\'s output, which has only the fields "a", "b".',
  );
  assert.equal((outcome.failed?.error as { code: string }).code, "INVALID_BLUEPRINT");
  const second = await graph(
    [node("none", "nothing"), node("use", "pair")],
    [edge("none", "use", { sourceHandle: "x" })],
    executor,
  ).run;
  assert.match((second.failed?.error as Error).message, /which has no fields \(it is null\)/);
});

Deno.test("runGraph() passes timeouts and turns progress into throttled node events", async () => {
  const releases: (() => void)[] = [];
  const executor = inProcess({
    chatty: async (_input, { onProgress }) => {
      for (let i = 1; i <= 50; i++) onProgress({ current: i, total: 50 });
      onProgress("almost");
      onProgress(null); // not progress: ignored
      await new Promise<void>((resolve) => releases.push(resolve));
    },
  });
  const { run, events } = graph(
    [node("talk", "chatty", undefined, 1234), node("other", "chatty")],
    [],
    executor,
    { timeout: 99, progressInterval: 30 },
  );
  // The burst's latest report arrives once the interval has passed.
  // The bound only turns a hang into a failure.
  for (let i = 0; i < 6_000 && !events.some((e) => e.data.message === "almost"); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  releases.forEach((release) => release());
  await run;
  assert.deepEqual(executor.options.map((o) => o.timeout), [1234, 99]);
  const talk = events.filter((e) =>
    e.type === "execution:node-progress" && e.data.nodeId === "talk" && e.data.status === "running"
  );
  // 52 reports in a burst become at most one event per interval, the last with the latest.
  assert.deepEqual([talk[0]!.data.progress, talk[0]!.data.message], [0, undefined]);
  assert.deepEqual([talk.at(-1)!.data.progress, talk.at(-1)!.data.message], [1, "almost"]);
  assert.ok(talk.length <= 3, `${talk.length} events`);
});

Deno.test("runGraph() records an output before announcing it or starting what it feeds", async () => {
  const executor = inProcess({ one: () => 1, sum: (input) => input });
  let saved!: () => void;
  const saving = new Promise<void>((resolve) => saved = resolve);
  const { run, events } = graph([node("a", "one"), node("b", "sum")], [edge("a", "b")], executor, {
    onOutput: (nodeId: string) => nodeId === "a" ? saving : undefined,
  });
  // Until the save resolves: no "completed" event for a, and b has not started.
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise((resolve) => setTimeout(resolve, 0));
  assert.deepEqual(statuses(events), ["a:running"]);
  assert.equal(executor.calls.length, 1);
  saved();
  assert.equal((await run).status, "completed");
  assert.deepEqual(statuses(events), ["a:running", "a:completed", "b:running", "b:completed"]);
});

Deno.test("runGraph() sends a node's last progress report when it completes", async () => {
  const executor = inProcess({
    quick: (_input, { onProgress }) => {
      onProgress({ progress: 0.5, message: "half" });
      onProgress({ progress: 0.9, message: "nearly" });
    },
  });
  const { run, events } = graph([node("q", "quick")], [], executor, { progressInterval: 60_000 });
  await run;
  const running = events.filter((e) => e.data.status === "running").map((e) => e.data.message);
  assert.equal(running.at(-1), "nearly");
  assert.equal(
    events.filter((e) => e.type === "execution:node-progress").at(-1)!.data.status,
    "completed",
  );
});

Deno.test("runGraph() reports each node's one duration, in whole ms, before its last event", async () => {
  const ends: [string, number | undefined, number][] = [];
  const executor = inProcess({ one: () => 1 });
  const { run, events } = graph([node("a", "one")], [], executor, {
    onNodeEnd: (nodeId: string, record: { ms?: number }) =>
      ends.push([nodeId, record.ms, events.length]),
  });
  const outcome = await run;
  assert.equal(ends.length, 1);
  const [id, ms, seen] = ends[0]!;
  assert.equal(id, "a");
  assert.ok(Number.isInteger(ms), String(ms));
  assert.equal(outcome.nodes.get("a")!.ms, ms);
  assert.deepEqual(statuses(events.slice(0, seen)), ["a:running"], "before a:completed");
});
