import assert from "node:assert/strict";
import { EventClient } from "@atomiton/events";
import type { ExecutionEvents } from "@atomiton/store/events";
import { formatDuration, showProgress } from "./progress.ts";
import { createStyle } from "./style.ts";
import { captureIo } from "../testdata/cli.ts";

const NODES = [{ id: "load", label: "Load orders" }, { id: "sum" }, { id: "bad" }, { id: "never" }];
// As the run records them: the one figure shown.
const DURATIONS = new Map([["load", 5130], ["bad", 12]]);

function feed(events: EventClient<ExecutionEvents>): void {
  const node = (
    nodeId: string,
    state: Omit<ExecutionEvents["execution:node-progress"], "jobId" | "nodeId">,
  ) => events.emit("execution:node-progress", { jobId: "j", nodeId, ...state });
  node("load", { status: "running", progress: 0 });
  node("load", { status: "running", progress: 0.5, message: "half way" });
  node("load", { status: "completed", progress: 1 });
  node("sum", { status: "running", progress: 0 });
  node("bad", { status: "running", progress: 0 });
  node("bad", { status: "failed", error: "no disk [ENOSPC]" });
  node("sum", { status: "skipped", message: 'Cancelled: node "bad" failed.' });
  node("never", { status: "skipped", message: 'not run: node "bad" failed' });
}

Deno.test("formatDuration() picks ms, seconds or minutes", () => {
  assert.equal(formatDuration(12.4), "12 ms");
  assert.equal(formatDuration(4200), "4.20 s");
  assert.equal(formatDuration(125_000), "2m 05s");
});

Deno.test("showProgress() prints a plain line per node start and finish, without ANSI", () => {
  const io = captureIo();
  const events = new EventClient<ExecutionEvents>();
  const view = showProgress({
    io,
    style: createStyle(false),
    events,
    nodes: NODES,
    durations: DURATIONS,
    mode: "plain",
  });
  feed(events);
  view.stop();
  view.stop();
  events.emit("execution:node-progress", { jobId: "j", nodeId: "late", status: "running" });
  const lines = io.err().trimEnd().split("\n").map((line) => line.replace(/^ *\d+\.\d\ds /, ""));
  assert.deepEqual(lines, [
    "started   Load orders",
    "completed Load orders  5.13 s",
    "started   sum",
    "started   bad",
    "failed    bad  12 ms: no disk [ENOSPC]",
    'skipped   sum: Cancelled: node "bad" failed.',
    'skipped   never: not run: node "bad" failed',
  ]);
  assert.ok(!io.err().includes("\x1b"));
  assert.equal(io.out(), "");
});

Deno.test("showProgress() redraws running nodes and a bar in place on a terminal", async () => {
  const io = captureIo({}, { isTTY: true, columns: 60 });
  const events = new EventClient<ExecutionEvents>();
  const style = createStyle(true);
  const view = showProgress({
    io,
    style,
    events,
    nodes: NODES,
    durations: DURATIONS,
    mode: "live",
    interval: 5,
  });
  assert.ok(io.err().startsWith("\x1b[?25l"), "hides the cursor");
  assert.match(io.err(), /0\/4 nodes · 0 running/);
  events.emit("execution:node-progress", { jobId: "j", nodeId: "load", status: "running" });
  events.emit("execution:node-progress", {
    jobId: "j",
    nodeId: "load",
    status: "running",
    progress: 0.42,
    message: "a message far too long to fit in sixty columns of terminal, so it is cut",
  });
  // Waits for the next redraw; the bound only turns a hang into a failure.
  for (let i = 0; i < 6_000 && !io.err().includes("42%"); i++) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  // deno-lint-ignore no-control-regex -- frames are separated by "up N lines, clear below"
  const frame = io.err().split(/\x1b\[\d+A\x1b\[0J/).findLast((f) => f.includes("42%"))!;
  assert.match(frame, /Load orders +[\d.]+ m?s {2}42% a message far/);
  // deno-lint-ignore no-control-regex -- the colour codes are what is removed
  const visible = frame.split("\n")[0]!.replace(/\x1b\[\d+m/g, "");
  assert.ok(visible.length <= 59 && visible.endsWith("…"), visible);
  assert.match(frame, /0\/4 nodes · 1 running/);
  feed(events);
  view.stop();
  const end = io.err().split("\x1b[?25h");
  assert.equal(end.length, 2, "shows the cursor once, at the end");
  const finished = end[0]!.slice(end[0]!.lastIndexOf("\x1b[0J") + 4);
  // deno-lint-ignore no-control-regex -- the colour codes are what is removed
  const plain = finished.replace(/\x1b\[\d+m/g, "");
  assert.match(plain, /✓ Load orders {2}5\.13 s\n/);
  assert.match(plain, /✗ bad {10}12 ms {2}no disk \[ENOSPC\]\n/);
  assert.match(plain, /- never +not run: node "bad" failed\n/);
});
