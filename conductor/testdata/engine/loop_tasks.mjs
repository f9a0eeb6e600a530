// deno-lint-ignore-file explicit-function-return-type explicit-module-boundary-types -- plain JS tasks for a worker
/**
 * Tasks of the engine's loop tests (map and while over sub-blueprints,
 * concurrency, collect). A task given `input.log` appends its node path
 * there first (one O_APPEND write), so a test counts how often each ran.
 *
 * @module
 */
import { appendFileSync, existsSync } from "node:fs";

function count(input, ctx) {
  if (input && typeof input.log === "string") appendFileSync(input.log, `${ctx.nodeId}\n`);
}

/** Live and peak calls of `gate`, per `input.key`: the tasks share this thread (inThreadExecutor). */
const gates = (globalThis.__conductorLoopGates ??= new Map());

/** What `gate` saw for `key`: the most calls live at once. */
export function peakOf(key) {
  return gates.get(key)?.peak ?? 0;
}

/**
 * Counts itself live under `input.key` (keeping the peak), waits until
 * `input.wait` calls are live at once (when given; a 30 s safety net turns a
 * hang into a failure), lets other work run, and returns its input.
 */
export async function gate(input, ctx) {
  count(input, ctx);
  let state = gates.get(input.key);
  if (!state) gates.set(input.key, state = { live: 0, peak: 0, waiters: [] });
  state.live++;
  state.peak = Math.max(state.peak, state.live);
  for (const wake of state.waiters.splice(0)) wake();
  const safety = Date.now() + 30_000;
  while (input.wait !== undefined && state.live < input.wait) {
    if (Date.now() > safety) throw new Error(`gate ${input.key}: ${state.live} of ${input.wait}`);
    await new Promise((resolve) => {
      state.waiters.push(resolve);
      setTimeout(resolve, 50);
    });
  }
  // A few turns of the event loop: an engine over its limit would start another call meanwhile.
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  state.live--;
  return input;
}

/** `{ value: input.value * 10, index }`: an element's or iteration's work. */
export function times10(input, ctx) {
  count(input, ctx);
  return input.value * 10;
}

/** Fails while the file `input.broken` exists and `input.value === input.failOn`; else `value + 1`. */
export function failOn(input, ctx) {
  count(input, ctx);
  if (input.value === input.failOn && existsSync(input.broken)) {
    throw Object.assign(new Error(`element ${input.value} broke`), { code: "BROKEN" });
  }
  return input.value + 1;
}

/** A `while` condition: goes on while `input.index < input.below`. */
export function below(input, ctx) {
  count(input, ctx);
  return input.index < input.below;
}

/** A `while` condition that always goes on. */
export function always(input, ctx) {
  count(input, ctx);
  return true;
}

/** One iteration: `previous + index` (previous is undefined at first: 0). */
export function step(input, ctx) {
  count(input, ctx);
  return (input.previous ?? 0) + input.index + (input.base ?? 0);
}

/** Fails while the file `input.broken` exists and `input.index === input.failOn`; else the index. */
export function failAt(input, ctx) {
  count(input, ctx);
  if (input.index === input.failOn && existsSync(input.broken)) {
    throw Object.assign(new Error(`iteration ${input.index} broke`), { code: "BROKEN" });
  }
  return input.index;
}
