// `atomiton doctor` as a user runs it: a subprocess on Deno from the sources, and on Node from
// the npm copy (`node npm/cli/bin.js`); `atomiton profile` on Node too.
import assert from "node:assert/strict";
import * as esbuild from "esbuild";
import { buildNpm, npmRoot } from "../../scripts/build_npm.ts";
import { ignoreUnless } from "../../scripts/testing/needs.ts";
import { startRedis } from "../../scripts/testing/redis.ts";
import { FAMILY } from "./startup.ts";
import { runCli } from "../testdata/cli.ts";

interface Check {
  name: string;
  status: string;
  message: string;
}

async function withHome<T>(fn: (home: string) => Promise<T>): Promise<T> {
  const home = await Deno.makeTempDir({ prefix: "atomiton-doctor-e2e-" });
  try {
    return await fn(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

Deno.test("atomiton doctor prints a line per check and exits 0 on a healthy install", async () => {
  await withHome(async (home) => {
    const { code, stdout, stderr } = await runCli(["doctor", "--runs", "2"], {
      env: { ATOMITON_HOME: home },
    });
    assert.equal(stderr, "");
    assert.match(stdout, /^atomiton doctor \d+\.\d+\.\d+\n/);
    assert.match(stdout, /\n {2}ok {4}storage {4}/);
    assert.match(stdout, /\n {2}ok {4}execution {2}a Web Worker \(Deno\) started/);
    assert.match(
      stdout,
      /\n {2}\w+ +start-up {3}atomiton --version: [\d.]+ ms over an empty process/,
    );
    for (const name of FAMILY) {
      assert.match(stdout, new RegExp(`\\n {2}\\w+ +start-up {3}import ${name}: [\\d.]+ ms over`));
    }
    assert.doesNotMatch(stdout, /\n {2}fail /);
    assert.equal(code, 0);
  });
});

Deno.test("atomiton doctor fails for an ATOMITON_HOME it cannot write", async () => {
  await withHome(async (home) => {
    await Deno.writeTextFile(`${home}/file`, "");
    const { code, stdout } = await runCli(["doctor", "--runs", "1"], {
      env: { ATOMITON_HOME: `${home}/file/atomiton` },
    });
    assert.equal(code, 1);
    assert.ok(stdout.includes(`\n  fail  storage    ${home}/file/atomiton/storage is not usable`));
    assert.match(stdout, /\n\n\d+ failed/);
  });
});

Deno.test({
  name: "atomiton doctor checks the Redis server of ATOMITON_REDIS_URL, up and down",
  ...ignoreUnless("redis-server"),
  fn: async () => {
    await using redis = await startRedis();
    await withHome(async (home) => {
      const env = { ATOMITON_HOME: home, ATOMITON_REDIS_URL: redis.url };
      const up = await runCli(["doctor", "--json", "--runs", "1"], { env });
      const upCheck = (JSON.parse(up.stdout).checks as Check[]).find((c) => c.name === "redis");
      assert.equal(upCheck!.status, "ok");
      await redis.kill();
      const down = await runCli(["doctor", "--json", "--runs", "1"], { env });
      assert.equal(down.code, 1);
      const downCheck = (JSON.parse(down.stdout).checks as Check[]).find((c) => c.name === "redis");
      assert.equal(downCheck!.status, "fail");
      assert.match(downCheck!.message, /is not reachable/);
    });
  },
});

// One build of the npm copy for the Node tests below.
let built: Promise<unknown> | undefined;
async function node(args: string[], home: string): Promise<Deno.CommandOutput> {
  built ??= buildNpm().finally(() => esbuild.stop());
  await built;
  return await new Deno.Command("node", {
    args: [`${npmRoot}/cli/bin.js`, ...args],
    env: { ATOMITON_HOME: home, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
}

Deno.test("atomiton doctor runs on Node from the npm copy and finds every package there", async () => {
  await withHome(async (home) => {
    const { code, stdout, stderr } = await node(["doctor", "--json", "--runs", "1"], home);
    const report = JSON.parse(new TextDecoder().decode(stdout));
    assert.equal(report.runtime.name, "node", new TextDecoder().decode(stderr));
    assert.equal(report.storage.backend, "FileSystemClient");
    assert.equal(report.execution.backend, "worker_threads Worker (Node.js)");
    const checks = report.checks as Check[];
    assert.deepEqual(checks.slice(0, 3).map((c) => [c.name, c.status]), [
      ["storage", "ok"],
      ["execution", "ok"],
      ["redis", "skip"],
    ]);
    assert.deepEqual(
      report.startup.timings.map((t: { name: string; error?: string }) => [t.name, t.error]),
      ["atomiton --version", ...FAMILY.map((name) => `import ${name}`)].map((n) => [n, undefined]),
    );
    assert.deepEqual(checks.filter((c) => c.status === "fail"), []);
    assert.equal(code, 0);
  });
});

Deno.test("atomiton profile runs on Node from the npm copy", async () => {
  await withHome(async (home) => {
    const { code, stdout, stderr } = await node(["profile", "--iterations", "10", "--json"], home);
    assert.equal(code, 0, new TextDecoder().decode(stderr));
    const report = JSON.parse(new TextDecoder().decode(stdout));
    assert.equal(report.runtime.name, "node");
    assert.deepEqual(report.storage.operations.map((op: { count: number }) => op.count), [
      10,
      10,
      10,
    ]);
    assert.equal(report.execution.backend, "worker_threads Worker (Node.js)");
    assert.deepEqual(report.execution.operations.map((op: { count: number }) => op.count), [
      1,
      10,
      10,
    ]);
  });
});
