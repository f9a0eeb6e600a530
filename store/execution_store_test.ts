import assert from "node:assert/strict";
import { createExecutionStore, type ExecutionStore, type JobStatus } from "./execution_store.ts";
import { StoreError, type StoreErrorCode } from "./store_error.ts";

const code = (expected: StoreErrorCode) => (error: unknown): boolean =>
  error instanceof StoreError && error.code === expected;

function setup(concurrency = 4): { store: ExecutionStore; tick: (ms: number) => void } {
  let time = 1000;
  const store = createExecutionStore({ concurrency, now: () => time });
  return { store, tick: (ms) => time += ms };
}

/** Puts a fresh job in `status` by the shortest legal path. */
function jobIn(store: ExecutionStore, status: JobStatus, id: string = status): string {
  const s = store.getState();
  s.enqueue("bp", { id });
  if (status === "queued") return id;
  if (status === "cancelled") return s.cancel(id), id;
  if (status === "failed") return s.fail(id, "boom"), id;
  s.start(id);
  if (status === "paused") s.pause(id);
  if (status === "completed") s.complete(id);
  return id;
}

Deno.test("createExecutionStore() enqueue() queues jobs in order with timestamps", () => {
  const { store } = setup();
  const a = store.getState().enqueue("bp-1", { total: 3 });
  const b = store.getState().enqueue("bp-2", { id: "job-b" });
  assert.equal(b.id, "job-b");
  assert.deepEqual(store.getState().queue, [a.id, "job-b"]);
  assert.deepEqual(a, {
    id: a.id,
    blueprintId: "bp-1",
    status: "queued",
    progress: { current: 0, total: 3, percentage: 0 },
    nodeStates: new Map(),
    timestamps: { queued: 1000 },
  });
  assert.throws(() => store.getState().enqueue("bp", { id: "job-b" }), code("DUPLICATE"));
  assert.throws(() => store.getState().enqueue(""), /blueprintId must be a non-empty string/);
  assert.throws(() => store.getState().enqueue("bp", { total: -1 }), /total must be a number/);
  assert.equal(store.getState().jobs.size, 2);
});

Deno.test("createExecutionStore() start() runs the oldest queued job, or the one named", () => {
  const { store } = setup();
  const { enqueue, start } = store.getState();
  assert.equal(start(), undefined);
  enqueue("bp", { id: "a" });
  enqueue("bp", { id: "b" });
  enqueue("bp", { id: "c" });
  assert.equal(start("c")!.status, "running");
  assert.equal(start()!.id, "a");
  assert.deepEqual(store.getState().queue, ["b"]);
  assert.deepEqual(store.getState().active, ["c", "a"]);
  assert.equal(store.getState().jobs.get("a")!.timestamps.started, 1000);
});

Deno.test("createExecutionStore() start() refuses past the concurrency limit unless forced", () => {
  const { store } = setup(1);
  const { enqueue, start, pause, setConcurrency } = store.getState();
  enqueue("bp", { id: "a" });
  enqueue("bp", { id: "b" });
  start();
  pause("a");
  assert.throws(() => start(), (e) => code("LIMIT_REACHED")(e) && /limit is 1/.test(String(e)));
  assert.equal(store.getState().jobs.get("b")!.status, "queued");
  assert.equal(start("b", true)!.status, "running");
  assert.deepEqual(store.getState().active, ["a", "b"]);
  setConcurrency(3);
  assert.equal(store.getState().concurrency, 3);
  assert.throws(() => setConcurrency(0), code("INVALID_OPTION"));
  assert.throws(() => setConcurrency(1.5), /whole number of 1 or more, got 1.5/);
  assert.throws(() => createExecutionStore({ concurrency: 0 }), code("INVALID_OPTION"));
});

Deno.test("createExecutionStore() pause() and resume() hold a running job in its slot", () => {
  const { store, tick } = setup();
  const id = jobIn(store, "running");
  tick(5);
  assert.equal(store.getState().pause(id).status, "paused");
  assert.equal(store.getState().jobs.get(id)!.timestamps.paused, 1005);
  assert.deepEqual(store.getState().active, [id]);
  assert.equal(store.getState().resume(id).status, "running");
  assert.deepEqual(store.getState().active, [id]);
});

Deno.test("createExecutionStore() progress() sets current, total, percentage and message", () => {
  const { store } = setup();
  const id = jobIn(store, "running");
  const job = store.getState().progress(id, { current: 1, total: 3, message: "fetching" });
  assert.deepEqual(job.progress, { current: 1, total: 3, percentage: 33, message: "fetching" });
  assert.deepEqual(store.getState().progress(id, { current: 5 }).progress, {
    current: 5,
    total: 3,
    percentage: 100,
  });
  assert.throws(() => store.getState().progress(id, { current: NaN }), code("INVALID_OPTION"));
  store.getState().pause(id);
  assert.equal(store.getState().progress(id, { current: 2 }).progress.current, 2);
});

Deno.test("createExecutionStore() nodeProgress() records node states and counts finished nodes", () => {
  const { store } = setup();
  store.getState().enqueue("bp", { id: "j", total: 4 });
  store.getState().start("j");
  const { nodeProgress } = store.getState();
  nodeProgress("j", "a", { status: "running", progress: 0.5 });
  assert.equal(store.getState().jobs.get("j")!.progress.current, 0);
  nodeProgress("j", "a", { status: "completed" });
  nodeProgress("j", "b", { status: "failed", error: "timeout" });
  const job = nodeProgress("j", "c", { status: "skipped" });
  assert.deepEqual(job.progress, { current: 3, total: 4, percentage: 75 });
  assert.deepEqual(job.nodeStates.get("b"), { status: "failed", error: "timeout" });
  assert.equal(job.nodeStates.size, 3);
  assert.throws(() => nodeProgress("j", "", { status: "running" }), code("INVALID_OPTION"));
});

Deno.test("createExecutionStore() nodeProgress() grows an unknown total to the nodes seen", () => {
  const { store } = setup();
  const id = jobIn(store, "running");
  store.getState().nodeProgress(id, "a", { status: "completed" });
  const job = store.getState().nodeProgress(id, "b", { status: "completed" });
  assert.deepEqual(job.progress, { current: 2, total: 2, percentage: 100 });
});

Deno.test("createExecutionStore() complete() finishes with the result, full progress and stats", () => {
  const { store, tick } = setup();
  store.getState().enqueue("bp", { id: "j", total: 2 });
  store.getState().start();
  tick(250);
  const job = store.getState().complete("j", { rows: 3 });
  assert.equal(job.status, "completed");
  assert.deepEqual(job.result, { rows: 3 });
  assert.deepEqual(job.progress, { current: 2, total: 2, percentage: 100 });
  assert.equal(job.timestamps.finished, 1250);
  assert.deepEqual(store.getState().active, []);
  assert.deepEqual(store.getState().stats, {
    completed: 1,
    failed: 0,
    cancelled: 0,
    duration: 250,
  });
});

Deno.test("createExecutionStore() fail() and cancel() finish a queued, running or paused job", () => {
  for (const from of ["queued", "running", "paused"] as const) {
    const { store, tick } = setup();
    const failed = jobIn(store, from, "f");
    const cancelled = jobIn(store, from, "c");
    tick(10);
    assert.equal(store.getState().fail(failed, "disk full").error, "disk full");
    const job = store.getState().cancel(cancelled, "user");
    assert.equal(job.status, "cancelled");
    assert.equal(job.error, "user");
    assert.equal(job.timestamps.finished, 1010);
    assert.equal(store.getState().cancel(jobIn(store, from, "c2")).error, undefined);
    const { queue, active, stats } = store.getState();
    assert.deepEqual([queue, active], [[], []], from);
    assert.deepEqual(stats, {
      completed: 0,
      failed: 1,
      cancelled: 2,
      duration: from === "queued" ? 0 : 10,
    });
  }
});

// Every action against every status it must refuse, with the state left as it was.
const REFUSED: Record<string, JobStatus[]> = {
  start: ["running", "paused", "completed", "failed", "cancelled"],
  pause: ["queued", "paused", "completed", "failed", "cancelled"],
  resume: ["queued", "running", "completed", "failed", "cancelled"],
  progress: ["queued", "completed", "failed", "cancelled"],
  nodeProgress: ["queued", "completed", "failed", "cancelled"],
  complete: ["queued", "paused", "completed", "failed", "cancelled"],
  fail: ["completed", "failed", "cancelled"],
  cancel: ["completed", "failed", "cancelled"],
  remove: ["queued", "running", "paused"],
};

Deno.test("createExecutionStore() refuses every transition that makes no sense, changing nothing", () => {
  for (const [action, statuses] of Object.entries(REFUSED)) {
    for (const status of statuses) {
      const { store } = setup();
      const id = jobIn(store, status);
      const before = store.getState();
      const s = before as unknown as Record<string, (...args: unknown[]) => unknown>;
      const args = action === "progress"
        ? [id, { current: 1 }]
        : action === "nodeProgress"
        ? [id, "n", { status: "running" }]
        : [id, "x"];
      assert.throws(
        () => s[action]!(...args),
        (e) =>
          code("INVALID_TRANSITION")(e) &&
          (e as Error).message.startsWith(`cannot ${action} job "${id}": it is ${status}, `),
        `${action} from ${status}`,
      );
      assert.equal(store.getState(), before, `${action} from ${status} changed the state`);
    }
  }
});

Deno.test("createExecutionStore() says what is needed when completing a cancelled job", () => {
  const { store } = setup();
  const id = jobIn(store, "cancelled");
  assert.throws(
    () => store.getState().complete(id, 1),
    { message: `cannot complete job "${id}": it is cancelled, complete needs running` },
  );
});

Deno.test("createExecutionStore() actions on an unknown job fail with NOT_FOUND", () => {
  const { store } = setup();
  const s = store.getState();
  for (
    const call of [
      () => s.start("x"),
      () => s.pause("x"),
      () => s.resume("x"),
      () => s.progress("x", { current: 1 }),
      () => s.nodeProgress("x", "n", { status: "running" }),
      () => s.complete("x"),
      () => s.fail("x", "e"),
      () => s.cancel("x"),
      () => s.remove("x"),
    ]
  ) assert.throws(call, (e) => code("NOT_FOUND")(e) && /no job "x"/.test(String(e)));
});

Deno.test("createExecutionStore() remove() and clearFinished() drop finished jobs only", () => {
  const { store } = setup();
  for (
    const status of ["queued", "running", "paused", "completed", "failed", "cancelled"] as const
  ) {
    jobIn(store, status);
  }
  store.getState().remove("completed");
  assert.equal(store.getState().jobs.has("completed"), false);
  assert.equal(store.getState().clearFinished(), 2);
  assert.deepEqual([...store.getState().jobs.keys()], ["queued", "running", "paused"]);
  assert.equal(store.getState().stats.completed, 1, "statistics outlive removed jobs");
});

Deno.test("createExecutionStore() transitions notify subscribers once, with a new jobs map", () => {
  const { store } = setup();
  const id = jobIn(store, "queued");
  const seen: boolean[] = [];
  store.subscribe((state, previous) => seen.push(state.jobs !== previous.jobs));
  store.getState().start(id);
  store.getState().complete(id);
  assert.deepEqual(seen, [true, true]);
});
