// deno-lint-ignore-file explicit-function-return-type explicit-module-boundary-types -- plain JS, for every runtime
// Task modules for the executor tests: each runs on every executor.

/** Doubles `n`. */
export default ({ n }) => n * 2;

/** Reports 1..n as progress, then returns what the context told it. */
export function progress(n, ctx) {
  for (let i = 1; i <= n; i++) ctx.progress(i);
  return { nodeId: ctx.nodeId, baseUrl: ctx.baseUrl };
}

/** Says it started, waits for its signal, then rejects with its reason, as a well-behaved task does. */
export function cooperative(_, ctx) {
  ctx.progress("started");
  return new Promise((_, reject) => {
    ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason));
  });
}

/** Never settles and never looks at its signal. */
export const forever = () => new Promise(() => {});

/** Throws an error with a code. */
export function fail() {
  const error = new Error("task failed on purpose");
  error.name = "ValidationError";
  error.code = "E_BAD_INPUT";
  throw error;
}

/** Ends its worker with an uncaught error. */
export function crash() {
  setTimeout(() => {
    throw new Error("uncaught in worker");
  }, 0);
  return new Promise(() => {});
}

/** Not a function. */
export const notATask = 42;
