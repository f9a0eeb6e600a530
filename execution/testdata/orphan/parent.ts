// deno-lint-ignore-file no-console -- the test reads what this process prints
// `parent.ts <workers> <task>`: a parent whose pool runs its workers as child processes
// (memoryLimitMb on Deno). It starts them together, one task each, waits until each has written
// its pid file (in $ORPHAN_DIR), prints "ready"
// and waits (with task "unread": without reading anything more) for the test to SIGKILL it.
import { WorkerPool } from "../../worker_pool.ts";

const dir = Deno.env.get("ORPHAN_DIR")!;
const [count, task] = Deno.args as [string, string];
const workers = Number(count);
const pool = new WorkerPool(new URL("./tasks.mjs", import.meta.url), {
  maxWorkers: workers,
  memoryLimitMb: 64,
});
for (let i = 0; i < workers; i++) pool.run({ dir }, { task }).catch(console.error);
const started = (): number =>
  [...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".pid")).length;
while (started() < workers) await new Promise((resolve) => setTimeout(resolve, 20));
console.log("ready");
if (task === "unread") {
  // From here on nothing is read: what the workers send stays unread in this process's sockets.
  Deno.writeTextFileSync(`${dir}/parent-blocked`, "");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
// Otherwise it goes on reading (and passing on the workers' output) until it is killed.
setInterval(() => {}, 1 << 30);
