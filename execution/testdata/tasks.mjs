// deno-lint-ignore-file explicit-function-return-type explicit-module-boundary-types -- plain JS, it runs on Node.js and in Chromium too
// Task module for the WorkerPool tests on Deno, Node.js and Chromium.
const scope = globalThis;
const workerId = Math.random().toString(36).slice(2);
let calls = 0;

/** Doubles a number. */
export default (n) => {
  calls++;
  return n * 2;
};

/** The id of the worker running this module, to tell workers apart. */
export const whoAmI = () => workerId;

/** How many times `default` ran in this worker. */
export const callCount = () => calls;

export const add = ({ a, b }) => a + b;

export async function later({ value, ms }) {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return value;
}

/** Throws an error with a code and a cause chain. */
export function fail() {
  const root = new TypeError("root cause");
  const error = new Error("task failed", { cause: new RangeError("middle", { cause: root }) });
  error.name = "ValidationError";
  error.code = "E_BAD_INPUT";
  throw error;
}

export const throwString = () => {
  throw "plain string";
};

export const rejectAsync = () => Promise.reject(new SyntaxError("async failure"));

/** Ends the worker with an uncaught error after the task has returned. */
export function crashLater() {
  setTimeout(() => {
    throw new Error("uncaught in worker");
  }, 0);
  return new Promise(() => {});
}

/** An unhandled rejection. */
export function rejectUnhandled() {
  Promise.reject(new Error("nobody handles this"));
  return new Promise(() => {});
}

/** Calls the runtime's exit: Deno.exit, process.exit, or close() in a browser. */
export function exit(code) {
  if (scope.Deno) scope.Deno.exit(code);
  else if (scope.process?.exit) scope.process.exit(code);
  else scope.close();
  return new Promise(() => {});
}

/** Crashes (uncaught error or exit, alternately) when asked to; else doubles. */
export function maybeCrash({ n, crash }) {
  if (!crash) return n * 2;
  return n % 2 ? crashLater() : exit(7);
}

export function progress(n, ctx) {
  for (let i = 1; i <= n; i++) ctx.progress(i);
  return "done";
}

/** Waits for the signal, then rejects with its reason, as a well-behaved task does. */
export function cooperative(_, ctx) {
  return new Promise((_, reject) => {
    ctx.signal.addEventListener("abort", () => reject(ctx.signal.reason));
  });
}

/** Reports whether its signal aborted, after a while. */
export async function sawAbort(ms, ctx) {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return ctx.signal.aborted ? `aborted: ${ctx.signal.reason?.name}` : "not aborted";
}

/** Never settles and ignores its signal. */
export const hang = () => new Promise(() => {});

/** Blocks the worker's thread. */
export function spin(ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) { /* busy */ }
  return ms;
}

export const byteLength = (buffer) => buffer.byteLength;

/** Returns a filled buffer, moved rather than copied. */
export function makeBuffer(size, ctx) {
  const bytes = new Uint8Array(size).fill(7);
  ctx.transfer(bytes.buffer);
  return bytes;
}

export const unclonable = () => () => "a function cannot be cloned";

/** Allocates until the worker's heap limit is reached. */
export function exhaustMemory() {
  const hold = [];
  for (;;) hold.push(new Array(1e5).fill(hold.length));
}

export const notAFunction = 42;

/** An output a worker can clone but JSON cannot carry. */
export const bigint = () => 10n;

/** Waits, then says which process ran it. */
export async function pidAfter({ value, ms }) {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { value, pid: scope.Deno?.pid ?? scope.process?.pid };
}

/** Says "started" on `port`, then returns `value` once the port says "release" (see wait_for.ts). */
export function gated({ port, value }) {
  return new Promise((resolve) => {
    port.onmessage = () => {
      port.close();
      resolve(value);
    };
    port.postMessage("started");
  });
}
