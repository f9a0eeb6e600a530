import assert from "node:assert/strict";
import { captureIo } from "../testdata/cli.ts";
import { createStyle } from "./style.ts";
import { createProgressBar, formatCount, formatDuration } from "./progress_bar.ts";

function fakeClock(): { clock: () => number; advance: (ms: number) => void } {
  let time = 0;
  return { clock: () => time, advance: (ms) => void (time += ms) };
}

Deno.test("createProgressBar() prints a line at once, then at most one per interval, and the held-back last on finish()", () => {
  const io = captureIo();
  const { clock, advance } = fakeClock();
  const bar = createProgressBar({
    io,
    style: createStyle(false),
    label: "copy",
    unit: "files",
    clock,
  });
  advance(1_000);
  bar.update(10, 100);
  advance(500);
  bar.update(20, 100); // held back: within the interval
  advance(600);
  bar.update(30, 100);
  advance(100);
  bar.update(40, 100);
  bar.finish();
  assert.equal(
    io.err(),
    "copy: 10/100 files  10%  10/s  9.0 s left\n" +
      "copy: 30/100 files  30%  14/s  4.9 s left\n" +
      "copy: 40/100 files  40%  18/s  3.3 s left\n",
  );
  assert.equal(io.out(), "");
});

Deno.test("createProgressBar() without a total shows the count and rate only", () => {
  const io = captureIo();
  const { clock, advance } = fakeClock();
  const bar = createProgressBar({ io, style: createStyle(false), label: "scan", clock });
  bar.update(0);
  advance(2_000);
  bar.update(500);
  bar.finish();
  assert.equal(io.err(), "scan: 0 items\nscan: 500 items  250/s\n");
});

Deno.test("createProgressBar() redraws one bar in place on a terminal and clears it", () => {
  const io = captureIo({}, { isTTY: true, columns: 100 });
  const { clock, advance } = fakeClock();
  const bar = createProgressBar({
    io,
    style: createStyle(false),
    label: "migrate",
    unit: "keys",
    clock,
  });
  advance(1_000);
  bar.update(50, 100);
  advance(50);
  bar.update(60, 100); // held back: bars redraw every 100 ms at most
  advance(100);
  bar.update(100, 100);
  bar.clear();
  bar.clear(); // nothing drawn: nothing to clear
  const frames = io.err().split("\r\x1b[2K");
  assert.deepEqual(frames.slice(0, 1), [""]);
  assert.match(frames[1]!, /^migrate █{20}░{20} 50\/100 keys {2}50% {2}50\/s {2}1\.0 s left$/);
  assert.match(frames[2]!, /^migrate █{40} 100\/100 keys {2}100% {2}87\/s$/);
  assert.equal(frames[3], "");
  assert.equal(frames.length, 4);
});

Deno.test("createProgressBar() in json mode writes progress objects with extra fields to stdout; off prints nothing", () => {
  const io = captureIo();
  const bar = createProgressBar({ io, style: createStyle(false), label: "migrate", mode: "json" });
  bar.update(5, 10, { lastKey: "k" });
  bar.finish();
  assert.equal(
    io.out(),
    '{"event":"progress","label":"migrate","done":5,"total":10,"lastKey":"k"}\n',
  );
  const quiet = captureIo({}, { isTTY: true });
  const off = createProgressBar({ io: quiet, style: createStyle(true), label: "x", mode: "off" });
  off.update(1, 2);
  off.finish();
  assert.equal(quiet.err() + quiet.out(), "");
});

Deno.test("formatDuration() and formatCount() read well at every scale", () => {
  assert.equal(formatDuration(850.4), "850 ms");
  assert.equal(formatDuration(4_250), "4.3 s");
  assert.equal(formatDuration(185_000), "3m 05s");
  assert.equal(formatDuration(7_380_000), "2h 03m");
  assert.equal(formatDuration(Infinity), "∞");
  assert.equal(formatCount(1234567.4), "1,234,567");
});
