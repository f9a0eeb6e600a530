/**
 * `atomiton worker --redis` and `atomiton run --redis` as a user runs them:
 * subprocesses on a real Redis server.
 *
 * @module
 */
import assert from "node:assert/strict";
import { RedisStorageClient } from "@atomiton/storage/redis";
import { ignoreUnless } from "../../scripts/testing/needs.ts";
import { startRedis } from "../../scripts/testing/redis.ts";
import { readRun } from "../testdata/run/records.ts";
import { runCli, spawnCli } from "../testdata/cli.ts";

const TASKS = new URL("../testdata/run/tasks.js", import.meta.url).href;
const FAILING = new URL("../testdata/run/failing.json", import.meta.url).pathname;

Deno.test({
  name: "atomiton worker serves atomiton run --redis from two processes and stops on SIGINT",
  ...ignoreUnless("redis-server"),
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const dir = await Deno.makeTempDir({ prefix: "atomiton-worker-e2e-" });
    const env = { ATOMITON_HOME: `${dir}/home` };
    const workers = [1, 2].map(() =>
      spawnCli(["worker", "--redis", redis.url, "--concurrency", "2"], { env })
    );
    try {
      for (const worker of workers) await worker.waitFor(/serves queue "blueprints"/);
      const ids = ["p1", "p2", "p3", "p4", "p5", "p6"];
      await Deno.writeTextFile(
        `${dir}/bp.json`,
        JSON.stringify({
          nodes: [
            ...ids.map((id) => ({ id, data: { module: TASKS, export: "pid" } })),
            { id: "two", data: { module: TASKS, export: "constant", input: { value: 2 } } },
            { id: "total", data: { module: TASKS, export: "sum", input: { one: 1 } } },
          ],
          edges: [{ source: "two", target: "total" }],
        }),
      );
      const store = `${redis.url}?namespace=e2e:`;
      const run = await runCli(["run", `${dir}/bp.json`, "--redis", redis.url, "--store", store], {
        env,
      });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /8 nodes on redis:\/\/127\.0\.0\.1:\d+, queue "blueprints"/);
      await using results = new RedisStorageClient({ url: redis.url, namespace: "e2e:" });
      const { summary, outputs } = await readRun(results);
      assert.equal(summary.status, "completed");
      assert.equal(outputs.get("total"), 3);
      // Every node ran in one of the worker processes, none in the run's own.
      const pids = new Set(workers.map((worker) => worker.child.pid));
      for (const id of ids) {
        const pid = outputs.get(id) as number | undefined;
        assert.ok(pids.has(pid!), `${id} ran in ${pid}, workers are ${[...pids]}`);
      }
    } finally {
      for (const worker of workers) worker.kill("SIGINT");
    }
    const stopped = await Promise.all(workers.map((worker) => worker.result()));
    let completed = 0;
    for (const { code, stderr } of stopped) {
      // main turns a command that returns after Ctrl-C into 130, the shell's "interrupted".
      assert.equal(code, 130, stderr);
      const counts = stderr.match(/stopped: (\d+) completed, 0 failed\n$/);
      assert.ok(counts, stderr);
      completed += Number(counts[1]);
    }
    assert.equal(completed, 8);
    await Deno.remove(dir, { recursive: true });
  },
});

Deno.test({
  name: "atomiton run --redis exits 1 when a node fails on a worker, naming it",
  ...ignoreUnless("redis-server"),
  async fn(): Promise<void> {
    await using redis = await startRedis();
    const dir = await Deno.makeTempDir({ prefix: "atomiton-worker-e2e-" });
    const env = { ATOMITON_HOME: dir };
    const worker = spawnCli(["worker", "--redis", redis.url], { env });
    try {
      await worker.waitFor(/serves queue "blueprints"/);
      const { code, stderr } = await runCli(["run", FAILING, "--redis", redis.url], { env });
      assert.equal(code, 1, stderr);
      assert.match(
        stderr,
        /error \[NODE_FAILED\]: Node "parse" failed: cannot parse row 7: expected a number \[BAD_ROW\]\.\n$/,
      );
    } finally {
      worker.kill("SIGINT");
    }
    const stopped = await worker.result();
    assert.match(stopped.stderr, /stopped: 1 completed, 1 failed\n$/);
    await Deno.remove(dir, { recursive: true });
  },
});
