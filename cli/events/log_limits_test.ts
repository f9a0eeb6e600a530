// deno-lint-ignore-file no-console -- one test checks the library's default warning (console.warn) is not used
// Logs at the edges: gaps longer than a timer can wait, timestamps no date can show, and the
// half-written last line a crashed recorder leaves.
import assert from "node:assert/strict";
import { join } from "node:path";
import { captureIo } from "../testdata/cli.ts";
import { ExitCode, main } from "../mod.ts";

const DAY = 24 * 60 * 60 * 1000;

function line(timestamp: number, data: unknown): string {
  return JSON.stringify({ type: "tick", source: "s", timestamp, data });
}

async function withLog(text: string, test: (log: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-cli-log-limits-" });
  try {
    const log = join(dir, "run.jsonl");
    await Deno.writeTextFile(log, text);
    await test(log);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function run(
  args: string[],
  io = captureIo(),
  signal = new AbortController().signal,
): Promise<{ code: number; out: string; err: string }> {
  const code = await main(args, { io, signal });
  return { code, out: io.out(), err: io.err() };
}

/** Runs `test` with every timer longer than a day reported to `onLong` (and still started). */
async function watchingLongTimers<T>(
  onLong: (ms: number) => void,
  test: () => Promise<T>,
): Promise<T> {
  const real = globalThis.setTimeout;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
    const ms = args[1];
    if (typeof ms === "number" && ms > DAY) onLong(ms);
    return real(...args);
  }) as typeof setTimeout;
  try {
    return await test();
  } finally {
    globalThis.setTimeout = real;
  }
}

Deno.test("events replay --speed 1 waits out a gap longer than a timer's limit (30 days)", async () => {
  await withLog(`${line(0, 1)}\n${line(30 * DAY, 2)}\n`, async (log) => {
    const controller = new AbortController();
    const waits: number[] = [];
    // The marker: the replay starts waiting out the gap; then Ctrl-C (after its listener is set).
    const paced = await watchingLongTimers(
      (ms) => {
        waits.push(ms);
        queueMicrotask(() => controller.abort());
      },
      () =>
        run(["events", "replay", log, "--speed", "1", "--json"], captureIo(), controller.signal),
    );
    assert.equal(paced.code, ExitCode.INTERRUPTED, paced.err);
    assert.doesNotMatch(paced.err, /INVALID_OPTION|Invalid ms/);
    // The first step of the 30-day wait is the longest timer any runtime takes (not one it would
    // refuse or fire at once), and only the first event was out.
    assert.deepEqual(waits, [2 ** 31 - 1]);
    assert.deepEqual(paced.out.trimEnd().split("\n").map((l) => JSON.parse(l).data), [1]);
    // At --speed 0 the same log replays at once: no long wait at all.
    waits.length = 0;
    const instant = await watchingLongTimers(
      (ms) => waits.push(ms),
      () => run(["events", "replay", log, "--speed", "0", "--json"]),
    );
    assert.equal(instant.code, ExitCode.OK, instant.err);
    assert.deepEqual(waits, []);
    assert.deepEqual(instant.out.trimEnd().split("\n").map((l) => JSON.parse(l).data), [1, 2]);
  });
});

Deno.test("events stats, tail and replay refuse a timestamp no date can show, as an invalid log", async () => {
  for (const timestamp of [1e300, 8.64e15 + 1, -8.64e15 - 1]) {
    await withLog(`${line(0, 1)}\n${line(timestamp, 2)}\n`, async (log) => {
      for (const command of ["stats", "tail", "replay"]) {
        const { code, err } = await run(["events", command, log]);
        assert.equal(code, ExitCode.INVALID_INPUT, `${command} ${timestamp}: ${err}`);
        assert.equal(
          err,
          `error [INVALID_INPUT]: Invalid event log ${log}: line 2 has a "timestamp" of ${timestamp}, ` +
            `which is not a date: expected milliseconds since 1970-01-01 from -8640000000000000 to ` +
            `8640000000000000.\n`,
          command,
        );
        assert.doesNotMatch(err, /Invalid time value/);
      }
    });
  }
});

Deno.test("events tail, stats and replay skip a truncated last line with a warning on stderr and go on", async () => {
  // A crashed recorder's last write: half a line, no newline.
  const text = `${line(1000, 1)}\n${line(2000, 2)}\n${line(3000, 3).slice(0, 25)}`;
  const consoleWarn = console.warn;
  const onConsole: unknown[] = [];
  console.warn = (...args: unknown[]) => onConsole.push(args);
  try {
    await withLog(text, async (log) => {
      const warning = `warning: ${log}: line 3 is cut short and was skipped: the last line, not ` +
        `JSON and with no newline at its end, as a writer that crashed mid-line leaves it\n`;
      const tail = await run(["events", "tail", log, "--json"]);
      assert.equal(tail.code, ExitCode.OK, tail.err);
      assert.deepEqual(tail.out.trimEnd().split("\n").map((l) => JSON.parse(l).data), [1, 2]);
      assert.equal(tail.err, warning);
      const stats = await run(["events", "stats", log, "--json"]);
      assert.equal(stats.code, ExitCode.OK, stats.err);
      assert.equal(JSON.parse(stats.out).count, 2);
      assert.equal(stats.err, warning);
      const replay = await run(["events", "replay", log, "--speed", "0", "--json"]);
      assert.equal(replay.code, ExitCode.OK, replay.err);
      assert.equal(replay.out.trimEnd().split("\n").length, 2);
      assert.equal(replay.err, `${warning}replayed 2 events\n`);
    });
  } finally {
    console.warn = consoleWarn;
  }
  // Through the CLI's io only: the library's default (console.warn) is not used as well.
  assert.deepEqual(onConsole, []);
  // A broken line with more after it is not a crash's trace: the log is refused.
  await withLog(`${line(1000, 1)}\n{"type":\n${line(2000, 2)}\n`, async (log) => {
    for (const command of ["stats", "tail", "replay"]) {
      const { code, err } = await run(["events", command, log]);
      assert.equal(code, ExitCode.INVALID_INPUT, `${command}: ${err}`);
      assert.equal(err, `error [INVALID_INPUT]: Invalid event log ${log}: line 2 is not JSON.\n`);
    }
  });
});
