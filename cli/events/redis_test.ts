import assert from "node:assert/strict";
import { join } from "node:path";
import { Redis } from "ioredis";
import { EventClient, type SystemEvent } from "@atomiton/events";
import { parseEventLog } from "@atomiton/events/recorder";
import { RedisStreamTransport } from "@atomiton/events/redis";
import { ignoreUnless } from "../../scripts/testing/needs.ts";
import { startRedis } from "../../scripts/testing/redis.ts";
import { captureIo, withTempDir } from "../testdata/cli.ts";
import { ExitCode, main } from "../mod.ts";

type Events = { "job:done": { id: number }; tick: number };

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; !(await check()); waited += 20) {
    if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface Started {
  readonly io: ReturnType<typeof captureIo>;
  readonly code: Promise<number>;
  readonly stop: () => void;
}

/** Runs `atomiton <args>` in-process in the background; `stop()` is Ctrl-C. */
function start(args: string[], env: Record<string, string> = {}): Started {
  const controller = new AbortController();
  const io = captureIo(env);
  const code = main(args, { io, signal: controller.signal });
  return { io, code, stop: () => controller.abort() };
}

interface App extends AsyncDisposable {
  readonly client: EventClient<Events>;
  readonly seen: SystemEvent[];
}

/** An application publishing to (and reading from) the stream, as a user's service would. */
async function app(url: string, source: string, stream = "atomiton:events"): Promise<App> {
  const client = new EventClient<Events>({ source });
  const seen: SystemEvent[] = [];
  client.on("*", () => void seen.push(client.origin!));
  const transport = new RedisStreamTransport(client, { redis: url, stream, onError: () => {} });
  await transport.ready;
  return { client, seen, [Symbol.asyncDispose]: () => transport.close() };
}

async function groups(url: string, stream = "atomiton:events"): Promise<string[]> {
  const redis = new Redis(url);
  try {
    const reply = await redis.call("XINFO", "GROUPS", stream) as unknown[][];
    return reply.map((fields) => String(fields[fields.indexOf("name") + 1])).sort();
  } finally {
    redis.disconnect();
  }
}

const withDir = (test: (dir: string) => Promise<void>): Promise<void> =>
  withTempDir("atomiton-cli-events-redis-", test);

Deno.test({
  name:
    "events record writes the stream's new events to the log until --count, and leaves no group",
  ...ignoreUnless("redis-server"),
}, async () => {
  await using redis = await startRedis();
  await withDir(async (dir) => {
    await using producer = await app(redis.url, "api-1");
    producer.client.emit("tick", 0); // before recording: not recorded
    const log = join(dir, "live.jsonl");
    await Deno.writeTextFile(log, '{"type":"old","source":"x","timestamp":1,"data":null}\n');
    const record = start(["events", "record", log, "--redis", redis.url, "--count", "3"]);
    await until(() => record.io.err().includes("recording"), "recording to start");
    assert.equal(
      record.io.err(),
      `recording stream "atomiton:events" on 127.0.0.1:${redis.port} to ${log} (until 3 events, Ctrl-C)\n`,
    );
    for (let id = 1; id <= 4; id++) producer.client.emit("job:done", { id });
    assert.equal(await record.code, 0);
    assert.equal(record.io.out(), `recorded 3 events to ${log}\n`);
    const events = parseEventLog(await Deno.readTextFile(log));
    // Appended after what the file had.
    assert.deepEqual(events.map((e) => [e.type, e.source, e.data]), [
      ["old", "x", null],
      ["job:done", "api-1", { id: 1 }],
      ["job:done", "api-1", { id: 2 }],
      ["job:done", "api-1", { id: 3 }],
    ]);
    assert.match((JSON.parse((await Deno.readTextFile(log)).split("\n")[1]!)).id, /^\d+-\d+$/);
    assert.deepEqual(await groups(redis.url), ["api-1"]);
  });
});

Deno.test({
  name: "events record --filter, --duration (exit 0) and Ctrl-C (exit 130) keep what was recorded",
  ...ignoreUnless("redis-server"),
}, async () => {
  await using redis = await startRedis();
  await withDir(async (dir) => {
    await using producer = await app(redis.url, "api-1", "jobs");
    const timed = start([
      "events",
      "record",
      join(dir, "timed.jsonl"),
      "--stream",
      "jobs",
      "--duration",
      "300",
      "--filter",
      "job:*",
    ], { ATOMITON_REDIS_URL: redis.url });
    assert.equal(await timed.code, 0);
    assert.equal(timed.io.out(), `recorded 0 events to ${join(dir, "timed.jsonl")}\n`);
    assert.match(timed.io.err(), /until 300 ms, Ctrl-C/);

    const log = join(dir, "stopped.jsonl");
    const record = start([
      "events",
      "record",
      log,
      "--redis",
      redis.url,
      "--stream",
      "jobs",
      "--filter",
      "job:*",
    ]);
    await until(() => record.io.err().includes("recording"), "recording to start");
    producer.client.emit("tick", 1);
    producer.client.emit("job:done", { id: 1 });
    producer.client.emit("job:done", { id: 2 });
    await until(async () => (await Deno.readTextFile(log)).split("\n").length === 3, "two events");
    record.stop();
    assert.equal(await record.code, ExitCode.INTERRUPTED);
    assert.equal(record.io.out(), `recorded 2 events to ${log}\n`);
    assert.deepEqual(parseEventLog(await Deno.readTextFile(log)).map((e) => e.data), [{ id: 1 }, {
      id: 2,
    }]);
    assert.deepEqual(await groups(redis.url, "jobs"), ["api-1"]);
  });
});

Deno.test({
  name:
    "events tail --redis prints the stream's last events, then new ones once each, until Ctrl-C",
  ...ignoreUnless("redis-server"),
}, async () => {
  await using redis = await startRedis();
  await using producer = await app(redis.url, "api-1");
  for (let id = 1; id <= 3; id++) producer.client.emit("job:done", { id });
  producer.client.emit("tick", 9);
  await until(async () => {
    const connection = new Redis(redis.url);
    const length = await connection.xlen("atomiton:events");
    connection.disconnect();
    return length === 4;
  }, "the events to be in the stream");
  const tail = start([
    "events",
    "tail",
    "--redis",
    redis.url,
    "-n",
    "2",
    "--json",
    "--filter",
    "job:*",
  ]);
  await until(() => tail.io.err().includes("following"), "tail to follow");
  assert.equal(
    tail.io.err(),
    `following stream "atomiton:events" on 127.0.0.1:${redis.port} (Ctrl-C to stop)\n`,
  );
  producer.client.emit("tick", 10);
  producer.client.emit("job:done", { id: 4 });
  await until(() => tail.io.out().includes('"id":4'), "the new event");
  tail.stop();
  assert.equal(await tail.code, ExitCode.INTERRUPTED);
  const events = parseEventLog(tail.io.out());
  assert.deepEqual(events.map((e) => e.data), [{ id: 2 }, { id: 3 }, { id: 4 }]);
  assert.deepEqual(await groups(redis.url), ["api-1"]);

  const quiet = start(["events", "tail", "--redis", redis.url, "--lines", "0"]);
  await until(() => quiet.io.err().includes("following"), "tail to follow");
  quiet.stop();
  assert.equal(await quiet.code, ExitCode.INTERRUPTED);
  assert.equal(quiet.io.out(), "");
});

Deno.test({
  name: "events replay --to publishes the log's events to the stream, as new events of --source",
  ...ignoreUnless("redis-server"),
}, async () => {
  await using redis = await startRedis();
  await withDir(async (dir) => {
    await using watcher = await app(redis.url, "watcher");
    const log = join(dir, "run.jsonl");
    const recorded = [
      { type: "job:done", source: "api-1", timestamp: 1_000, data: { id: 1 } },
      { type: "tick", source: "clock", timestamp: 1_005, data: 5 },
      { type: "job:done", source: "api-2", timestamp: 1_010, data: { id: 2 } },
    ];
    await Deno.writeTextFile(log, recorded.map((e) => JSON.stringify(e) + "\n").join(""));
    const io = captureIo();
    const code = await main(["events", "replay", log, "--to", redis.url, "--speed", "0"], { io });
    assert.equal(code, 0, io.err());
    assert.equal(io.out().trimEnd().split("\n").length, 3);
    assert.equal(
      io.err(),
      `replayed 3 events to stream "atomiton:events" on 127.0.0.1:${redis.port}\n`,
    );
    await until(() => watcher.seen.length === 3, "the watcher to get them");
    assert.deepEqual(
      watcher.seen.map((e) => [e.type, e.source, e.data]),
      recorded.map((e) => [e.type, "atomiton-replay", e.data]),
    );
    const named = captureIo();
    const args = [
      "events",
      "replay",
      log,
      "--to",
      redis.url,
      "--source",
      "staging",
      "--filter",
      "tick",
    ];
    assert.equal(await main(args, { io: named }), 0);
    await until(() => watcher.seen.length === 4, "the filtered one");
    assert.deepEqual([watcher.seen[3]!.source, watcher.seen[3]!.data], ["staging", 5]);
    assert.deepEqual(await groups(redis.url), ["watcher"]);
  });
});

Deno.test("events record, tail --redis and replay --to fail with UNAVAILABLE (exit 4) when Redis is down", async () => {
  await withDir(async (dir) => {
    const log = join(dir, "x.jsonl");
    await Deno.writeTextFile(log, '{"type":"a","source":"s","timestamp":1,"data":1}\n');
    for (
      const args of [
        ["events", "tail", "--redis", "redis://127.0.0.1:1"],
        ["events", "record", join(dir, "rec.jsonl"), "--redis", "redis://127.0.0.1:1"],
        ["events", "replay", log, "--to", "redis://127.0.0.1:1"],
      ]
    ) {
      const io = captureIo();
      assert.equal(await main(args, { io }), ExitCode.UNAVAILABLE, args.join(" "));
      assert.match(io.err(), /^error \[UNAVAILABLE\]: Cannot reach Redis at 127\.0\.0\.1:1: /);
      assert.equal(io.out(), "");
    }
  });
});

Deno.test({
  name: "events tail --redis under a live producer prints every event exactly once, in order",
  ...ignoreUnless("redis-server"),
}, async () => {
  await using redis = await startRedis();
  await using producer = await app(redis.url, "api-1");
  let id = 0;
  const emit = (): void => producer.client.emit("job:done", { id: ++id });
  for (let i = 0; i < 20; i++) emit();
  // Keeps publishing while tail reads the stream's history and joins it live.
  const timer = setInterval(emit, 2);
  try {
    const tail = start(["events", "tail", "--redis", redis.url, "-n", "5", "--json"]);
    await until(() => tail.io.out().split("\n").length > 60, "sixty events");
    tail.stop();
    assert.equal(await tail.code, ExitCode.INTERRUPTED);
    const printed = tail.io.out().trimEnd().split("\n").map((line) => JSON.parse(line));
    const ids = printed.map((event) => event.data.id as number);
    assert.deepEqual(
      ids,
      ids.map((_, i) => ids[0]! + i),
      `no event missing or repeated: ${ids.join(",")}`,
    );
    assert.ok(ids[0]! >= 16, `starts with the last five before it joined, got ${ids[0]}`);
    const entries = printed.map((event) => event.id as string);
    assert.deepEqual(entries, [...new Set(entries)]);
  } finally {
    clearInterval(timer);
  }
});

Deno.test({
  name: "events replay --to fails with UNAVAILABLE (exit 4) naming the events Redis did not get",
  ...ignoreUnless("redis-server"),
}, async () => {
  await using redis = await startRedis();
  await withDir(async (dir) => {
    const log = join(dir, "run.jsonl");
    const events = [0, 1_000].map((timestamp, i) =>
      JSON.stringify({ type: "job:done", source: "api-1", timestamp, data: { id: i } })
    );
    await Deno.writeTextFile(log, events.join("\n"));
    const replay = start(["events", "replay", log, "--to", redis.url]);
    // The first event is in the stream before writes pause, so the second can only fail.
    const admin = new Redis(redis.url);
    try {
      await until(async () => await admin.xlen("atomiton:events") >= 1, "the first event in Redis");
      await admin.call("CLIENT", "PAUSE", "600000", "WRITE");
    } finally {
      admin.disconnect();
    }
    await until(() => replay.io.out().includes('"id":1'), "the second event");
    await redis.kill();
    assert.equal(await replay.code, ExitCode.UNAVAILABLE);
    assert.match(
      replay.io.err(),
      /replayed 2 events to stream "atomiton:events" on 127\.0\.0\.1:\d+\nerror \[UNAVAILABLE\]: 1 event could not be published to stream "atomiton:events"/,
    );
    assert.match(
      replay.io.err(),
      /warning: "job:done" was not published to stream "atomiton:events"/,
    );
  });
});
