import assert from "node:assert/strict";
import { EventClient, EventsError, type SystemEvent } from "./mod.ts";
import { EventRecorder, replay } from "./recorder.ts";
import { MAX_TIMER_MS, wait } from "./_wait.ts";

const DAY = 86_400_000;

type Events = { tick: number; "job:done": string };

const log: SystemEvent[] = [
  { type: "tick", source: "clock", timestamp: 1_000, data: 1 },
  { type: "job:done", source: "runner", timestamp: 1_010, data: "a" },
  { type: "tick", source: "clock", timestamp: 1_030, data: 2 },
];

Deno.test("replay() delivers every event in order with its recorded source and time", async () => {
  const events = new EventClient<Events>();
  using recorder = new EventRecorder(events);
  const origins: (string | undefined)[] = [];
  events.on("*", () => origins.push(events.origin?.source));
  assert.equal(await replay(log, events), 3);
  assert.deepEqual(recorder.events, log);
  assert.deepEqual(origins, ["clock", "runner", "clock"]);
});

Deno.test("replay() filters, and reads async logs", async () => {
  const events = new EventClient<Events>();
  const seen: unknown[] = [];
  events.on("*", (data) => seen.push(data));
  async function* stream(): AsyncGenerator<SystemEvent> {
    yield* log;
  }
  assert.equal(await replay(stream(), events, { filter: ["tick"] }), 2);
  assert.equal(await replay(log, events, { filter: (e) => e.source === "runner" }), 1);
  assert.deepEqual(seen, [1, 2, "a"]);
});

Deno.test("replay() at a speed waits between events and stops on abort with the reason", async () => {
  const events = new EventClient<Events>();
  const seen: unknown[] = [];
  events.on("*", (data) => seen.push(data));
  // At speed 1 an out-of-order timestamp does not wait; the third waits 10 ms after it.
  const backwards = [log[0]!, { ...log[1]!, timestamp: 0 }, { ...log[0]!, timestamp: 10 }];
  assert.equal(await replay(backwards, events, { speed: 1 }), 3);
  const controller = new AbortController();
  const slow: SystemEvent[] = [
    { type: "tick", source: "s", timestamp: 0, data: 10 },
    { type: "tick", source: "s", timestamp: 60_000, data: 11 },
  ];
  const running = replay(slow, events, { speed: 1, signal: controller.signal });
  await events.once("tick");
  controller.abort(new Error("enough"));
  await assert.rejects(running, /enough/);
  assert.deepEqual(seen, [1, "a", 1, 10]);
  await assert.rejects(
    replay(log, events, { signal: AbortSignal.abort(new Error("before")) }),
    /before/,
  );
});

Deno.test("replay() at speed 0 delivers at once, as Infinity does", async () => {
  const events = new EventClient<Events>();
  const seen: unknown[] = [];
  events.on("*", (data) => seen.push(data));
  // A year between the two: any wait would never end within the test.
  const year: SystemEvent[] = [
    { type: "tick", source: "s", timestamp: 0, data: 1 },
    { type: "tick", source: "s", timestamp: 365 * DAY, data: 2 },
  ];
  assert.equal(await replay(year, events, { speed: 0 }), 2);
  assert.equal(await replay(year, events, { speed: -0 }), 2);
  assert.deepEqual(seen, [1, 2, 1, 2]);
});

Deno.test("replay() waits out a gap longer than one timer takes (24.8 days) instead of failing", async () => {
  const events = new EventClient<Events>();
  const controller = new AbortController();
  const month: SystemEvent[] = [
    { type: "tick", source: "s", timestamp: 0, data: 1 },
    { type: "tick", source: "s", timestamp: 30 * DAY, data: 2 },
  ];
  const first = events.once("tick");
  const ended = assert.rejects(
    replay(month, events, { speed: 1, signal: controller.signal }),
    /enough/,
  );
  await first;
  // A timer turn comes after every pending microtask: the replay is in its wait by then.
  await new Promise((resolve) => setTimeout(resolve, 0));
  // Still waiting for the second event: only the abort ends it, not a timer limit.
  controller.abort(new Error("enough"));
  await ended;
});

Deno.test("wait() splits a long wait into timer-sized steps", async () => {
  const steps: number[] = [];
  const sleep = (ms: number): Promise<void> => {
    steps.push(ms);
    return Promise.resolve();
  };
  await wait(2 * MAX_TIMER_MS + 5, undefined, sleep);
  await wait(0, undefined, sleep);
  await wait(10.5, undefined, sleep);
  assert.deepEqual(steps, [MAX_TIMER_MS, MAX_TIMER_MS, 5, 10.5]);
});

Deno.test("replay() refuses a speed below 0 or not a number", async () => {
  const events = new EventClient<Events>();
  for (const speed of [-1, -Infinity, Number.NaN, "fast" as unknown as number]) {
    await assert.rejects(
      replay(log, events, { speed }),
      (e) => e instanceof EventsError && e.code === "INVALID_OPTION" && /0 or more/.test(e.message),
    );
  }
});
