// deno-lint-ignore-file explicit-function-return-type explicit-module-boundary-types -- plain JS tasks for a worker
/**
 * Tasks of the Redis resume test. Each execution first appends its node id to
 * `input.log` (one O_APPEND write), so the test counts how often each node ran.
 *
 * @module
 */
import { appendFileSync, existsSync } from "node:fs";

function count(input, ctx) {
  appendFileSync(input.log, `${ctx.nodeId}\n`);
}

/** `input.n + input.plus`. */
export function plus(input, ctx) {
  count(input, ctx);
  return input.n + input.plus;
}

/** `input.n + input.plus`, once the file `input.release` exists (the test creates it). */
export function holdPlus(input, ctx) {
  count(input, ctx);
  return new Promise((resolve, reject) => {
    const check = () => {
      if (ctx.signal.aborted) return reject(ctx.signal.reason);
      if (existsSync(input.release)) return resolve(input.n + input.plus);
      setTimeout(check, 20);
    };
    check();
  });
}

/** `input.x + input.y`. */
export function sum(input, ctx) {
  count(input, ctx);
  return input.x + input.y;
}
