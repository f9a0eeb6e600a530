// deno-lint-ignore-file explicit-function-return-type explicit-module-boundary-types no-console -- plain JS, run by a worker process; the test reads what it prints
// Tasks of the orphan tests, run in worker processes (memoryLimitMb on Deno). Each says it runs
// by an empty file `<pid>.pid` in `dir`; the test waits for such files, never for time.
import process from "node:process";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function exists(path) {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until the parent stops reading (`parent-blocked`), sends it a message it will never
 * read (`<pid>.sent` once written), then holds its event loop open, as real work does.
 */
export async function unread({ dir }) {
  Deno.writeTextFileSync(`${dir}/${Deno.pid}.pid`, "");
  while (!exists(`${dir}/parent-blocked`)) await sleep(20);
  await new Promise((resolve) => process.send("never read", resolve));
  Deno.writeTextFileSync(`${dir}/${Deno.pid}.sent`, "");
  setInterval(() => {}, 1_000);
  return new Promise(() => {});
}

/** Says so on stdout, then blocks its thread for good: no timer, message or I/O callback runs. */
export function stuck({ dir }) {
  console.log(`worker ${Deno.pid} stuck`);
  Deno.writeTextFileSync(`${dir}/${Deno.pid}.pid`, "");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
