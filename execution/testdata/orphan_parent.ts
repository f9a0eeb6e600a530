// deno-lint-ignore-file no-console -- the test reads what this process prints
// A parent whose pool runs its workers as child processes (memoryLimitMb on Deno): it prints
// the worker's pid, then runs a ten-minute task, for the test to kill it with SIGKILL.
import { WorkerPool } from "../worker_pool.ts";

const pool = new WorkerPool(new URL("./tasks.mjs", import.meta.url), {
  maxWorkers: 1,
  memoryLimitMb: 128,
});
const { pid } = await pool.run({ value: 1, ms: 0 }, { task: "pidAfter" }) as { pid: number };
console.log(`worker pid ${pid}`);
// A timer keeps the worker busy: a task that holds its event loop open, as real work does.
await pool.run({ value: 2, ms: 600_000 }, { task: "later" });
