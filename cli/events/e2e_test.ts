import assert from "node:assert/strict";
import { join } from "node:path";
import { EventClient } from "@atomiton/events";
import { EventRecorder, parseEventLog } from "@atomiton/events/recorder";
import { ignoreUnless } from "../../scripts/testing/needs.ts";
import { startRedis } from "../../scripts/testing/redis.ts";
import { runCli, spawnCli, withTempDir } from "../testdata/cli.ts";

type Events = { "node:started": { node: string }; "node:done": { node: string; ms: number } };

/** Records a small run to `path` with EventRecorder streaming to the file, as an app would. */
async function recordRun(path: string): Promise<void> {
  const file = await Deno.open(path, { create: true, append: true });
  const encoder = new TextEncoder();
  const events = new EventClient<Events>({ source: "runner" });
  const recorder = new EventRecorder(events, {
    sink: (event) => file.writeSync(encoder.encode(JSON.stringify(event) + "\n")),
  });
  for (const node of ["load", "transform", "report"]) {
    events.emit("node:started", { node });
    await new Promise((resolve) => setTimeout(resolve, 5));
    events.emit("node:done", { node, ms: 5 });
  }
  recorder.stop();
  file.close();
}

const withHome = (test: (home: string) => Promise<void>): Promise<void> =>
  withTempDir("atomiton-e2e-events-", test);

async function lines(path: string): Promise<number> {
  try {
    return (await Deno.readTextFile(path)).split("\n").filter(Boolean).length;
  } catch {
    return 0;
  }
}

Deno.test("atomiton events tail, stats and replay read a recorded log; missing and bad logs exit 3", async () => {
  await withHome(async (home) => {
    const env = { ATOMITON_HOME: home };
    const log = join(home, "run.jsonl");
    await recordRun(log);
    const recorded = parseEventLog(await Deno.readTextFile(log));

    const tail = await runCli(["events", "tail", "run.jsonl", "-n", "2"], { env, cwd: home });
    assert.equal(tail.code, 0, tail.stderr);
    assert.match(
      tail.stdout,
      /^\S+Z {2}node:started {2}runner {2}\{"node":"report"\}\n\S+Z {2}node:done {2}runner {2}\{"node":"report","ms":5\}\n$/,
    );

    const stats = await runCli(["events", "stats", log, "--json"], { env });
    const figures = JSON.parse(stats.stdout);
    assert.deepEqual([figures.count, figures.types["node:done"].count, figures.sources], [6, 3, {
      runner: 6,
    }]);
    const table = await runCli(["events", "stats", log], { env });
    assert.match(table.stdout, /^node:done +3 /m);

    const replay = await runCli(["events", "replay", log, "--json", "--filter", "node:done"], {
      env,
    });
    assert.equal(replay.code, 0);
    assert.deepEqual(parseEventLog(replay.stdout), recorded.filter((e) => e.type === "node:done"));
    assert.equal(replay.stderr, "replayed 3 events\n");

    const missing = await runCli(["events", "stats", "nope.jsonl"], { env, cwd: home });
    assert.equal(missing.code, 3);
    assert.equal(
      missing.stderr,
      `error [NOT_FOUND]: No event log at ${join(home, "nope.jsonl")}.\n`,
    );
    await Deno.writeTextFile(log, "{not json}\n", { append: true });
    const invalid = await runCli(["events", "replay", log, "--speed", "0"], { env });
    assert.equal(invalid.code, 3);
    assert.match(
      invalid.stderr,
      /error \[INVALID_INPUT\]: Invalid event log .*run\.jsonl: line 7 is not JSON\.\n$/,
    );
  });
});

Deno.test("atomiton events tail --follow prints events appended to the log until SIGINT", async () => {
  await withHome(async (home) => {
    const log = join(home, "live.jsonl");
    await recordRun(log);
    const tail = spawnCli(["events", "tail", log, "--follow", "--lines", "1"], {
      env: { ATOMITON_HOME: home },
    });
    await tail.waitFor(/"node":"report","ms":5/);
    const late = { type: "run:done", source: "runner", timestamp: Date.now(), data: { ok: true } };
    await Deno.writeTextFile(log, JSON.stringify(late) + "\n", { append: true });
    await tail.waitFor(/run:done {2}runner {2}\{"ok":true\}/);
    tail.kill("SIGINT");
    const result = await tail.result();
    assert.equal(result.code, 130);
    assert.equal(result.stdout.trimEnd().split("\n").length, 2);
  });
});

Deno.test({
  name:
    "atomiton events record and tail --redis get what replay --to publishes; record stops at --count",
  ...ignoreUnless("redis-server"),
}, async () => {
  await using redis = await startRedis();
  await withHome(async (home) => {
    const env = { ATOMITON_HOME: home };
    const log = join(home, "run.jsonl");
    await recordRun(log);
    const copy = join(home, "copy.jsonl");
    const record = spawnCli([
      "events",
      "record",
      copy,
      "--redis",
      redis.url,
      "--count",
      "3",
      "--filter",
      "node:done",
    ], { env });
    const tail = spawnCli(["events", "tail", "--redis", redis.url, "--lines", "0", "--json"], {
      env,
    });
    await record.waitFor(/recording stream "atomiton:events"/);
    await tail.waitFor(/following stream "atomiton:events"/);

    const replay = await runCli(["events", "replay", log, "--to", redis.url, "--speed", "0"], {
      env,
    });
    assert.equal(replay.code, 0, replay.stderr);
    assert.match(
      replay.stderr,
      /replayed 6 events to stream "atomiton:events" on 127\.0\.0\.1:\d+\n$/,
    );

    const recorded = await record.result();
    assert.equal(recorded.code, 0, recorded.stderr);
    assert.equal(recorded.stdout, `recorded 3 events to ${copy}\n`);
    const copied = parseEventLog(await Deno.readTextFile(copy));
    assert.deepEqual(
      copied.map((e) => [e.type, e.source, e.data]),
      ["load", "transform", "report"].map((
        node,
      ) => ["node:done", "atomiton-replay", { node, ms: 5 }]),
    );

    await tail.waitFor(/"node":"report","ms":5/);
    tail.kill("SIGINT");
    const tailed = await tail.result();
    assert.equal(tailed.code, 130);
    assert.equal(parseEventLog(tailed.stdout).length, 6);
  });
});

Deno.test({
  name: "atomiton events record stopped with SIGINT exits 130 and keeps every event it recorded",
  ...ignoreUnless("redis-server"),
}, async () => {
  await using redis = await startRedis();
  await withHome(async (home) => {
    const env = { ATOMITON_HOME: home, ATOMITON_REDIS_URL: redis.url };
    const log = join(home, "run.jsonl");
    await recordRun(log);
    const copy = join(home, "copy.jsonl");
    const record = spawnCli(["events", "record", copy, "--stream", "debug"], { env });
    await record.waitFor(/recording stream "debug"/);
    const replay = await runCli([
      "events",
      "replay",
      log,
      "--to",
      redis.url,
      "--stream",
      "debug",
      "--speed",
      "0",
    ], { env });
    assert.equal(replay.code, 0, replay.stderr);
    for (let waited = 0; await lines(copy) < 6; waited += 50) {
      assert.ok(waited < 20_000, "the recording never got the six events");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    record.kill("SIGINT");
    const result = await record.result();
    assert.equal(result.code, 130);
    assert.equal(result.stdout, `recorded 6 events to ${copy}\n`);
    assert.equal(parseEventLog(await Deno.readTextFile(copy)).length, 6);
  });
});
