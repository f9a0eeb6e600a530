/**
 * Task modules for the `atomiton run` tests: plain ESM that runs unchanged in
 * Deno workers and Node.js worker threads.
 *
 * @module
 */
import { appendFile, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";

// An abort that came before the wait (the test saw the started file and cancelled) counts too.
const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });

/** Returns its input and where it ran. */
export default function echo(input, ctx) {
  return { input, nodeId: ctx.nodeId, baseUrl: ctx.baseUrl };
}

/** Returns `input.value`. */
export function constant(input) {
  return input.value;
}

/** Adds up the numbers of its input object. */
export function sum(input) {
  return Object.values(input).reduce((total, n) => total + n, 0);
}

/** Fails with `input.message` and `input.code`. */
export function fail(input) {
  const error = new Error(input?.message ?? "the task failed on purpose");
  error.code = input?.code ?? "BROKEN";
  throw error;
}

/**
 * Writes `input.startedFile`, waits `input.ms` (or until cancelled); when
 * cancelled writes `input.abortedFile`.
 */
export async function slow(input, ctx) {
  if (input.startedFile) await writeFile(input.startedFile, ctx.nodeId);
  ctx.progress({ progress: 0.1, message: "waiting" });
  try {
    await sleep(input.ms ?? 60_000, ctx.signal);
  } catch (error) {
    if (input.abortedFile) await writeFile(input.abortedFile, `aborted ${ctx.nodeId}`);
    throw error;
  }
  return "slept";
}

/** Writes its marker in `input.dir`, then waits for every name in `input.others` (parallelism). */
export async function rendezvous(input, ctx) {
  await writeFile(`${input.dir}/${ctx.nodeId}`, "here");
  // A bound of minutes only turns a hang into a failure; workers on a loaded machine start late.
  for (let i = 0; i < 4_800; i++) {
    if (input.others.every((name) => existsSync(`${input.dir}/${name}`))) return ctx.nodeId;
    await sleep(25, ctx.signal);
  }
  throw new Error(`${ctx.nodeId} never met ${input.others.join(", ")}: nodes did not run at once`);
}

/** Counts the nodes running at once through marker files in `input.dir`; returns the most seen. */
export async function track(input, ctx) {
  await mkdir(input.dir, { recursive: true });
  const mine = `${input.dir}/${ctx.nodeId}`;
  await writeFile(mine, "");
  let most = 0;
  for (let i = 0; i < 4; i++) {
    most = Math.max(most, (await readdir(input.dir)).length);
    await sleep(20);
  }
  await rm(mine);
  return most;
}

/** Reports progress `input.steps` times. */
export async function progress(input, ctx) {
  for (let i = 1; i <= input.steps; i++) {
    ctx.progress({ current: i, total: input.steps, message: `step ${i} of ${input.steps}` });
    await sleep(input.ms ?? 30);
  }
  ctx.progress(1);
  ctx.progress("done");
  return input.steps;
}

/** Returns the process id it ran in. */
export function pid() {
  return globalThis.Deno?.pid ?? globalThis.process?.pid;
}

/** Returns nothing. */
export function nothing() {}

/** Returns what storage cannot hold. */
export function unstorable() {
  return new Map([["a", 1]]);
}

/** Returns an object with fields `a` and `b`. */
export function pair() {
  return { a: 1, b: 2 };
}

/** Waits until `input.file` exists (the test's go-ahead), then returns `input.value`. */
export async function gate(input, ctx) {
  for (let i = 0; i < 12_000 && !existsSync(input.file); i++) await sleep(10, ctx.signal);
  if (!existsSync(input.file)) throw new Error(`no ${input.file} after 120 s`);
  return input.value;
}

/** Returns `JSON.parse(input.json)`: an output with any own keys, "__proto__" included. */
export function parse(input) {
  return JSON.parse(input.json);
}

/** Allocates until the heap is full: a worker's memory limit must stop it, not the command. */
export function exhaustMemory() {
  const hoard = [];
  for (;;) hoard.push(new Array(1_000_000).fill(hoard.length));
}

/**
 * Appends its node id to `input.countFile` (so a test counts each node's runs), then
 * fails while `input.brokenFile` exists; else returns `input.value` (default: its node id).
 */
export async function counted(input, ctx) {
  await appendFile(input.countFile, `${ctx.nodeId}\n`);
  if (input.brokenFile && existsSync(input.brokenFile)) {
    throw Object.assign(new Error("broken on purpose"), { code: "BROKEN" });
  }
  return input.value ?? ctx.nodeId;
}
