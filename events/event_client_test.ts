// deno-lint-ignore-file no-console -- one test captures the default leak report, a console warning
import assert from "node:assert/strict";
import { EventClient, EventsError } from "./mod.ts";

type Events = {
  "job:started": { id: string };
  "job:done": { id: string; ms: number };
  "user:login": string;
  ready: void;
};

const isCode = (code: string) => (error: unknown): boolean =>
  error instanceof EventsError && error.code === code;

Deno.test("EventClient.emit() runs exact, prefix and wildcard handlers in subscription order", () => {
  const events = new EventClient<Events>();
  const calls: string[] = [];
  events.on("*", (_data, type) => calls.push(`* ${type}`));
  events.on("job:done", (data) => calls.push(`done ${data.id}`));
  events.on("job:*", (_data, type) => calls.push(`job:* ${type}`));
  events.on("job:done", () => calls.push("done again"));
  events.emit("job:done", { id: "7", ms: 1 });
  events.emit("user:login", "ada");
  assert.deepEqual(calls, ["* job:done", "done 7", "job:* job:done", "done again", "* user:login"]);
});

Deno.test("EventClient.emit() passes no payload for void events and ignores types nobody handles", () => {
  const events = new EventClient<Events>();
  const seen: unknown[] = [];
  events.emit("job:started", { id: "nobody listens" });
  events.on("ready", (data, type) => seen.push(data, type));
  events.emit("ready");
  assert.deepEqual(seen, [undefined, "ready"]);
});

Deno.test("EventClient: a handler added during an emit waits for the next emit", () => {
  const events = new EventClient<Events>();
  const calls: string[] = [];
  events.on("user:login", () => {
    calls.push("first");
    events.on("user:login", () => calls.push("added"));
    events.on("*", () => calls.push("added wildcard"));
  }, { once: true });
  events.emit("user:login", "a");
  assert.deepEqual(calls, ["first"]);
  events.emit("user:login", "b");
  assert.deepEqual(calls, ["first", "added", "added wildcard"]);
});

Deno.test("EventClient: a handler removed during an emit does not run; the others do", () => {
  const events = new EventClient<Events>();
  const calls: string[] = [];
  let offSecond = (): void => {};
  events.on("user:login", () => {
    calls.push("first");
    offSecond();
  });
  offSecond = events.on("user:login", () => calls.push("second"));
  events.on("user:login", () => calls.push("third"));
  events.emit("user:login", "a");
  assert.deepEqual(calls, ["first", "third"]);
  assert.equal(events.listenerCount("user:login"), 2);
});

Deno.test("EventClient: a handler that throws or rejects reaches onError and the others still run", async () => {
  const errors: [unknown, string][] = [];
  const events = new EventClient<Events>({ onError: (error, type) => errors.push([error, type]) });
  const seen: string[] = [];
  const boom = new Error("boom");
  const late = new Error("late");
  events.on("user:login", () => {
    throw boom;
  });
  events.on("user:login", () => Promise.reject(late));
  events.on("user:login", (name) => seen.push(name));
  events.emit("user:login", "ada");
  assert.deepEqual(seen, ["ada"]);
  assert.deepEqual(errors, [[boom, "user:login"]]);
  await Promise.resolve();
  assert.deepEqual(errors, [[boom, "user:login"], [late, "user:login"]]);
});

Deno.test("EventClient reports handler errors with reportError by default, and an onError that throws too", () => {
  const reported: unknown[] = [];
  const listener = (event: Event): void => {
    event.preventDefault();
    reported.push((event as ErrorEvent).error);
  };
  globalThis.addEventListener("error", listener);
  try {
    const plain = new EventClient<Events>();
    const first = new Error("handler");
    plain.on("ready", () => {
      throw first;
    });
    plain.emit("ready");
    const second = new Error("onError itself");
    const broken = new EventClient<Events>({
      onError: () => {
        throw second;
      },
    });
    broken.on("ready", () => {
      throw first;
    });
    broken.emit("ready");
    assert.deepEqual(reported, [first, second]);
  } finally {
    globalThis.removeEventListener("error", listener);
  }
});

Deno.test("EventClient.on() returns an unsubscribe function that is idempotent and disposable", () => {
  const events = new EventClient<Events>();
  let count = 0;
  const off = events.on("ready", () => count++);
  {
    using _sub = events.on("ready", () => count += 10);
    events.emit("ready");
  }
  off();
  off();
  events.emit("ready");
  assert.equal(count, 11);
  assert.equal(events.listenerCount(), 0);
});

Deno.test("EventClient.on() with a signal unsubscribes on abort, and not at all when already aborted", () => {
  const events = new EventClient<Events>();
  const controller = new AbortController();
  let count = 0;
  events.on("ready", () => count++, { signal: controller.signal });
  events.emit("ready");
  controller.abort();
  events.emit("ready");
  const off = events.on("ready", () => count++, { signal: AbortSignal.abort() });
  events.emit("ready");
  off();
  assert.equal(count, 1);
  assert.equal(events.listenerCount(), 0);
});

Deno.test("EventClient.once() with a handler runs it for one event, even when emits nest", () => {
  const events = new EventClient<Events>();
  const seen: string[] = [];
  events.once("user:login", (name) => {
    seen.push(name);
    events.emit("user:login", `nested after ${name}`);
  });
  events.emit("user:login", "a");
  events.emit("user:login", "b");
  assert.deepEqual(seen, ["a"]);
  assert.equal(events.listenerCount(), 0);
});

Deno.test("EventClient.once() without a handler resolves with the next payload and unsubscribes", async () => {
  const events = new EventClient<Events>();
  const next = events.once("job:*");
  assert.equal(events.listenerCount("job:*"), 1);
  events.emit("job:started", { id: "1" });
  events.emit("job:started", { id: "2" });
  assert.deepEqual(await next, { id: "1" });
  assert.equal(events.listenerCount(), 0);
});

Deno.test("EventClient.once() rejects with the signal's reason on abort and with CLEARED on clear()", async () => {
  const events = new EventClient<Events>();
  const controller = new AbortController();
  const waiting = events.once("ready", { signal: controller.signal });
  controller.abort(new Error("gave up"));
  await assert.rejects(waiting, /gave up/);
  await assert.rejects(
    events.once("ready", { signal: AbortSignal.abort(new Error("early")) }),
    /early/,
  );
  const cleared = events.once("ready");
  events.clear();
  await assert.rejects(cleared, isCode("CLEARED"));
  assert.equal(events.listenerCount(), 0);
});

Deno.test("EventClient.off() removes the earliest matching subscription and says whether it did", () => {
  const events = new EventClient<Events>();
  const calls: number[] = [];
  const handler = (): void => {
    calls.push(calls.length);
  };
  const onceHandler = (): void => {
    calls.push(-1);
  };
  events.on("ready", handler);
  events.on("ready", handler);
  events.on("*", handler);
  events.once("ready", onceHandler);
  assert.equal(events.off("ready", handler), true);
  assert.equal(events.off("*", handler), true);
  assert.equal(events.off("*", handler), false);
  assert.equal(events.off("ready", onceHandler), true);
  assert.equal(events.off("user:*", handler as never), false);
  events.emit("ready");
  assert.deepEqual(calls, [0]);
});

Deno.test("EventClient refuses bad patterns, handlers and options with typed errors", () => {
  const events = new EventClient<Events>();
  assert.throws(() => events.on("" as "ready", () => {}), isCode("INVALID_TYPE"));
  assert.throws(() => events.on("job:*:done" as "ready", () => {}), isCode("INVALID_TYPE"));
  assert.throws(() => events.on(7 as unknown as "ready", () => {}), isCode("INVALID_TYPE"));
  assert.throws(() => events.on("ready", "nope" as never), isCode("INVALID_HANDLER"));
  assert.throws(() => events.events("ready", { bufferSize: 0 }), isCode("INVALID_OPTION"));
  assert.throws(() => new EventClient({ maxListeners: -1 }), isCode("INVALID_OPTION"));
  assert.throws(() => new EventClient({ maxListeners: 1.5 }), /whole number/);
  assert.equal(events.listenerCount(), 0);
});

Deno.test("EventClient warns once per type past maxListeners, and never with 0", () => {
  const leaks: [string, number][] = [];
  const events = new EventClient<Events>({ maxListeners: 2, onLeak: (t, n) => leaks.push([t, n]) });
  for (let i = 0; i < 4; i++) events.on("ready", () => {});
  for (let i = 0; i < 3; i++) events.on("job:*", () => {});
  assert.deepEqual(leaks, [["ready", 3], ["job:*", 3]]);
  const quiet = new EventClient<Events>({ maxListeners: 0, onLeak: () => leaks.push(["", 0]) });
  for (let i = 0; i < 500; i++) quiet.on("ready", () => {});
  assert.equal(leaks.length, 2);
});

Deno.test("EventClient warns with console.warn by default", () => {
  const original = console.warn;
  const warnings: unknown[] = [];
  console.warn = (...args: unknown[]) => warnings.push(args.join(" "));
  try {
    const events = new EventClient<Events>({ maxListeners: 1 });
    events.on("ready", () => {});
    events.on("ready", () => {});
    assert.deepEqual(warnings, ['2 handlers for "ready": a leak?']);
  } finally {
    console.warn = original;
  }
});

Deno.test("EventClient.events() yields matching events in order through a bounded buffer", async () => {
  const events = new EventClient<Events>();
  const stream = events.events("job:*", { bufferSize: 3 });
  for (let i = 0; i < 5; i++) events.emit("job:started", { id: String(i) });
  events.emit("user:login", "ignored");
  assert.equal(stream.dropped, 2);
  const ids: string[] = [];
  for await (const event of stream) {
    if (event.type === "job:started") ids.push(event.data.id);
    if (ids.length === 3) break;
  }
  assert.deepEqual(ids, ["2", "3", "4"]);
  assert.equal(events.listenerCount(), 0);
});

Deno.test("EventClient.events() wakes a waiting consumer, and an abort rejects it with the reason", async () => {
  const events = new EventClient<Events>();
  const controller = new AbortController();
  const stream = events.events("user:login", { signal: controller.signal });
  const first = stream.next();
  events.emit("user:login", "ada");
  assert.deepEqual(await first, { value: { type: "user:login", data: "ada" }, done: false });
  const second = stream.next();
  controller.abort(new Error("stop"));
  await assert.rejects(second, /stop/);
  assert.deepEqual(await stream.next(), { value: undefined, done: true });
  assert.equal(events.listenerCount(), 0);
  const aborted = events.events("ready", { signal: AbortSignal.abort(new Error("before")) });
  await assert.rejects(aborted.next(), /before/);
});

Deno.test("EventClient.clear() ends iterators after what they buffered", async () => {
  const events = new EventClient<Events>();
  const stream = events.events("*");
  events.emit("ready");
  events.clear();
  events.emit("ready");
  const seen = [];
  for await (const event of stream) seen.push(event.type);
  assert.deepEqual(seen, ["ready"]);
  assert.ok(stream[Symbol.asyncIterator]() === stream);
});

Deno.test("EventClient.deliver() runs handlers with origin set, then restores it", () => {
  const events = new EventClient<Events>({ source: "here" });
  const origins: (string | undefined)[] = [];
  events.on("user:login", () => origins.push(events.origin?.source));
  events.on("ready", () => {
    origins.push(events.origin?.source);
    events.emit("user:login", "local, inside a delivery");
  });
  events.deliver({ type: "ready", source: "tab-2", timestamp: 1, data: undefined });
  events.emit("user:login", "local");
  assert.equal(events.source, "here");
  assert.equal(events.origin, undefined);
  // An emit made by a handler of a delivered event is a local event.
  assert.deepEqual(origins, ["tab-2", undefined, undefined]);
});

Deno.test("EventClient gets a random source by default and keeps working over many distinct types", () => {
  const a = new EventClient();
  const b = new EventClient();
  assert.notEqual(a.source, b.source);
  assert.match(a.source, /^[a-z0-9]+$/);
  const counts = new Map<string, number>();
  a.on("*", (_data, type) => counts.set(type, (counts.get(type) ?? 0) + 1));
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 5000; i++) a.emit(`type-${i}`, i);
  }
  assert.equal(counts.size, 5000);
  assert.ok([...counts.values()].every((n) => n === 2));
});

Deno.test("EventClient.emit() and deliver() refuse a type that is not a string, typed, from plain JavaScript", () => {
  const events = new EventClient();
  const loose = events as unknown as {
    emit(type: unknown): void;
    deliver(event: unknown): void;
  };
  assert.throws(() => loose.emit(undefined), isCode("INVALID_TYPE"));
  assert.throws(() => loose.emit(42), isCode("INVALID_TYPE"));
  // A log's raw text is iterable too: each character is not an event.
  assert.throws(() => loose.deliver("{"), isCode("INVALID_TYPE"));
  assert.throws(() => loose.deliver({ type: null }), /An event type is a string, not object/);
});
