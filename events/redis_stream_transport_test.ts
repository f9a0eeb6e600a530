import assert from "node:assert/strict";
import { Redis } from "ioredis";
import { assertPrototypeClean, PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";
import { ignoreUnless } from "../scripts/testing/needs.ts";
import { type RedisServer, startRedis } from "../scripts/testing/redis.ts";
import { EventClient } from "./event_client.ts";
import { EventsError } from "./events_error.ts";
import {
  RedisStreamTransport,
  type RedisStreamTransportOptions,
  type StreamEvent,
} from "./redis.ts";
import type { SystemEvent } from "./system_event.ts";

type Jobs = {
  job: number;
  "job:done": number;
  "job:failed": string;
  other: number;
  ping: void;
  bad: unknown;
};
const withRedis = ignoreUnless("redis-server");

/** Waits for a condition, failing with what was awaited if it never comes. */
async function until(
  condition: () => boolean | Promise<boolean>,
  what: string,
  ms = 30_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!await condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A client bridged to the stream, with what it received from others (`origin` set). */
function bridged(
  server: RedisServer,
  source: string,
  options: Partial<RedisStreamTransportOptions> = {},
): {
  client: EventClient<Jobs>;
  transport: RedisStreamTransport<Jobs>;
  received: SystemEvent[];
  errors: EventsError[];
} {
  const client = new EventClient<Jobs>({ source });
  const received: SystemEvent[] = [];
  const errors: EventsError[] = [];
  client.on("*", () => {
    if (client.origin) received.push(client.origin);
  });
  const transport = new RedisStreamTransport(client, {
    redis: server.url,
    onError: (error) => errors.push(error),
    ...options,
  });
  return { client, transport, received, errors };
}

/** Waits until every bridge is ready; disposing the result closes their transports, last first. */
async function allReady(
  ...bridges: ReadonlyArray<{ transport: RedisStreamTransport<Jobs> }>
): Promise<AsyncDisposable> {
  const transports = new AsyncDisposableStack();
  for (const { transport } of bridges) transports.use(transport);
  try {
    await Promise.all(bridges.map(({ transport }) => transport.ready));
  } catch (error) {
    await transports.disposeAsync();
    throw error;
  }
  return transports;
}

/** A plain connection for checks, closed by `await using`. */
function connect(
  server: RedisServer,
  options: { maxRetriesPerRequest?: number; protocol?: 2; replyMapping?: "resp3" } = {},
): Redis & AsyncDisposable {
  // Typed as the default mapping: the tests hand it on, they do not read its replies.
  const redis = new Redis(server.url, options as { maxRetriesPerRequest?: number });
  redis.on("error", () => {}); // the tests that stop Redis check what the transport reports
  return Object.assign(redis, {
    async [Symbol.asyncDispose](): Promise<void> {
      // A connection waiting to reconnect has no socket and never emits "end".
      const waits = redis.status !== "reconnecting" && redis.status !== "end";
      const ended = waits ? new Promise((resolve) => redis.once("end", resolve)) : undefined;
      redis.disconnect();
      await ended;
    },
  });
}

/** The fields of a stream entry for event `job` with payload `n`, from source `x`. */
const entry = (
  n: number,
): string[] => ["type", "job", "source", "x", "timestamp", String(Date.now()), "data", String(n)];
const numbers = (events: readonly SystemEvent[]): number[] => events.map((e) => e.data as number);
const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

Deno.test({
  name: "RedisStreamTransport bridges two clients both ways, with no echo",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  const a = bridged(server, "a");
  const b = bridged(server, "b");
  await using _transports = await allReady(a, b);
  const localAtA: number[] = [];
  a.client.on("job", (n) => localAtA.push(n));

  a.client.emit("job", 1);
  a.client.emit("ping");
  await until(() => b.received.length === 2, "b to get a's events");
  b.client.emit("job:done", 2);
  // a reads the stream in order: its own "job" entry comes before b's reply.
  await until(() => a.received.length === 1, "a to get b's event");

  assert.deepEqual(b.received.map((e) => [e.type, e.source, e.data]), [
    ["job", "a", 1],
    ["ping", "a", undefined],
  ]);
  assert.deepEqual(a.received.map((e) => [e.type, e.source, e.data]), [["job:done", "b", 2]]);
  assert.deepEqual(localAtA, [1], "a's own event reached its handler once, not echoed");
  assert.match((b.received[0] as StreamEvent).id, /^\d+-\d+$/, "origin.id is the entry id");
  assert.deepEqual([...a.errors, ...b.errors], []);
  // b did not send a's events back: only the three originals are in the stream.
  const events = [];
  for await (const event of a.transport.history()) events.push([event.type, event.source]);
  assert.deepEqual(events, [["job", "a"], ["ping", "a"], ["job:done", "b"]]);
});

Deno.test({
  name: "RedisStreamTransport works over RESP2 and RESP3 connections, either reply mapping",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  await using resp2 = connect(server, { protocol: 2 });
  await using resp3 = connect(server, { replyMapping: "resp3" });
  const boss = bridged(server, "boss");
  const two = bridged(server, "two", { redis: resp2 });
  const three = bridged(server, "three", { redis: resp3 });
  await using _transports = await allReady(boss, two, three);
  boss.client.emit("job", 1);
  two.client.emit("job", 2);
  three.client.emit("job", 3);
  await until(() => boss.received.length === 2, "boss to get two events");
  await until(() => two.received.length === 2 && three.received.length === 2, "the others");
  assert.deepEqual(numbers(boss.received).sort(), [2, 3]);
  assert.deepEqual(numbers(two.received).sort(), [1, 3]);
  assert.deepEqual(numbers(three.received).sort(), [1, 2]);
  const replayed = [];
  for await (const event of three.transport.history()) replayed.push(event.data);
  assert.deepEqual(replayed.sort(), [1, 2, 3]);
});

Deno.test({
  name: "RedisStreamTransport forwards and delivers only the chosen types",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  const jobsOut = bridged(server, "jobs-out", { types: ["job:*"] });
  const jobsIn = bridged(server, "jobs-in", { types: ["job:*", "other"] });
  const all = bridged(server, "all");
  await using _transports = await allReady(jobsOut, jobsIn, all);

  jobsOut.client.emit("job", 1); // "job" does not match "job:*"
  jobsOut.client.emit("job:done", 2);
  all.client.emit("job", 3);
  all.client.emit("job:failed", "x");
  all.client.emit("other", 4);
  await until(() => jobsIn.received.length === 3, "jobs-in to get three events");
  await until(() => all.received.length === 1, "all to get one event");

  assert.deepEqual(all.received.map((e) => e.type), ["job:done"]);
  // Two publishers on two connections: their entries may interleave either way.
  assert.deepEqual(jobsIn.received.map((e) => e.type).sort(), ["job:done", "job:failed", "other"]);
  await using redis = connect(server);
  assert.equal(await redis.xlen("atomiton:events"), 4);
});

Deno.test({
  name: "RedisStreamTransport shares events within a group and fans out across groups",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  const worker1 = bridged(server, "w1", { group: "workers" });
  const worker2 = bridged(server, "w2", { group: "workers" });
  const watcher = bridged(server, "watcher");
  const boss = bridged(server, "boss");
  await using _transports = await allReady(worker1, worker2, watcher, boss);
  assert.equal(worker1.transport.group, "workers");
  assert.equal(worker1.transport.consumer, "w1");
  assert.equal(watcher.transport.group, "watcher");

  for (const n of range(1, 30)) boss.client.emit("job", n);
  await until(
    () => worker1.received.length + worker2.received.length >= 30,
    "the workers to get 30 events",
  );
  await until(() => watcher.received.length === 30, "the watcher to get 30 events");

  const shared = [...numbers(worker1.received), ...numbers(worker2.received)];
  assert.deepEqual(shared.sort((x, y) => x - y), range(1, 30), "each event to one worker");
  assert.deepEqual(
    numbers(watcher.received),
    range(1, 30),
    "another group gets them all, in order",
  );
});

Deno.test({
  name: "RedisStreamTransport trims the stream to about maxLength",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  await using redis = connect(server);
  const client = new EventClient<Jobs>({ source: "busy" });
  await using transport = new RedisStreamTransport(client, { redis, maxLength: 100 });
  await transport.ready;
  for (const n of range(1, 1000)) client.emit("job", n);
  await redis.ping(); // replies come in order: every XADD before it has run
  const length = await redis.xlen("atomiton:events");
  // `MAXLEN ~` trims whole radix-tree nodes (100 entries each by default).
  assert.ok(length >= 100 && length <= 200, `length ${length}`);
  const last = await redis.xrevrange("atomiton:events", "+", "-", "COUNT", 1);
  assert.equal(last[0]![1][last[0]![1].indexOf("data") + 1], "1000");

  const unbounded = new EventClient<Jobs>({ source: "unbounded" });
  await using _t = new RedisStreamTransport(unbounded, {
    redis,
    stream: "all",
    maxLength: Infinity,
  });
  for (const n of range(1, 300)) unbounded.emit("job", n);
  await redis.ping();
  assert.equal(await redis.xlen("all"), 300);
  await transport.close();
});

Deno.test({
  name: "RedisStreamTransport resumes after a restart from the last acknowledged entry",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  const boss = bridged(server, "boss");
  await using _boss = boss.transport;
  const first = bridged(server, "first", { group: "g", consumer: "c" });
  await Promise.all([boss.transport.ready, first.transport.ready]);
  for (const n of range(1, 5)) boss.client.emit("job", n);
  await until(() => first.received.length === 5, "the first run to get 5 events");
  await first.transport.close();

  for (const n of range(6, 10)) boss.client.emit("job", n); // while nobody reads group g
  const second = bridged(server, "second", { group: "g", consumer: "c" });
  await using _second = second.transport;
  await second.transport.ready;
  boss.client.emit("job", 11);
  await until(() => second.received.at(-1)?.data === 11, "the second run to get event 11");
  assert.deepEqual(numbers(first.received), range(1, 5));
  assert.deepEqual(numbers(second.received), range(6, 11), "nothing missed, nothing repeated");
});

/** Runs a consumer in a child Deno process that hangs, unacknowledged, on event `stuckAt`. */
async function crashingConsumer(url: string, stuckAt: number): Promise<{
  child: Deno.ChildProcess;
  lines: string[];
  done: Promise<void>;
}> {
  const here = new URL(".", import.meta.url);
  const code = `
    import { EventClient } from "${new URL("event_client.ts", here)}";
    import { RedisStreamTransport } from "${new URL("redis_stream_transport.ts", here)}";
    const say = (line) => Deno.stdout.writeSync(new TextEncoder().encode(line + "\\n"));
    const events = new EventClient({ source: "crashy" });
    events.on("job", (n) => {
      say("got " + n);
      // Hangs like a crashed process: this batch is read but never acknowledged.
      if (n === ${stuckAt}) say("stuck"), Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    });
    const transport = new RedisStreamTransport(events, {
      redis: "${url}", group: "workers", consumer: "crashy", batchSize: 5, claimIdleMs: Infinity,
    });
    await transport.ready;
    say("ready");
  `;
  const child = new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    cwd: new URL("..", here).pathname,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines: string[] = [];
  const done = (async (): Promise<void> => {
    let rest = "";
    for await (const chunk of child.stdout.pipeThrough(new TextDecoderStream())) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop()!;
      lines.push(...parts);
    }
  })();
  await until(() => lines.includes("ready"), "the child consumer to start", 60_000);
  return { child, lines, done };
}

async function killMidStream(server: RedisServer, boss: EventClient<Jobs>): Promise<number[]> {
  const { child, lines, done } = await crashingConsumer(server.url, 13);
  for (const n of range(1, 40)) boss.emit("job", n);
  await until(() => lines.includes("stuck"), "the child to hang on event 13");
  child.kill("SIGKILL");
  const status = await child.status;
  await done;
  assert.equal(status.signal, "SIGKILL");
  return lines.filter((l) => l.startsWith("got ")).map((l) => Number(l.slice(4)));
}

async function pendingCount(server: RedisServer): Promise<number> {
  await using redis = connect(server);
  const [count] = await redis.xpending("atomiton:events", "workers") as [number];
  return count;
}

Deno.test({
  name: "RedisStreamTransport restarted after a crash gets its unacknowledged entries first",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  const boss = bridged(server, "boss");
  await using _boss = boss.transport;
  await boss.transport.ready;
  const beforeCrash = await killMidStream(server, boss.client);
  assert.ok(await pendingCount(server) > 0, "the crash left entries unacknowledged");

  const restarted = bridged(server, "restarted", {
    group: "workers",
    consumer: "crashy",
    claimIdleMs: Infinity,
  });
  await using _r = restarted.transport;
  await until(() => restarted.received.at(-1)?.data === 40, "the restarted consumer to get 40");

  const after = numbers(restarted.received);
  const firstAgain = after[0]!;
  assert.ok(firstAgain <= 13, "the hung batch, event 13 included, came again");
  assert.deepEqual(after, range(firstAgain, 40), "pending entries first, then the rest, in order");
  assert.deepEqual(beforeCrash, range(1, 13));
  await until(async () => await pendingCount(server) === 0, "every entry acknowledged");
});

Deno.test({
  name: "RedisStreamTransport takes over a killed consumer's entries (XAUTOCLAIM): none lost",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  const boss = bridged(server, "boss");
  await using _boss = boss.transport;
  await boss.transport.ready;
  const beforeCrash = await killMidStream(server, boss.client);
  const stranded = await pendingCount(server);
  assert.ok(stranded > 0, "the crash left entries unacknowledged");

  const rescuer = bridged(server, "rescuer", { group: "workers", claimIdleMs: 200 });
  await using _r = rescuer.transport;
  await until(() => {
    const seen = new Set([...beforeCrash, ...numbers(rescuer.received)]);
    return seen.size === 40 && rescuer.received.some((e) => e.data === 13);
  }, "every event, the stranded ones included");
  assert.ok(numbers(rescuer.received).includes(13), "event 13 was taken over from the dead one");
  assert.deepEqual(beforeCrash, range(1, 13));
  assert.equal(new Set(numbers(rescuer.received)).size, rescuer.received.length, "no repeats");
  await until(async () => await pendingCount(server) === 0, "every entry acknowledged");
  assert.deepEqual(rescuer.errors, []);
});

Deno.test({
  name: "RedisStreamTransport.history() replays from an id or a time, by type and count",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  const a = bridged(server, "a", { batchSize: 2 });
  await using _a = a.transport;
  await a.transport.ready;
  a.client.emit("job", 1);
  a.client.emit("other", 2);
  a.client.emit("job:done", 3);
  const replay = async (
    options: Parameters<RedisStreamTransport["history"]>[0],
  ): Promise<Array<[string, unknown]>> => {
    const seen: Array<[string, unknown]> = [];
    for await (const event of a.transport.history(options)) seen.push([event.type, event.data]);
    return seen;
  };
  const all: StreamEvent[] = [];
  await until(async () => {
    all.length = 0;
    for await (const event of a.transport.history()) all.push(event);
    return all.length === 3;
  }, "three entries");
  const [first, second, third] = all as [StreamEvent, StreamEvent, StreamEvent];
  assert.deepEqual(all.map((e) => [e.type, e.source, e.data]), [
    ["job", "a", 1],
    ["other", "a", 2],
    ["job:done", "a", 3],
  ]);
  assert.deepEqual(await replay({ from: second.id }), [["other", 2], ["job:done", 3]]);
  assert.deepEqual(await replay({ from: `(${second.id}` }), [["job:done", 3]]);
  assert.deepEqual(await replay({ to: second.id }), [["job", 1], ["other", 2]]);
  assert.deepEqual(await replay({ types: ["job", "job:*"] }), [["job", 1], ["job:done", 3]]);
  assert.deepEqual(await replay({ count: 2 }), [["job", 1], ["other", 2]]);

  // Entry ids start with the ms they were added: later events replay from a later time.
  const lastMs = Number(third.id.split("-")[0]);
  while (Date.now() <= lastMs) await new Promise((resolve) => setTimeout(resolve, 1));
  const later = new Date(lastMs + 1);
  a.client.emit("job", 4);
  a.client.emit("job", 5);
  await until(async () => (await replay({})).length === 5, "five entries");
  assert.deepEqual(await replay({ from: later }), [["job", 4], ["job", 5]]);
  assert.deepEqual(await replay({ from: 0, to: lastMs }), all.map((e) => [e.type, e.data]));
  assert.equal(first.timestamp <= Date.now(), true);

  const controller = new AbortController();
  controller.abort(new Error("enough"));
  await assert.rejects(replay({ signal: controller.signal }), { message: "enough" });
  await assert.rejects(
    replay({ from: "yesterday" }),
    (error) => error instanceof EventsError && error.code === "INVALID_OPTION",
  );
  await assert.rejects(
    replay({ count: 0 }),
    (error) => error instanceof EventsError && error.code === "INVALID_OPTION",
  );
  await a.transport.close();
  await assert.rejects(
    replay({}),
    (error) => error instanceof EventsError && error.code === "TRANSPORT_CLOSED",
  );
});

Deno.test({
  name: "RedisStreamTransport recovers when Redis restarts mid-stream, losing no event",
  ...withRedis,
}, async () => {
  await using server = await startRedis({ durable: true });
  const a = bridged(server, "a");
  // Commands fail at once when the connection drops, so b's read loop must retry by itself.
  await using impatient = connect(server, { maxRetriesPerRequest: 0 });
  const b = bridged(server, "b", { redis: impatient });
  await using _transports = await allReady(a, b);
  for (const n of range(1, 10)) a.client.emit("job", n);
  await until(() => b.received.length === 10, "b to get the first 10");

  await server.kill();
  for (const n of range(11, 20)) a.client.emit("job", n); // queued by ioredis while Redis is down
  await until(() => b.errors.length > 0, "b's blocked read to fail");
  await server.start();
  for (const n of range(21, 30)) a.client.emit("job", n);
  await until(() => new Set(numbers(b.received)).size === 30, "b to get all 30");
  assert.deepEqual([...new Set(numbers(b.received))].sort((x, y) => x - y), range(1, 30));
  assert.ok([...a.errors, ...b.errors].every((e) => e.code === "TRANSPORT_FAILED"));
  assert.ok(
    b.errors.some((e) => /reading stream "atomiton:events" failed; retrying/.test(e.message)),
  );
});

Deno.test({
  name: "RedisStreamTransport creates its group again when a restart lost it",
  ...withRedis,
}, async () => {
  await using server = await startRedis({ durable: false });
  const a = bridged(server, "a");
  const b = bridged(server, "b", { claimIdleMs: Infinity });
  await using _transports = await allReady(a, b);
  a.client.emit("job", 1);
  await until(() => b.received.length === 1, "b to get event 1");

  await server.kill(); // without persistence the stream and its groups are gone
  for (const n of range(2, 5)) a.client.emit("job", n);
  await server.start();
  await until(() => b.errors.some((e) => /group "b" was gone/.test(e.message)), "b to notice");
  for (const n of range(6, 8)) a.client.emit("job", n);
  await until(() => b.received.at(-1)?.data === 8, "b to get event 8");
  assert.deepEqual(numbers(b.received), range(1, 8), "events sent while down were not missed");
});

Deno.test({
  name: "RedisStreamTransport reports data that is not JSON and failed publishes to onError",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  await using redis = connect(server);
  const a = bridged(server, "a");
  const b = bridged(server, "b");
  await using _transports = await allReady(a, b);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  a.client.emit("bad", { big: 1n });
  a.client.emit("bad", cyclic);
  a.client.emit("job", 1);
  await until(() => b.received.length === 1, "b to get the good event");
  assert.deepEqual(numbers(b.received), [1]);
  assert.deepEqual(a.errors.map((e) => [e.code, /"bad".*JSON/.test(e.message)]), [
    ["TRANSPORT_FAILED", true],
    ["TRANSPORT_FAILED", true],
  ]);

  // A stream key holding a string: every XADD fails, and says so.
  await redis.set("not-a-stream", "x");
  const c = bridged(server, "c", { stream: "not-a-stream" });
  c.client.emit("job", 2);
  await until(() => c.errors.some((e) => /could not publish "job"/.test(e.message)), "a report");
  const failure = c.errors.find((e) => /could not publish/.test(e.message))!;
  assert.equal(failure.code, "TRANSPORT_FAILED");
  assert.match(String((failure.cause as Error).message), /WRONGTYPE/);
  await assert.rejects(
    c.transport.history().next(),
    (error) =>
      error instanceof EventsError && error.code === "TRANSPORT_FAILED" &&
      /could not replay stream "not-a-stream": WRONGTYPE/.test(error.message),
  );
  const ready = c.transport.ready;
  await c.transport.close();
  await assert.rejects(
    ready,
    (error) => error instanceof EventsError && error.code === "TRANSPORT_CLOSED",
  );
});

Deno.test({
  name: "RedisStreamTransport reports and skips stream entries that are not events",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  await using redis = connect(server);
  const b = bridged(server, "b");
  await using _b = b.transport;
  await b.transport.ready;
  await redis.xadd("atomiton:events", "*", "hello", "world");
  await redis.xadd(
    "atomiton:events",
    "*",
    "type",
    "job",
    "source",
    "x",
    "timestamp",
    "1",
    "data",
    "{",
  );
  await redis.xadd("atomiton:events", "*", ...entry(7));
  await until(() => b.received.length === 1, "b to get the good entry");
  assert.deepEqual(b.received.map((e) => [e.type, e.source, e.data]), [["job", "x", 7]]);
  assert.equal(typeof b.received[0]!.timestamp, "number");
  assert.deepEqual(b.errors.map((e) => e.code), ["TRANSPORT_FAILED", "TRANSPORT_FAILED"]);
  assert.match(b.errors[0]!.message, /not an event \(it lacks a type/);
  assert.match(b.errors[1]!.message, /its data is not JSON/);
  await until(async () => {
    const [pending] = await redis.xpending("atomiton:events", "b") as [number];
    return pending === 0;
  }, "bad entries to be acknowledged, not retried forever");
  const replayed = [];
  for await (const event of b.transport.history()) replayed.push(event.data);
  assert.deepEqual(replayed, [7]);
  assert.equal(b.errors.length, 4, "the replay reported the two bad entries too");
});

Deno.test({
  name: "RedisStreamTransport.close() waits for publishes and keeps a connection it was given",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  await using check = connect(server);
  const owner = bridged(server, "owner");
  await owner.transport.ready;
  // Redis holds writes for a while, so the publishes are still in flight when close() begins.
  await check.call("CLIENT", ["PAUSE", "300", "WRITE"]);
  for (const n of range(1, 200)) owner.client.emit("job", n);
  assert.equal(owner.transport.closed, false);
  const closing = owner.transport.close();
  assert.equal(owner.transport.closed, true);
  assert.equal(owner.transport.close(), closing, "a second close() returns the same promise");
  await closing;
  assert.equal(await check.xlen("atomiton:events"), 200);
  assert.deepEqual(owner.errors, [], "no publish was cut off by the disconnect");
  owner.client.emit("job", 201); // no longer forwarded
  assert.equal(owner.client.listenerCount(), 1, "only the test's own handler is left");

  await using given = connect(server);
  const client = new EventClient<Jobs>({ source: "guest" });
  const transport = new RedisStreamTransport(client, { redis: given });
  await transport.ready;
  client.emit("job", 202);
  await transport.close();
  assert.equal(await given.ping(), "PONG", "the caller's connection stays open");
  assert.equal(await given.xlen("atomiton:events"), 201);
});

Deno.test("RedisStreamTransport.close() reports events it could not publish", async () => {
  // Nothing listens on port 1: the connection is refused, as when Redis is down.
  const a = bridged({ url: "redis://127.0.0.1:1" } as RedisServer, "a");
  await until(() => a.errors.some((e) => /lost the connection/.test(e.message)), "a to notice");
  a.client.emit("job", 1);
  a.client.emit("job:done", 2);
  const ready = a.transport.ready;
  await a.transport.close();
  const closed = a.errors.filter((e) => e.code === "TRANSPORT_CLOSED").map((e) => e.message);
  assert.equal(closed.length, 2);
  assert.match(closed[0]!, /"job" was not published .* closed while Redis was unreachable/);
  assert.match(closed[1]!, /"job:done" was not published/);
  await assert.rejects(
    ready,
    (error) => error instanceof EventsError && error.code === "TRANSPORT_CLOSED",
  );
});

Deno.test("RedisStreamTransport rejects bad options at once, before connecting", () => {
  const client = new EventClient();
  const url = "redis://127.0.0.1:1";
  const bad: Array<[Partial<RedisStreamTransportOptions>, RegExp]> = [
    [{ redis: 6379 as unknown as string }, /redis must be an ioredis connection or a URL/],
    [{ stream: "" }, /stream must be a non-empty string/],
    [{ group: "" }, /group must be a non-empty string/],
    [{ consumer: 1 as unknown as string }, /consumer must be a non-empty string/],
    [{ types: [] }, /types must be a non-empty array/],
    [{ maxLength: 0 }, /maxLength must be a whole number of 1 or more or Infinity, got 0/],
    [{ blockMs: Infinity }, /blockMs must be a whole number of 1 or more, got Infinity/],
    [{ batchSize: 1.5 }, /batchSize must be a whole number/],
    [{ claimIdleMs: -1 }, /claimIdleMs must be a whole number/],
    [{ onError: "log" as unknown as () => void }, /onError must be a function, got string/],
  ];
  for (const [options, message] of bad) {
    assert.throws(
      () => new RedisStreamTransport(client, { redis: url, ...options }),
      (error) =>
        error instanceof EventsError && error.code === "INVALID_OPTION" &&
        message.test(error.message),
      message.source,
    );
  }
  assert.throws(
    () => new RedisStreamTransport(client, { redis: url, types: ["a*b"] }),
    (error) => error instanceof EventsError && error.code === "INVALID_TYPE",
  );
  assert.throws(
    () => new RedisStreamTransport(client, undefined as unknown as RedisStreamTransportOptions),
    (error) => error instanceof EventsError && error.code === "INVALID_OPTION",
  );
  assert.equal(client.listenerCount(), 0);
});

Deno.test({
  name: "RedisStreamTransport creates a lost group from the last entry it read, missing nothing",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  await using redis = connect(server);
  const b = bridged(server, "b", { claimIdleMs: Infinity });
  await using _b = b.transport;
  await b.transport.ready;
  await redis.xadd("atomiton:events", "*", ...entry(1));
  await until(() => b.received.length === 1, "b to get event 1");
  // The stream and its groups vanish and new entries arrive before b can notice.
  await redis.multi()
    .del("atomiton:events")
    .xadd("atomiton:events", "*", ...entry(2))
    .xadd("atomiton:events", "*", ...entry(3))
    .exec();
  await until(() => b.received.length === 3, "b to get events 2 and 3");
  assert.deepEqual(numbers(b.received), [1, 2, 3]);
  assert.ok(b.errors.some((e) => /group "b" was gone/.test(e.message)));
});

Deno.test({
  name: "RedisStreamTransport closed by a handler mid-batch leaves the rest for the next start",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  await using redis = connect(server);
  await redis.call("XGROUP", ["CREATE", "atomiton:events", "g", "$", "MKSTREAM"]);
  for (const n of range(1, 3)) await redis.xadd("atomiton:events", "*", ...entry(n));
  const first = bridged(server, "first", { group: "g", consumer: "c", claimIdleMs: Infinity });
  first.client.on("job", () => void first.transport.close());
  await until(() => first.transport.closed, "the handler to close the transport");
  await first.transport.close();
  assert.deepEqual(numbers(first.received), [1], "nothing delivered after close()");

  const second = bridged(server, "second", { group: "g", consumer: "c" });
  await using _second = second.transport;
  await until(() => second.received.at(-1)?.data === 3, "the next start to get event 3");
  assert.deepEqual(numbers(second.received).filter((n) => n > 1), [2, 3]);
});

Deno.test({
  name: "RedisStreamTransport acknowledges pending entries that were trimmed away",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  await using redis = connect(server);
  await redis.call("XGROUP", ["CREATE", "atomiton:events", "g", "$", "MKSTREAM"]);
  for (const n of range(1, 3)) await redis.xadd("atomiton:events", "*", ...entry(n));
  // Consumer "c" reads three entries and dies; then trimming removes them from the stream.
  await redis.call("XREADGROUP", [
    "GROUP",
    "g",
    "c",
    "COUNT",
    "10",
    "STREAMS",
    "atomiton:events",
    ">",
  ]);
  await redis.xtrim("atomiton:events", "MAXLEN", 0);
  await redis.xadd("atomiton:events", "*", ...entry(4));

  const c = bridged(server, "c", { group: "g", consumer: "c", claimIdleMs: Infinity });
  await using _c = c.transport;
  await until(() => c.received.length === 1, "c to get event 4");
  assert.deepEqual(numbers(c.received), [4]);
  await until(async () => {
    const [pending] = await redis.xpending("atomiton:events", "g") as [number];
    return pending === 0;
  }, "the trimmed entries to be acknowledged");
  assert.deepEqual(c.errors, []);
});

/** Ends with the transport's ready settled, and what it reported by then. */
async function refused(
  url: string,
): Promise<{ ready: unknown; errors: EventsError[]; transport: RedisStreamTransport<Jobs> }> {
  const a = bridged({ url } as RedisServer, "a");
  a.client.emit("job", 1);
  let ready: unknown;
  a.transport.ready.then(() => ready = "ready", (error) => ready = error);
  await until(() => ready !== undefined, "ready to settle");
  // The unpublished "job" is reported once the server's limits are known.
  await until(() => a.errors.some((e) => /"job" was not published/.test(e.message)), "a report");
  assert.equal(a.transport.closed, true, "a configuration error closes the transport");
  await a.transport.close();
  return { ready, errors: a.errors, transport: a.transport };
}

Deno.test({
  name: "RedisStreamTransport refuses a database the server does not have, touching no other",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  await using db0 = connect(server);
  await db0.xadd("atomiton:events", "*", ...entry(0));
  const before = await db0.info("commandstats");
  const { ready, errors } = await refused(`${server.url}/99`);
  assert.ok(ready instanceof EventsError && ready.code === "MISCONFIGURED", String(ready));
  assert.match(ready.message, /database 99 .*0 to 15 on this server/);
  assert.deepEqual(errors.map((e) => e.code), ["MISCONFIGURED", "MISCONFIGURED"]);
  assert.match(errors[1]!.message, /"job" was not published to stream "atomiton:events": .*99/);
  assert.ok(!errors.some((e) => /reconnecting|retrying/.test(e.message)), "not an outage");
  const after = await db0.info("commandstats");
  const calls = (info: string, command: string): string | undefined =>
    info.match(new RegExp(`^cmdstat_${command}:calls=(\\d+)`, "m"))?.[1];
  for (const command of ["xadd", "xgroup", "xreadgroup"]) {
    assert.equal(calls(after, command), calls(before, command), `${command} never ran`);
  }
  assert.equal(await db0.xlen("atomiton:events"), 1);
});

Deno.test({
  name: "RedisStreamTransport refuses a wrong or missing password with MISCONFIGURED",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  await using admin = connect(server);
  await admin.config("SET", "requirepass", "s3cret");
  const hostPort = server.url.slice("redis://".length);
  for (const url of [`redis://:wrong-pass@${hostPort}`, `redis://${hostPort}/3`]) {
    const { ready } = await refused(url);
    assert.ok(ready instanceof EventsError && ready.code === "MISCONFIGURED", String(ready));
    assert.match(ready.message, /Put the password in the URL: redis:\/\/:password@host:port\/db/);
    assert.doesNotMatch(ready.message, /wrong-pass|s3cret/);
  }
});

Deno.test({
  name: "RedisStreamTransport uses the URL's database and only it",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  const db3 = { url: `${server.url}/3` } as RedisServer;
  const a = bridged(db3, "a");
  const b = bridged(db3, "b");
  await using _transports = await allReady(a, b);
  a.client.emit("job", 1);
  await until(() => b.received.length === 1, "b to get a's event");
  await using db0 = connect(server);
  assert.equal(await db0.exists("atomiton:events"), 0);
  await db0.select(3);
  assert.equal(await db0.xlen("atomiton:events"), 1);
});

Deno.test({
  name:
    "RedisStreamTransport keeps stream fields, types and sources named like Object.prototype as data",
  ...withRedis,
}, async () => {
  await using server = await startRedis();
  await using redis = connect(server);
  const b = bridged(server, "b");
  await using _b = b.transport;
  await b.transport.ready;
  for (const name of PROTOTYPE_KEYS) {
    // Extra fields with hostile names are ignored; hostile types and sources are plain strings.
    await redis.xadd("atomiton:events", "*", name, "{}", ...entry(1), name, "1");
    await redis.xadd(
      "atomiton:events",
      "*",
      ...["type", name, "source", name, "timestamp", "1", "data", '{"__proto__":{"polluted":1}}'],
    );
  }
  await until(() => b.received.length === 2 * PROTOTYPE_KEYS.length, "every entry");
  assert.deepEqual(b.errors, []);
  for (const [i, name] of PROTOTYPE_KEYS.entries()) {
    const [plain, hostile] = [b.received[2 * i]!, b.received[2 * i + 1]!];
    assert.deepEqual([plain.type, plain.source, plain.data], ["job", "x", 1]);
    assert.deepEqual([hostile.type, hostile.source], [name, name]);
    assert.equal(Object.getPrototypeOf(hostile.data), Object.prototype);
    assert.deepEqual(Object.keys(hostile.data as object), ["__proto__"]);
  }
  assertPrototypeClean();
});
