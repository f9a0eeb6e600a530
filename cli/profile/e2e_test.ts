// `atomiton profile` as a user runs it: a subprocess, real files, a real Redis server.
import assert from "node:assert/strict";
import { RedisStorageClient } from "@atomiton/storage/redis";
import { ignoreUnless } from "../../scripts/testing/needs.ts";
import { startRedis } from "../../scripts/testing/redis.ts";
import { runCli, spawnCli } from "../testdata/cli.ts";

interface Operation {
  name: string;
  count: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
}

async function withHome<T>(fn: (env: Record<string, string>) => Promise<T>): Promise<T> {
  const home = await Deno.makeTempDir({ prefix: "atomiton-profile-e2e-" });
  try {
    return await fn({ ATOMITON_HOME: home });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("atomiton profile --iterations --json prints one object with every section measured", async () => {
  await withHome(async (env) => {
    const { code, stdout, stderr } = await runCli(["profile", "--iterations", "25", "--json"], {
      env,
    });
    assert.equal(code, 0, stderr);
    assert.equal(stdout.trimEnd().split("\n").length, 1);
    const report = JSON.parse(stdout);
    const counts = (section: { operations: Operation[] }): [string, number][] =>
      section.operations.map((op) => [op.name, op.count]);
    assert.deepEqual(counts(report.storage), [["set", 25], ["get", 25], ["delete", 25]]);
    assert.deepEqual(counts(report.events), [
      ["emit → listener", 25],
      ["emit → listener, batches of 1000", 25],
      ["emit → async iterator", 25],
    ]);
    assert.deepEqual(counts(report.execution).map(([, count]) => count), [1, 25, 25]);
    for (const op of report.storage.operations as Operation[]) {
      const { p50, p90, p99, max } = op.latencyMs;
      assert.ok(p50 <= p90 && p90 <= p99 && p99 <= max, op.name);
    }
    // Nothing was written to the atomiton home.
    assert.deepEqual([...Deno.readDirSync(env.ATOMITON_HOME!)], []);
  });
});

Deno.test("atomiton profile prints a table per section", async () => {
  await withHome(async (env) => {
    const { code, stdout } = await runCli(
      ["profile", "--only", "events,execution", "--duration", "50"],
      { env },
    );
    assert.equal(code, 0);
    assert.match(
      stdout,
      /^atomiton profile: deno .*; 50 ms per operation\n\nevents: EventClient\n/,
    );
    // A rate under 1,000/s (a loaded machine) has no unit prefix: "356/s" as well as "4.1 k/s".
    assert.match(stdout, /\n {2}round trip, one at a time +\d+ +[\d.]+ ?[kMG]?\/s +[\d.]+ \S+/);
    assert.doesNotMatch(stdout, /storage:/);
  });
});

Deno.test("atomiton profile stops on Ctrl-C, keeps what it measured and exits 130", async () => {
  await withHome(async (env) => {
    const store = `${env.ATOMITON_HOME}/store`;
    // Set runs for up to ten minutes; Ctrl-C comes once a key is on disk, so after a call.
    const args = ["profile", "--only", "storage,events", "--store", store, "--duration", "600000"];
    const cli = spawnCli(args, { env });
    for (let waited = 0; !(await hasKeyFiles(store)); waited += 10) {
      assert.ok(waited < 60_000, "the profile never wrote a key");
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    cli.kill("SIGINT");
    const { code, stdout, stderr } = await cli.result();
    assert.equal(code, 130);
    assert.ok(stdout.includes(`\nstorage: file system (file://${store}), cut short\n`), stdout);
    assert.match(stdout, /\n {2}set +\d+ /);
    assert.doesNotMatch(stdout, /\n {2}get |events:/);
    assert.match(stderr, /interrupted: stopped early; printed what was measured/);
  });
});

/** Whether a file-system store's folder holds a key (a `+` file or an `=` folder) yet. */
async function hasKeyFiles(folder: string): Promise<boolean> {
  try {
    for await (const entry of Deno.readDir(folder)) if (/^[+=]/.test(entry.name)) return true;
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return false;
}

Deno.test({
  name: "atomiton profile --store redis:// measures Redis and leaves its keys as they were",
  ...ignoreUnless("redis-server"),
  fn: async () => {
    await using redis = await startRedis();
    const client = new RedisStorageClient({ url: redis.url });
    try {
      await client.set("keep", { mine: true });
      await withHome(async (env) => {
        const args = ["profile", "--store", redis.url, "--only", "storage", "--iterations", "30"];
        const { code, stdout, stderr } = await runCli([...args, "--json"], { env });
        assert.equal(code, 0, stderr);
        const { storage } = JSON.parse(stdout);
        assert.equal(storage.backend, "Redis");
        assert.equal(storage.location, `redis://127.0.0.1:${redis.port}`);
        assert.deepEqual(storage.operations.map((op: Operation) => op.count), [30, 30, 30]);
      });
      assert.deepEqual(await client.keys(), ["keep"]);
    } finally {
      await client.close();
    }
  },
});

Deno.test("atomiton profile with a Redis server that does not answer exits 4", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  await withHome(async (env) => {
    const args = ["profile", "--store", `redis://127.0.0.1:${port}`, "--only", "storage"];
    const { code, stderr } = await runCli(args, { env });
    assert.equal(code, 4);
    assert.match(stderr, /error \[UNAVAILABLE\]: .*Redis/);
  });
});

Deno.test("atomiton profile --blueprint times whole runs, and stops at a failing one", async () => {
  await withHome(async (env) => {
    const quick = await runCli(
      [
        "profile",
        "--blueprint",
        "cli/testdata/profile/quick.json",
        "--only",
        "blueprint",
        "--iterations",
        "2",
      ],
      { env },
    );
    assert.equal(quick.code, 0, quick.stderr);
    assert.match(
      quick.stdout,
      /\nblueprint: .*quick\.json \(results: temporary, removed afterwards\)\n/,
    );
    assert.match(quick.stdout, /\n {2}run +2 /);
    const failing = await runCli(
      ["profile", "--blueprint", "cli/testdata/profile/failing.json", "--only", "blueprint"],
      { env },
    );
    assert.equal(failing.code, 1);
    assert.match(
      failing.stderr,
      /Run 1 of .*failing\.json failed with exit code 1: error \[NODE_FAILED\]/,
    );
  });
});
