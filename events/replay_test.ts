import assert from "node:assert/strict";
import { EventClient, EventsError, type SystemEvent } from "./mod.ts";
import { EventRecorder, replay } from "./recorder.ts";

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
  // At speed 1 the second event waits 10 ms; out-of-order timestamps do not wait.
  const backwards = [log[0]!, { ...log[1]!, timestamp: 0 }, log[0]!];
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

Deno.test("replay() refuses a speed that is not above 0", async () => {
  const events = new EventClient<Events>();
  for (const speed of [0, -1, Number.NaN, "fast" as unknown as number]) {
    await assert.rejects(
      replay(log, events, { speed }),
      (e) => e instanceof EventsError && e.code === "INVALID_OPTION",
    );
  }
});
