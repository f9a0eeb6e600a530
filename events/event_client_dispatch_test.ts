import assert from "node:assert/strict";
import { EventClient } from "./mod.ts";

type Events = { tick: number; other: number };

/** A client whose errors are collected, and a log of which handler ran. */
function setup(): { events: EventClient<Events>; errors: unknown[]; ran: string[] } {
  const errors: unknown[] = [];
  return { events: new EventClient<Events>({ onError: (e) => errors.push(e) }), errors, ran: [] };
}

Deno.test("EventClient.emit(): a throwing handler in the middle of ten stops none of the others", () => {
  const { events, errors, ran } = setup();
  const boom = new Error("boom");
  for (let i = 0; i < 10; i++) {
    events.on("tick", () => {
      ran.push(`h${i}`);
      if (i === 4 || i === 5 || i === 9) throw boom;
    });
  }
  events.emit("tick", 1);
  events.emit("tick", 2); // the cached dispatcher, after the throws, still runs every handler
  const once = ["h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9"];
  assert.deepEqual(ran, [...once, ...once]);
  assert.deepEqual(errors, [boom, boom, boom, boom, boom, boom]);
});

Deno.test("EventClient.emit(): the wildcard runs after a throwing handler, for one and for many", () => {
  for (const before of [1, 3]) {
    const { events, errors, ran } = setup();
    for (let i = 0; i < before; i++) {
      events.on("tick", () => {
        ran.push(`h${i}`);
        throw new Error(`h${i}`);
      });
    }
    events.on("*", (_data, type) => ran.push(`* ${type}`));
    events.emit("tick", 1);
    assert.deepEqual(ran.at(-1), "* tick");
    assert.equal(ran.length, before + 1);
    assert.equal(errors.length, before);
  }
});

Deno.test("EventClient.emit(): a handler that unsubscribes a later one during an emit, with 2 and 10 handlers", () => {
  for (const count of [2, 10]) {
    const { events, ran } = setup();
    const offs: (() => void)[] = [];
    for (let i = 0; i < count; i++) {
      offs.push(events.on("tick", () => {
        ran.push(`h${i}`);
        if (i === 0) offs[count - 1]!(); // removes the last one, which has not run yet
      }));
    }
    events.emit("tick", 1);
    assert.equal(ran.length, count - 1);
    assert.ok(!ran.includes(`h${count - 1}`));
    ran.length = 0;
    events.emit("tick", 2);
    assert.equal(ran.length, count - 1);
  }
});

Deno.test("EventClient.emit(): a handler that unsubscribes itself and an earlier one keeps the rest running", () => {
  const { events, ran } = setup();
  const offFirst = events.on("tick", () => ran.push("first"));
  const offSecond = events.on("tick", () => {
    ran.push("second");
    offFirst();
    offSecond();
  });
  events.on("tick", () => ran.push("third"));
  events.emit("tick", 1);
  events.emit("tick", 2);
  assert.deepEqual(ran, ["first", "second", "third", "third"]);
});

Deno.test("EventClient.emit(): repeating one type sees every subscribe and unsubscribe in between", () => {
  const { events, ran } = setup();
  events.emit("tick", 0); // caches "no handlers" for tick
  const off = events.on("tick", (n) => ran.push(`a${n}`));
  events.emit("tick", 1);
  const offAll = events.on("*", (n) => ran.push(`*${n}`));
  events.emit("tick", 2);
  events.emit("other", 3);
  events.emit("tick", 4);
  offAll();
  events.emit("tick", 5);
  off();
  events.emit("tick", 6);
  events.on("tick", (n) => ran.push(`b${n}`));
  events.clear();
  events.emit("tick", 7);
  assert.deepEqual(ran, ["a1", "a2", "*2", "*3", "a4", "*4", "a5"]);
});

Deno.test("EventClient.emit(): a rejected promise from any position reaches onError", async () => {
  for (const count of [1, 2, 5]) {
    const { events, errors } = setup();
    const late = new Error(`late ${count}`);
    for (let i = 0; i < count; i++) {
      events.on("tick", () => i === count - 1 ? Promise.reject(late) : undefined);
    }
    events.emit("tick", 1);
    await Promise.resolve();
    assert.deepEqual(errors, [late]);
  }
});

Deno.test("EventClient.emit(): 16 and 40 handlers, with throws and removals anywhere, run every live one in order", () => {
  for (const count of [4, 15, 16, 17, 40]) {
    const { events, errors, ran } = setup();
    const offs: (() => void)[] = [];
    for (let i = 0; i < count; i++) {
      offs.push(events.on(i % 2 === 0 ? "tick" : "*", () => {
        ran.push(`${i}`);
        if (i === 1) offs[count - 2]!(); // removes one that has not run yet
        if (i % 7 === 0 || i === count - 1) throw new Error(`h${i}`);
      }));
    }
    events.emit("tick", 1);
    const expected = [...Array(count).keys()].filter((i) => i !== count - 2);
    assert.deepEqual(ran, expected.map(String), `${count} handlers`);
    const throwers = expected.filter((i) => i % 7 === 0 || i === count - 1);
    assert.deepEqual(errors.map((e) => (e as Error).message), throwers.map((i) => `h${i}`));
  }
});

Deno.test("EventClient.emit(): a handler removed by the first one does not run, at every position up to 17", () => {
  for (let count = 2; count <= 17; count++) {
    for (let removed = 1; removed < count; removed++) {
      const { events, ran } = setup();
      const offs: (() => void)[] = [];
      for (let i = 0; i < count; i++) {
        offs.push(events.on("tick", () => {
          ran.push(`${i}`);
          if (i === 0) offs[removed]!();
        }));
      }
      events.emit("tick", 1);
      const expected = [...Array(count).keys()].filter((i) => i !== removed).map(String);
      assert.deepEqual(ran, expected, `${count} handlers, removed ${removed}`);
    }
  }
});

Deno.test("EventClient.emit(): a repeated type emitted inside a delivery is still a local event", () => {
  const events = new EventClient<Events>();
  const origins: (string | undefined)[] = [];
  events.on("tick", () => origins.push(events.origin?.source));
  events.on("other", (n) => {
    origins.push(events.origin?.source);
    events.emit("tick", n); // "tick" is the type last emitted: the cached path
    events.emit("tick", n);
    if (n === 1) events.deliver({ type: "other", source: "nested", timestamp: 2, data: 2 });
    events.emit("tick", n);
  });
  events.emit("tick", 0);
  events.deliver({ type: "other", source: "tab-2", timestamp: 1, data: 1 });
  events.emit("tick", 3);
  assert.deepEqual(origins, [
    undefined,
    "tab-2",
    undefined,
    undefined,
    "nested",
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
  ]);
  assert.equal(events.origin, undefined);
});
