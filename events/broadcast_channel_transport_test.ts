import assert from "node:assert/strict";
import { EventClient, EventsError } from "./mod.ts";
import { BroadcastChannelTransport } from "./broadcast_channel_transport.ts";
import { exchange } from "./testdata/bc_page.ts";
import { ignoreUnless } from "../scripts/testing/needs.ts";
import { runInChromium } from "../scripts/testing/chromium.ts";

type Events = { "job:done": { id: string }; "job:progress": number; "ui:click": string; end: void };

const EXPECTED = {
  pongs: [2, 4, 6],
  sources: ["worker", "worker", "worker"],
  localPings: 3,
  // The worker's "ready" arrives first; its pings are never echoed back and "local:only" stays there.
  seenTypes: ["worker:ready", "ping", "ping", "ping", "pong", "pong", "pong"],
};

Deno.test("BroadcastChannelTransport bridges a Deno worker both ways without echo", async () => {
  const url = new URL("./testdata/bc_worker.ts?channel=deno-worker-test", import.meta.url);
  assert.deepEqual(await exchange(url, "deno-worker-test"), EXPECTED);
});

Deno.test({
  name: "BroadcastChannelTransport bridges a Chromium page and its module worker without echo",
  ...ignoreUnless("chromium"),
  async fn(): Promise<void> {
    const result = await runInChromium({
      entries: { page: "events/testdata/bc_page.ts", worker: "events/testdata/bc_worker.ts" },
    });
    assert.deepEqual(result, EXPECTED);
  },
});

Deno.test("BroadcastChannelTransport sends only chosen types and never relays what it received", async () => {
  const a = new EventClient<Events>({ source: "a" });
  const b = new EventClient<Events>({ source: "b" });
  const c = new EventClient<Events>({ source: "c" });
  using _a = new BroadcastChannelTransport(a, { channel: "filter-test", types: ["job:*", "end"] });
  using _b = new BroadcastChannelTransport(b, { channel: "filter-test", types: ["job:*", "end"] });
  // c listens on a second channel that b relays to if it (wrongly) forwarded delivered events.
  using _b2 = new BroadcastChannelTransport(b, { channel: "relay-test" });
  using _c = new BroadcastChannelTransport(c, { channel: "relay-test" });
  const atB: string[] = [];
  const atA: string[] = [];
  const atC: string[] = [];
  b.on("*", (_d, type) => atB.push(`${type} from ${b.origin?.source ?? "b"}`));
  a.on("*", (_d, type) => atA.push(`${type} from ${a.origin?.source ?? "a"}`));
  c.on("*", (_d, type) => atC.push(`${type} from ${c.origin?.source ?? "c"}`));
  const bEnded = b.once("end");
  a.emit("job:progress", 50);
  a.emit("ui:click", "not bridged");
  a.emit("job:done", { id: "1" });
  a.emit("end");
  await bEnded;
  // b answers; anything a echoed would have arrived at b before a's "end" (one sender, in order).
  const aEnded = a.once("end");
  b.emit("end");
  await aEnded;
  const bothEnded = Promise.all([a.once("end"), c.once("end")]);
  b.emit("end");
  await bothEnded;
  assert.deepEqual(atB, [
    "job:progress from a",
    "job:done from a",
    "end from a",
    "end from b",
    "end from b",
  ]);
  assert.deepEqual(atA, [
    "job:progress from a",
    "ui:click from a",
    "job:done from a",
    "end from a",
    "end from b",
    "end from b",
  ]);
  // c got only b's own local "end" events, not a's events relayed through b.
  assert.deepEqual(atC, ["end from b", "end from b"]);
});

Deno.test("BroadcastChannelTransport reports an uncloneable payload as TRANSPORT_FAILED and keeps going", async () => {
  const errors: EventsError[] = [];
  const a = new EventClient<{ fn: () => void; ok: number }>();
  const b = new EventClient<{ fn: () => void; ok: number }>();
  using _a = new BroadcastChannelTransport(a, {
    channel: "clone-test",
    onError: (e) => errors.push(e),
  });
  using _b = new BroadcastChannelTransport(b, { channel: "clone-test" });
  const ok = b.once("ok");
  let localRan = false;
  a.on("fn", () => localRan = true);
  a.emit("fn", () => {});
  a.emit("ok", 1);
  assert.equal(await ok, 1);
  assert.equal(localRan, true);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.code, "TRANSPORT_FAILED");
  assert.ok(errors[0]!.cause instanceof Error);
});

Deno.test("BroadcastChannelTransport ignores foreign messages and stops on close", async () => {
  const a = new EventClient<Events>({ source: "a" });
  const transport = new BroadcastChannelTransport(a, { channel: "foreign-test" });
  const seen: string[] = [];
  a.on("*", (_d, type) => seen.push(type));
  const other = new BroadcastChannel("foreign-test");
  other.postMessage("not an event");
  other.postMessage({ type: 7, source: "x", timestamp: 1 });
  other.postMessage({ type: "job:done", source: "a", timestamp: 1, data: {} }); // its own source
  other.postMessage({ type: "job:done", source: "x", timestamp: 1, data: { id: "kept" } });
  await a.once("job:done");
  transport.close();
  transport.close();
  assert.equal(transport.closed, true);
  // A channel opened after the transport's gets "end" too: once it has, so would the transport.
  const probe = new BroadcastChannel("foreign-test");
  const probed = new Promise((resolve) => probe.onmessage = resolve);
  other.postMessage({ type: "end", source: "x", timestamp: 1, data: undefined });
  await probed;
  probe.close();
  other.close();
  assert.deepEqual(seen, ["job:done"]);
  assert.equal(a.listenerCount(), 1);
});

Deno.test("BroadcastChannelTransport refuses bad types with typed errors", () => {
  const a = new EventClient();
  assert.throws(
    () => new BroadcastChannelTransport(a, { types: [] }),
    (e) => e instanceof EventsError && e.code === "INVALID_OPTION",
  );
  assert.throws(
    () => new BroadcastChannelTransport(a, { types: ["a*b"] }),
    (e) => e instanceof EventsError && e.code === "INVALID_TYPE",
  );
  assert.equal(a.listenerCount(), 0);
});
