// deno-lint-ignore-file explicit-function-return-type explicit-module-boundary-types -- plain JS tasks for a worker
/**
 * Tasks of the engine's tests. A task given `input.log` first appends its node
 * id there (one O_APPEND write), so a test counts how often each node ran.
 *
 * @module
 */
import { appendFileSync, existsSync, readFileSync } from "node:fs";

function count(input, ctx) {
  if (input && typeof input.log === "string") appendFileSync(input.log, `${ctx.nodeId}\n`);
}

function runs(path) {
  return existsSync(path) ? readFileSync(path, "utf8").split("\n").filter(Boolean).length : 0;
}

/** Its input, as it is. */
export function echo(input, ctx) {
  count(input, ctx);
  return input;
}

/** The sum of its input's number fields. */
export function sum(input, ctx) {
  count(input, ctx);
  return Object.values(input).filter((v) => typeof v === "number").reduce((a, b) => a + b, 0);
}

/** `input.item * 2` (a mapped node's element). */
export function double(input, ctx) {
  count(input, ctx);
  return input.item * 2;
}

/** Fails until it has run more than `input.failures` times (it counts in `input.counter`). */
export function flaky(input, ctx) {
  appendFileSync(input.counter, `${ctx.nodeId}\n`);
  if (runs(input.counter) <= input.failures) {
    throw Object.assign(new Error(`flaky run ${runs(input.counter)}`), { code: "FLAKY" });
  }
  return "steady";
}

/** Crashes its worker the first `input.crashes` times (counting in `input.counter`), then answers. */
export function crashThenAnswer(input, ctx) {
  appendFileSync(input.counter, `${ctx.nodeId}\n`);
  if (runs(input.counter) <= input.crashes) {
    setTimeout(() => {
      throw new Error("uncaught in worker");
    }, 0);
    return new Promise(() => {});
  }
  return "survived";
}

/** Fails while the file `input.broken` exists; otherwise returns `input.value`. */
export function failWhileBroken(input, ctx) {
  count(input, ctx);
  if (existsSync(input.broken)) {
    throw Object.assign(new Error("still broken"), { code: "BROKEN" });
  }
  return input.value;
}

/** Returns `{ [input.route]: input.value }`: one field, for branches. */
export function route(input, ctx) {
  count(input, ctx);
  return { [input.route]: input.value, other: undefined };
}

/** Waits until its signal aborts, then rejects with the reason. */
export function waitForAbort(input, ctx) {
  count(input, ctx);
  return new Promise((_resolve, reject) => {
    if (ctx.signal.aborted) return reject(ctx.signal.reason);
    ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason), { once: true });
  });
}

/** A mapped element: appends `item` to `input.log`; fails on `input.failOn` while `input.broken` exists. */
export function item(input) {
  appendFileSync(input.log, `${input.item}\n`);
  if (input.item === input.failOn && existsSync(input.broken)) {
    throw new Error(`item ${input.item} broke`);
  }
  return input.item * 2;
}

/** While the file `input.hold` exists, waits for its signal; otherwise returns `input.value`. */
export function holdWhile(input, ctx) {
  count(input, ctx);
  if (!existsSync(input.hold)) return input.value;
  return new Promise((_resolve, reject) => {
    ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason), { once: true });
  });
}
