import assert from "node:assert/strict";
import { join } from "node:path";
import { EventClient, type SystemEvent } from "@atomiton/events";
import { EventRecorder, parseEventLog } from "@atomiton/events/recorder";
import { captureIo } from "../testdata/cli.ts";
import { ExitCode, main } from "../mod.ts";
import { createStyle } from "../_common/style.ts";
import { formatEvent } from "./_common.ts";

type Events = { "job:started": { id: number }; "job:done": { id: number }; tick: number };

/** A log as EventRecorder writes it: `count` events, 10 ms apart, from two sources. */
function recordedLog(count: number): string {
  const jobs = new EventClient<Events>({ source: "api-1" });
  const recorder = new EventRecorder(jobs);
  const events: SystemEvent[] = [];
  for (let i = 0; i < count; i++) {
    const type = i % 3 === 0 ? "tick" : i % 3 === 1 ? "job:started" : "job:done";
    events.push({
      type,
      source: i % 2 === 0 ? "api-1" : "worker-7",
      timestamp: 1_700_000_000_000 + i * 10,
      data: type === "tick" ? i : { id: i },
    });
  }
  // Delivered, so the recorder keeps each event's own source and time.
  for (const event of events) jobs.deliver(event);
  recorder.stop();
  return recorder.toJsonLines();
}

async function withLog(
  text: string,
  test: (path: string, run: Run, dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-cli-events-" });
  const path = join(dir, "run.jsonl");
  await Deno.writeTextFile(path, text);
  try {
    await test(path, async (args, options = {}) => {
      const io = captureIo({ ATOMITON_HOME: dir }, {
        cwd: dir,
        isTTY: options.isTTY ?? false,
        columns: options.columns ?? 80,
      });
      const code = await main(args, { io, signal: options.signal ?? new AbortController().signal });
      return { code, out: io.out(), err: io.err() };
    }, dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

type Run = (
  args: string[],
  options?: { isTTY?: boolean; columns?: number; signal?: AbortSignal },
) => Promise<{ code: number; out: string; err: string }>;

async function until(check: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !check(); waited += 20) {
    if (waited > 20_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

Deno.test("events tail prints the last 10 events as time, type, source and data", async () => {
  await withLog(recordedLog(15), async (path, run) => {
    const result = await run(["events", "tail", path]);
    assert.equal(result.code, 0);
    const lines = result.out.trimEnd().split("\n");
    assert.equal(lines.length, 10);
    assert.equal(lines[0], '2023-11-14T22:13:20.050Z  job:done  worker-7  {"id":5}');
    assert.equal(lines[9], '2023-11-14T22:13:20.140Z  job:done  api-1  {"id":14}');
    assert.equal(result.err, "");
  });
});

Deno.test("events tail --lines, --filter and --json pick and print events as a log", async () => {
  const log = recordedLog(15);
  await withLog(log, async (path, run) => {
    const json = await run(["events", "tail", path, "-n", "3", "--filter", "job:*", "--json"]);
    const expected = parseEventLog(log).filter((event) => event.type.startsWith("job:")).slice(-3);
    assert.deepEqual(parseEventLog(json.out), expected);
    const ticks = await run([
      "events",
      "tail",
      "run.jsonl",
      "--filter",
      "tick",
      "--filter",
      "none",
    ]);
    assert.equal(ticks.out.trimEnd().split("\n").length, 5);
    assert.equal((await run(["events", "tail", path, "--lines", "0"])).out, "");
    assert.equal((await run(["events", "tail", path, "-n", "100"])).out.split("\n").length, 16);
  });
});

Deno.test("events tail --follow prints appended events, whole lines only, until the signal aborts", async () => {
  await withLog(recordedLog(3), async (path) => {
    const controller = new AbortController();
    const io = captureIo({}, { cwd: "/" });
    const running = main(["events", "tail", path, "--follow", "-n", "1", "--json"], {
      io,
      signal: controller.signal,
    });
    await until(() => io.out().split("\n").length === 2, "the last event");
    assert.deepEqual(JSON.parse(io.out()).data, { id: 2 });
    const later = (i: number): string =>
      JSON.stringify({ type: "late", source: "s", timestamp: i, data: i });
    await Deno.writeTextFile(path, `${later(1)}\n${later(2).slice(0, 20)}`, { append: true });
    await until(() => io.out().includes('"data":1'), "the appended event");
    // Half a line is held until the rest of it comes: it came in the same write, and so the same
    // read, as the whole line just printed, so it has been seen already.
    assert.doesNotMatch(io.out(), /"data":2/);
    await Deno.writeTextFile(path, `${later(2).slice(20)}\n`, { append: true });
    await until(() => io.out().includes('"data":2'), "the completed line");
    // A truncated (rotated) log is read again from its start.
    await Deno.writeTextFile(path, `${later(3)}\n`);
    await until(() => io.out().includes('"data":3'), "the event of the new file");
    assert.match(io.err(), /run\.jsonl was truncated: reading it from the start/);
    controller.abort();
    assert.equal(await running, ExitCode.INTERRUPTED);
    assert.deepEqual(parseEventLog(io.out()).map((event) => event.data), [{ id: 2 }, 1, 2, 3]);
  });
});

Deno.test("events tail cuts long data to the terminal's width and omits absent data", () => {
  const style = createStyle(false);
  const event = { type: "t", source: "s", timestamp: 0, data: { text: "x".repeat(100) } };
  const line = formatEvent(event, style, 60);
  assert.equal(line.length, 60);
  assert.ok(line.endsWith("xxx…"));
  assert.equal(formatEvent({ ...event, data: undefined }, style), "1970-01-01T00:00:00.000Z  t  s");
  assert.equal(formatEvent(event, style).length, 32 + JSON.stringify(event.data).length);
});

Deno.test("events stats prints counts, rates and gaps per type and events per source", async () => {
  await withLog(recordedLog(7), async (path, run) => {
    const result = await run(["events", "stats", path]);
    assert.equal(result.code, 0);
    assert.equal(
      result.out,
      "7 events from 2023-11-14T22:13:20.000Z to 2023-11-14T22:13:20.060Z (60 ms)\n\n" +
        "type         count  rate/s  mean gap  max gap\n" +
        "tick             3    33.3     30 ms    30 ms\n" +
        "job:done         2    33.3     30 ms    30 ms\n" +
        "job:started      2    33.3     30 ms    30 ms\n" +
        "(all)            7     100     10 ms    10 ms\n\n" +
        "source    events\n" +
        "api-1          4\n" +
        "worker-7       3\n",
    );
    const json = JSON.parse((await run(["events", "stats", path, "--json"])).out);
    assert.equal(json.count, 7);
    assert.deepEqual(json.sources, { "api-1": 4, "worker-7": 3 });
    assert.equal(json.types.tick.count, 3);
  });
  await withLog("\n", async (path, run) => {
    assert.equal((await run(["events", "stats", path])).out, `${path}: no events\n`);
  });
  await withLog(recordedLog(1), async (path, run) => {
    assert.match(
      (await run(["events", "stats", path])).out,
      /^1 event at 2023-11-14T22:13:20\.000Z\n\ntype .*\ntick +1 +- +- +-$/m,
    );
  });
});

Deno.test("events replay prints each event in order; --speed 0, --filter and --json", async () => {
  const log = recordedLog(6);
  await withLog(log, async (path, run) => {
    const paced = await run(["events", "replay", path, "--speed", "10"]);
    assert.equal(paced.code, 0);
    assert.equal(paced.out.trimEnd().split("\n").length, 6);
    assert.equal(paced.err, "replayed 6 events\n");
    const json = await run([
      "events",
      "replay",
      path,
      "--speed",
      "0",
      "--filter",
      "job:done",
      "--json",
    ]);
    assert.deepEqual(
      parseEventLog(json.out),
      parseEventLog(log).filter((e) => e.type === "job:done"),
    );
    assert.equal(json.err, "replayed 2 events\n");
    assert.equal(
      (await run(["events", "replay", path, "--filter", "nothing"])).err,
      "replayed 0 events\n",
    );
  });
});

Deno.test("events replay stops at Ctrl-C during a gap and exits 130", async () => {
  const log = [0, 3_600_000].map((timestamp, i) =>
    JSON.stringify({ type: "slow", source: "s", timestamp, data: i })
  ).join("\n");
  await withLog(log, async (path) => {
    const controller = new AbortController();
    const io = captureIo();
    const running = main(["events", "replay", path], { io, signal: controller.signal });
    await until(() => io.out() !== "", "the first event");
    controller.abort();
    assert.equal(await running, ExitCode.INTERRUPTED);
    assert.equal(io.out().trimEnd().split("\n").length, 1);
    assert.equal(io.err(), "replayed 1 event (stopped)\n");
  });
});

Deno.test("events subcommands: a missing log is NOT_FOUND, a folder or a bad line INVALID_INPUT (exit 3)", async () => {
  const bad = '{"type":"a","source":"s","timestamp":1,"data":1}\n\n{"type":"b"}\n';
  await withLog(bad, async (path, run, dir) => {
    for (const sub of ["tail", "stats", "replay"]) {
      const missing = await run(["events", sub, "nope.jsonl"]);
      assert.equal(missing.code, ExitCode.INVALID_INPUT, sub);
      assert.equal(missing.err, `error [NOT_FOUND]: No event log at ${join(dir, "nope.jsonl")}.\n`);
      const folder = await run(["events", sub, dir]);
      assert.equal(folder.code, ExitCode.INVALID_INPUT);
      assert.match(
        folder.err,
        /\[INVALID_INPUT\]: .* is not a file: expected a JSON Lines event log/,
      );
      const invalid = await run(["events", sub, path]);
      assert.equal(invalid.code, ExitCode.INVALID_INPUT, sub);
      assert.match(
        invalid.err,
        new RegExp(`^error \\[INVALID_INPUT\\]: Invalid event log ${path}: line 3 is not an event`),
      );
    }
    await Deno.writeTextFile(path, "oops\n");
    assert.match((await run(["events", "tail", path, "-f"])).err, /line 1 is not JSON\.\n$/);
  });
});

Deno.test("events subcommands check their arguments and flags", async () => {
  await withLog(recordedLog(2), async (path, run) => {
    const cases: [string[], RegExp][] = [
      [["events", "tail"], /takes a <log> file or --redis <url> \(one of them\)/],
      [["events", "tail", path, "--redis", "redis://h:1"], /one of them/],
      [["events", "tail", path, "--lines=-1"], /Invalid --lines "-1"/],
      [
        ["events", "tail", path, "--filter", "a*b"],
        /Invalid --filter "a\*b": .*may only end a pattern/,
      ],
      [
        ["events", "replay", path, "--speed=-1"],
        /Invalid --speed "-1": expected a number from 0 up/,
      ],
      [["events", "replay"], /atomiton events replay takes <log>, got none/],
      [["events", "stats", path, "x"], /takes <log>, got ".*" "x"/],
      [["events", "record", path], /--redis <url> is required \(or ATOMITON_REDIS_URL\)/],
      [["events", "record", path, "--redis", "http://h"], /Invalid Redis URL "http:\/\/h"/],
      [["events", "record", path, "--redis", "redis://h:1", "--count", "0"], /Invalid --count "0"/],
      [["events", "tail", "--redis", "localhost:6379"], /Invalid Redis URL "localhost:6379"/],
      [["events", "replay", path, "--to", "h:1"], /Invalid Redis URL "h:1"/],
      [["events", "nope"], /Unknown subcommand "events nope"/],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      assert.equal(result.code, ExitCode.USAGE, args.join(" "));
      assert.match(result.err, message, args.join(" "));
    }
    const bare = await run(["events"]);
    assert.equal(bare.code, ExitCode.USAGE);
    for (const name of ["tail", "record", "replay", "stats"]) {
      assert.match(bare.out, new RegExp(`^  ${name} +\\S`, "m"));
    }
    const { eventsCommand } = await import("./mod.ts");
    await assert.rejects(eventsCommand.run({} as never), /needs a subcommand/);
  });
});

Deno.test("events record cannot write into a missing folder: UNAVAILABLE (exit 4)", async () => {
  await withLog("", async (_path, run, dir) => {
    const result = await run([
      "events",
      "record",
      join(dir, "no", "such", "x.jsonl"),
      "--redis",
      "redis://127.0.0.1:1",
    ]);
    assert.equal(result.code, ExitCode.UNAVAILABLE);
    assert.match(result.err, /\[UNAVAILABLE\]: Cannot write .*x\.jsonl/);
  });
});
