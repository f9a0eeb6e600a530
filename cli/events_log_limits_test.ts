// Logs at the edges: gaps longer than a timer can wait, timestamps no date can show, and the
// half-written last line a crashed recorder leaves.
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Io } from "./_io.ts";
import { captureIo } from "./testdata/cli.ts";
import { ExitCode, main } from "./mod.ts";

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
): Promise<{ code: number; out: string; err: string }> {
  const code = await main(args, { io, signal: new AbortController().signal });
  return { code, out: io.out(), err: io.err() };
}

Deno.test("events replay --speed 1 waits out a gap longer than a timer's limit (30 days)", async () => {
  await withLog(`${line(0, 1)}\n${line(30 * DAY, 2)}\n`, async (log) => {
    const controller = new AbortController();
    const io = captureIo();
    // Once the first event is out, the replay is in the 30-day wait (or has failed at once, as
    // it did with INVALID_OPTION); the abort comes a task later, after any failure would have.
    const watched: Io = {
      ...io,
      stdout: (text) => {
        io.stdout(text);
        setTimeout(() => controller.abort(), 0);
      },
    };
    const code = await main(["events", "replay", log, "--speed", "1", "--json"], {
      io: watched,
      signal: controller.signal,
    });
    assert.equal(code, ExitCode.INTERRUPTED, io.err());
    assert.doesNotMatch(io.err(), /INVALID_OPTION|Invalid ms/);
    assert.deepEqual(io.out().trimEnd().split("\n").map((l) => JSON.parse(l).data), [1]);
    // At --speed 0 the same log replays at once.
    const instant = await run(["events", "replay", log, "--speed", "0", "--json"]);
    assert.equal(instant.code, ExitCode.OK, instant.err);
    assert.deepEqual(instant.out.trimEnd().split("\n").map((l) => JSON.parse(l).data), [1, 2]);
  });
});

Deno.test("events stats, tail and replay refuse a timestamp no date can show, as an invalid log", async () => {
  for (const timestamp of [1e300, 8.64e15 + 1, -8.64e15 - 1]) {
    await withLog(`${line(0, 1)}\n${line(timestamp, 2)}\n`, async (log) => {
      for (const command of ["stats", "tail", "replay"]) {
        const { code, err } = await run(["events", command, log]);
        assert.equal(code, ExitCode.INVALID_INPUT, `${command} ${timestamp}: ${err}`);
        assert.match(err, /^error \[INVALID_INPUT\]: Invalid event log .*line 2/, command);
        assert.doesNotMatch(err, /Invalid time value/);
      }
    });
  }
});

Deno.test("events tail and stats skip a truncated last line with a warning and go on", async () => {
  // A crashed recorder's last write: half a line, no newline.
  const text = `${line(1000, 1)}\n${line(2000, 2)}\n${line(3000, 3).slice(0, 25)}`;
  await withLog(text, async (log) => {
    const tail = await run(["events", "tail", log, "--json"]);
    assert.equal(tail.code, ExitCode.OK, tail.err);
    assert.deepEqual(tail.out.trimEnd().split("\n").map((l) => JSON.parse(l).data), [1, 2]);
    assert.match(tail.err, /warning: .*line 3/);
    const stats = await run(["events", "stats", log, "--json"]);
    assert.equal(stats.code, ExitCode.OK, stats.err);
    assert.equal(JSON.parse(stats.out).count, 2);
    assert.match(stats.err, /warning: .*line 3/);
  });
  // A broken line with more after it is not a crash's trace: the log is refused.
  await withLog(`${line(1000, 1)}\n{"type":\n${line(2000, 2)}\n`, async (log) => {
    const { code, err } = await run(["events", "stats", log]);
    assert.equal(code, ExitCode.INVALID_INPUT, err);
  });
});
