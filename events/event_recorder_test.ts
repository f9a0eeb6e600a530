import assert from "node:assert/strict";
import { EventClient, EventsError, type SystemEvent } from "./mod.ts";
import { EventRecorder, parseEventLog } from "./recorder.ts";

type Events = { "job:started": { id: string }; "job:done": { id: string }; tick: number };

Deno.test("EventRecorder records envelopes with this client's source and the time", () => {
  const events = new EventClient<Events>({ source: "runner" });
  using recorder = new EventRecorder(events);
  const before = Date.now();
  events.emit("job:started", { id: "1" });
  events.emit("tick", 5);
  const [first, second] = recorder.events;
  assert.deepEqual({ ...first!, timestamp: 0 }, {
    type: "job:started",
    source: "runner",
    timestamp: 0,
    data: { id: "1" },
  });
  assert.ok(first!.timestamp >= before && first!.timestamp <= Date.now());
  assert.equal(second!.data, 5);
});

Deno.test("EventRecorder keeps the source and time of delivered events", () => {
  const events = new EventClient<Events>({ source: "here" });
  using recorder = new EventRecorder(events);
  const remote: SystemEvent = { type: "tick", source: "tab-2", timestamp: 42, data: 1 };
  events.deliver(remote);
  assert.deepEqual(recorder.events, [remote]);
});

Deno.test("EventRecorder filters by patterns or by a predicate", () => {
  const events = new EventClient<Events>();
  using byPattern = new EventRecorder(events, { filter: ["job:*"] });
  using byFunction = new EventRecorder(events, { filter: (e) => e.data === 2 });
  events.emit("tick", 2);
  events.emit("job:done", { id: "x" });
  assert.deepEqual(byPattern.events.map((e) => e.type), ["job:done"]);
  assert.deepEqual(byFunction.events.map((e) => e.type), ["tick"]);
});

Deno.test("EventRecorder stays within its limit, counts drops, and streams everything to a sink", () => {
  const events = new EventClient<Events>();
  const streamed: number[] = [];
  using recorder = new EventRecorder(events, {
    limit: 3,
    sink: (e) => streamed.push(e.data as number),
  });
  using sinkOnly = new EventRecorder(events, { limit: 0, sink: () => {} });
  for (let i = 0; i < 10; i++) events.emit("tick", i);
  assert.deepEqual(recorder.events.map((e) => e.data), [7, 8, 9]);
  assert.equal(recorder.dropped, 7);
  assert.deepEqual(streamed, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(sinkOnly.events.length, 0);
  recorder.clear();
  assert.equal(recorder.events.length, 0);
  assert.equal(recorder.dropped, 0);
});

Deno.test("EventRecorder exports JSON Lines that parse back to the same events", () => {
  const events = new EventClient<Events>();
  using recorder = new EventRecorder(events);
  assert.equal(recorder.toJsonLines(), "");
  events.emit("job:started", { id: 'é\n"quoted"' });
  events.emit("tick", 3);
  const text = recorder.toJsonLines();
  assert.equal(text.split("\n").length, 3);
  assert.deepEqual(parseEventLog(text), recorder.events);
});

Deno.test("EventRecorder.stop() stops recording, and the events stay readable", () => {
  const events = new EventClient<Events>();
  const recorder = new EventRecorder(events);
  events.emit("tick", 1);
  assert.equal(recorder.recording, true);
  recorder[Symbol.dispose]();
  recorder.stop();
  events.emit("tick", 2);
  assert.equal(recorder.recording, false);
  assert.deepEqual(recorder.events.map((e) => e.data), [1]);
  assert.equal(events.listenerCount(), 0);
});

Deno.test("EventRecorder refuses a bad limit or filter with typed errors", () => {
  const events = new EventClient<Events>();
  const isOption = (e: unknown): boolean => e instanceof EventsError && e.code === "INVALID_OPTION";
  assert.throws(() => new EventRecorder(events, { limit: -1 }), isOption);
  assert.throws(() => new EventRecorder(events, { filter: "job:*" as never }), isOption);
  assert.throws(
    () => new EventRecorder(events, { filter: ["a*b"] }),
    (e) => e instanceof EventsError && e.code === "INVALID_TYPE",
  );
  assert.equal(events.listenerCount(), 0);
});
