/**
 * Task modules for the crash-and-resume test: plain ESM that runs unchanged in
 * Deno workers and Node.js worker threads. Every execution first appends one
 * line, `<node id> <element index or ->`, to `input.log` (one small O_APPEND
 * write: whole or not at all when the process is killed), so the test can see
 * which node ran when, and how often.
 *
 * @module
 */
import { appendFileSync, readFileSync } from "node:fs";

// Widens the window a kill can land in while a task runs; no outcome depends on it.
const pause = (input, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(resolve, input.ms ?? 10);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(signal.reason);
    }, { once: true });
  });

async function counted(input, ctx, index = "-") {
  appendFileSync(input.log, `${ctx.nodeId} ${index}\n`);
  await pause(input, ctx.signal);
}

/** Returns `input.value`. */
export async function value(input, ctx) {
  await counted(input, ctx);
  return input.value;
}

/** Returns `input.n * input.factor`. */
export async function scale(input, ctx) {
  await counted(input, ctx);
  return input.n * input.factor;
}

/** Returns `input.n + input.plus`. */
export async function add(input, ctx) {
  await counted(input, ctx);
  return input.n + input.plus;
}

/** Adds up the input fields named in `input.parts`. */
export async function total(input, ctx) {
  await counted(input, ctx);
  return input.parts.reduce((sum, name) => sum + input[name], 0);
}

/** Fails on this node's first `input.failures` executions of the run (counted in the log), then returns `input.n + 1`. */
export async function flaky(input, ctx) {
  await counted(input, ctx);
  const runs = readFileSync(input.log, "utf8").split("\n")
    .filter((line) => line === `${ctx.nodeId} -`).length;
  if (runs <= input.failures) throw new Error(`flaky: execution ${runs} fails on purpose`);
  return input.n + 1;
}

/** Returns `input.count` elements `{ index, value: input.n + index }`. */
export async function range(input, ctx) {
  await counted(input, ctx);
  return Array.from({ length: input.count }, (_, index) => ({ index, value: input.n + index }));
}

/** One element of a mapped node: returns the square of `input.items.value`. */
export async function square(input, ctx) {
  await counted(input, ctx, input.items.index);
  return input.items.value ** 2;
}

/** Returns `{ big: sum }` when the sum of `input.squares` is over `input.threshold`, else `{ small: sum }`. */
export async function route(input, ctx) {
  await counted(input, ctx);
  const sum = input.squares.reduce((total, n) => total + n, 0);
  return sum > input.threshold ? { big: sum } : { small: sum };
}

/** Always fails with code `BROKEN` (its node goes on with `onError: "continue"`). */
export async function broken(input, ctx) {
  await counted(input, ctx);
  const error = new Error(`broken on purpose after ${input.n}`);
  error.code = "BROKEN";
  throw error;
}
