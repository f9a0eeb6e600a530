// A parent whose pool keeps two idle worker processes (minWorkers) and is never closed: once
// both have loaded their module (their pid files in $ORPHAN_DIR) it has nothing left to do, and
// should end by itself, as it does with worker threads.
import { WorkerPool } from "../../worker_pool.ts";

const dir = Deno.env.get("ORPHAN_DIR")!;
new WorkerPool(new URL("./idle_tasks.mjs", import.meta.url), {
  minWorkers: 2,
  maxWorkers: 2,
  memoryLimitMb: 64,
});
const started = (): number =>
  [...Deno.readDirSync(dir)].filter((e) => e.name.endsWith(".pid")).length;
while (started() < 2) await new Promise((resolve) => setTimeout(resolve, 20));
