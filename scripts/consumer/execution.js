// The npm copy of @atomiton/execution as a user meets it, on Node, Deno, a page and a worker.
import {
  ExecutionError,
  PoolClosedError,
  TaskModuleError,
  TaskTimeoutError,
  WorkerCrashedError,
  WorkerPool,
} from "@atomiton/execution";

const TASKS = `
export default (n) => n * 2;
export const fail = () => { const e = new Error("bad"); e.code = "E_BAD"; throw e; };
export const crash = () => { setTimeout(() => { throw new Error("uncaught"); }); return new Promise(() => {}); };
export const hang = () => new Promise(() => {});
export const progress = (n, ctx) => { for (let i = 1; i <= n; i++) ctx.progress(i); return n; };
`;

/**
 * @param {(ok: boolean, message: string) => void} check
 * @param {{ runtime: string }} where
 */
export default async function smoke(check, where) {
  const url = `data:text/javascript,${encodeURIComponent(TASKS)}`;
  const pool = new WorkerPool(url, { maxWorkers: 2, gracePeriod: 20 });
  try {
    const outputs = await Promise.all([1, 2, 3, 4].map((n) => pool.run(n)));
    check(outputs.join() === "2,4,6,8", `run outputs ${outputs}`);
    const seen = [];
    await pool.run(2, { task: "progress", onProgress: (v) => seen.push(v) });
    check(seen.join() === "1,2", `progress ${seen}`);
    const failed = await pool.run(0, { task: "fail" }).catch((e) => e);
    check(failed?.message === "bad" && failed.code === "E_BAD", `task error ${failed}`);
    const crashed = await pool.run(0, { task: "crash" }).catch((e) => e);
    check(
      crashed instanceof WorkerCrashedError && crashed instanceof ExecutionError,
      `crash ${crashed}`,
    );
    const late = await pool.run(0, { task: "hang", timeout: 20 }).catch((e) => e);
    check(late instanceof TaskTimeoutError, `timeout ${late}`);
    const missing = await pool.run(0, { task: "nope" }).catch((e) => e);
    check(missing instanceof TaskModuleError, `missing export ${missing}`);
    check(await pool.run(5) === 10, "the pool goes on after a crash and a timeout");
    check(pool.stats().crashed === 1, `stats ${JSON.stringify(pool.stats())}`);
  } finally {
    await pool.close();
  }
  check(pool.stats().workers === 0, "close ends every worker");
  const closed = await pool.run(1).catch((e) => e);
  check(closed instanceof PoolClosedError, `run after close ${closed}`);

  if (where.runtime === "node" || where.runtime === "deno") {
    // Server-only entries, loaded so that no bundler follows them into a browser build.
    const spec = "@atomiton/execution/process";
    const { ProcessClient } = await import(spec);
    const client = new ProcessClient();
    try {
      const child = await client.spawn("sh", ["-c", "read line; echo got $line; exit 2"], {
        stdin: "piped",
      });
      await child.sendInput("hello\n");
      const result = await child.wait();
      check(result.stdout === "got hello\n" && result.exitCode === 2, `process ${result.stdout}`);
      const missing = await client.spawn("atomiton-no-such-program").catch((e) => e);
      check(missing instanceof ExecutionError && missing.code === "SPAWN_FAILED", `${missing}`);
    } finally {
      await client.close();
    }
    const redisSpec = "@atomiton/execution/redis";
    const { RedisPool, startRedisWorker } = await import(redisSpec);
    check(typeof RedisPool === "function" && typeof startRedisWorker === "function", "redis");
  }
}
