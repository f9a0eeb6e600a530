import assert from "node:assert/strict";
import { EventClient } from "@atomiton/events";
import { BroadcastChannelTransport } from "@atomiton/events/broadcast-channel";
import { bindEvents, type StoreChange, type StoreEvents } from "./bind_events.ts";
import { createExecutionStore } from "./execution_store.ts";
import { createSessionStore } from "./session_store.ts";
import { StoreError } from "./store_error.ts";
import { assertPrototypeClean, PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";

Deno.test("bindEvents() emits each change as store:changed with the changed fields only", () => {
  const events = new EventClient<StoreEvents>();
  const session = createSessionStore();
  const off = bindEvents(session, events, { name: "session" });
  const seen: StoreChange[] = [];
  events.on("store:changed", (change) => seen.push(change));
  session.getState().setZoom(2);
  session.getState().setMode("debug");
  off();
  session.getState().setZoom(3);
  assert.deepEqual(seen, [
    { store: "session", changes: { zoom: 2 } },
    { store: "session", changes: { mode: "debug" } },
  ]);
});

Deno.test('bindEvents() names the store "store" by default and follows no events for others', () => {
  const events = new EventClient<StoreEvents>();
  const session = createSessionStore();
  bindEvents(session, events);
  assert.equal(events.listenerCount(), 0);
  const seen: string[] = [];
  events.on("store:changed", (change) => seen.push(change.store));
  session.getState().setZoom(2);
  assert.deepEqual(seen, ["store"]);
});

Deno.test("bindEvents() execution events drive a job from start to completion", () => {
  const events = new EventClient<StoreEvents>();
  const jobs = createExecutionStore({ concurrency: 1 });
  bindEvents(jobs, events);
  jobs.getState().enqueue("bp", { id: "local" });
  jobs.getState().start("local");
  // Started elsewhere (the CLI): added and running, past the local limit.
  events.emit("execution:started", { jobId: "run-1", blueprintId: "bp-1", total: 3 });
  events.emit("execution:node-progress", {
    jobId: "run-1",
    nodeId: "fetch",
    status: "completed",
  });
  events.emit("execution:progress", { jobId: "run-1", current: 2, message: "writing" });
  let job = jobs.getState().jobs.get("run-1")!;
  assert.equal(job.status, "running");
  assert.equal(job.blueprintId, "bp-1");
  assert.deepEqual(job.nodeStates.get("fetch"), { status: "completed" });
  assert.deepEqual(job.progress, { current: 2, total: 3, percentage: 67, message: "writing" });
  events.emit("execution:completed", { jobId: "run-1", result: { rows: 9 } });
  job = jobs.getState().jobs.get("run-1")!;
  assert.equal(job.status, "completed");
  assert.deepEqual(job.result, { rows: 9 });
  assert.deepEqual(jobs.getState().active, ["local"]);
});

Deno.test("bindEvents() execution:started starts a job that was queued here", () => {
  const events = new EventClient<StoreEvents>();
  const jobs = createExecutionStore();
  bindEvents(jobs, events);
  jobs.getState().enqueue("bp", { id: "q", total: 2 });
  events.emit("execution:started", { jobId: "q", blueprintId: "bp" });
  assert.equal(jobs.getState().jobs.get("q")!.status, "running");
  assert.equal(jobs.getState().jobs.get("q")!.progress.total, 2);
  assert.deepEqual(jobs.getState().queue, []);
});

Deno.test("bindEvents() execution:failed and execution:cancelled finish jobs", () => {
  const events = new EventClient<StoreEvents>();
  const jobs = createExecutionStore();
  bindEvents(jobs, events);
  events.emit("execution:started", { jobId: "a", blueprintId: "bp" });
  events.emit("execution:started", { jobId: "b", blueprintId: "bp" });
  events.emit("execution:failed", { jobId: "a", error: "node fetch: 500" });
  events.emit("execution:cancelled", { jobId: "b", reason: "user" });
  const { jobs: all, stats } = jobs.getState();
  assert.deepEqual(
    [...all.values()].map((j) => [j.id, j.status, j.error]),
    [["a", "failed", "node fetch: 500"], ["b", "cancelled", "user"]],
  );
  assert.deepEqual([stats.failed, stats.cancelled], [1, 1]);
});

Deno.test("bindEvents() an event asking for a senseless transition goes to onError, state kept", () => {
  const errors: unknown[] = [];
  const events = new EventClient<StoreEvents>({ onError: (e) => errors.push(e) });
  const jobs = createExecutionStore();
  bindEvents(jobs, events);
  events.emit("execution:started", { jobId: "a", blueprintId: "bp" });
  events.emit("execution:cancelled", { jobId: "a" });
  const before = jobs.getState();
  events.emit("execution:completed", { jobId: "a", result: 1 });
  events.emit("execution:node-progress", { jobId: "nope", nodeId: "n", status: "running" });
  assert.equal(jobs.getState(), before);
  assert.deepEqual(
    errors.map((e) => e instanceof StoreError && e.code),
    ["INVALID_TRANSITION", "NOT_FOUND"],
  );
});

Deno.test("bindEvents() unbinding stops the execution events too", () => {
  const events = new EventClient<StoreEvents>();
  const jobs = createExecutionStore();
  const off = bindEvents(jobs, events);
  assert.equal(events.listenerCount(), 6);
  off();
  assert.equal(events.listenerCount(), 0);
  events.emit("execution:started", { jobId: "a", blueprintId: "bp" });
  assert.equal(jobs.getState().jobs.size, 0);
});

Deno.test("bindEvents() follows a run in another context through a transport, without echo", async () => {
  const runner = new EventClient<StoreEvents>({ source: "cli" });
  const ui = new EventClient<StoreEvents>({ source: "ui" });
  using _a = new BroadcastChannelTransport(runner, { channel: "bind-events-test" });
  using _b = new BroadcastChannelTransport(ui, { channel: "bind-events-test" });
  const jobs = createExecutionStore();
  bindEvents(jobs, ui, { name: "jobs" });
  const atRunner: string[] = [];
  runner.on("*", (_data, type) => atRunner.push(type));
  const done = ui.once("execution:completed");
  runner.emit("execution:started", { jobId: "r", blueprintId: "bp" });
  runner.emit("execution:completed", { jobId: "r", result: "ok" });
  await done;
  assert.equal(jobs.getState().jobs.get("r")!.status, "completed");
  // The UI's store changes travel back as store:changed; no execution event comes back.
  const last = runner.once("store:changed");
  await last;
  assert.deepEqual(atRunner.filter((t) => t.startsWith("execution:")), [
    "execution:started",
    "execution:completed",
  ]);
});

Deno.test("bindEvents() takes Object.prototype's names as job, blueprint and node ids", () => {
  const events = new EventClient<StoreEvents>();
  const jobs = createExecutionStore();
  bindEvents(jobs, events);
  for (const id of PROTOTYPE_KEYS) {
    events.emit("execution:started", { jobId: id, blueprintId: id, total: 1 });
    events.emit("execution:node-progress", { jobId: id, nodeId: id, status: "completed" });
  }
  const { jobs: all } = jobs.getState();
  assert.deepEqual([...all.keys()], PROTOTYPE_KEYS);
  for (const id of PROTOTYPE_KEYS) {
    const job = all.get(id)!;
    assert.equal(job.blueprintId, id);
    assert.deepEqual([...job.nodeStates], [[id, { status: "completed" }]]);
  }
  assertPrototypeClean();
});
