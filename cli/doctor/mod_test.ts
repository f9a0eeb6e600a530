import assert from "node:assert/strict";
import { ignoreUnless } from "../../scripts/testing/needs.ts";
import { startRedis } from "../../scripts/testing/redis.ts";
import type { Check } from "./checks.ts";
import { formatCheck, formatVerdict } from "./_report.ts";
import { FAMILY } from "./startup.ts";
import { createStyle } from "../_common/style.ts";
import { captureIo } from "../testdata/cli.ts";
import { ExitCode, main } from "../mod.ts";

const live = (): AbortSignal => new AbortController().signal;

interface Report {
  version: string;
  runtime: { name: string; os: string; arch: string; cpus: number };
  capabilities: Record<string, boolean>;
  storage: { backend: string; reason: string; home: string; homeFrom: string };
  execution: { backend: string };
  startup: { runtime: string; runs: number; timings: { name: string }[] } | null;
  checks: Check[];
  ok: boolean;
  interrupted: boolean;
}

async function withHome<T>(fn: (home: string) => Promise<T>): Promise<T> {
  const home = await Deno.makeTempDir({ prefix: "atomiton-doctor-test-" });
  try {
    return await fn(home);
  } finally {
    await Deno.remove(home, { recursive: true });
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("doctor --json reports the runtime, the backends and every check, and exits 0 on a healthy install", async () => {
  await withHome(async (home) => {
    const io = captureIo({ ATOMITON_HOME: home });
    const code = await main(["doctor", "--json", "--runs", "1"], { io, signal: live() });
    const lines = io.out().trimEnd().split("\n");
    assert.equal(lines.length, 1);
    const report = JSON.parse(lines[0]!) as Report;
    assert.equal(report.runtime.name, "deno");
    assert.equal(report.runtime.cpus, navigator.hardwareConcurrency);
    assert.equal(report.capabilities.fileSystem, true);
    assert.equal(report.capabilities.indexedDB, false);
    assert.equal(report.storage.backend, "FileSystemClient");
    assert.equal(report.storage.home, home);
    assert.equal(report.storage.homeFrom, "ATOMITON_HOME");
    assert.equal(report.execution.backend, "Web Worker (Deno)");
    assert.deepEqual(
      report.checks.map((check) => check.name),
      ["storage", "execution", "redis", ...Array(FAMILY.length + 1).fill("start-up"), "size"],
    );
    assert.deepEqual(report.checks.slice(0, 3).map((check) => check.status), ["ok", "ok", "skip"]);
    assert.deepEqual(
      report.startup!.timings.map((timing) => timing.name),
      ["atomiton --version", ...FAMILY.map((name) => `import ${name}`)],
    );
    assert.equal(report.startup!.runs, 1);
    // A healthy install: nothing fails, whatever the timings.
    assert.deepEqual(report.checks.filter((check) => check.status === "fail"), []);
    assert.equal(report.ok, true);
    assert.equal(report.interrupted, false);
    assert.equal(code, ExitCode.OK);
  });
});

/** Keeps every CPU busy with a spinning child process per CPU until disposed. */
function burnCpus(): AsyncDisposable {
  const children = Array.from(
    { length: navigator.hardwareConcurrency },
    () =>
      new Deno.Command(Deno.execPath(), {
        args: ["eval", "while (true) {}"],
        stdin: "null",
        stdout: "null",
        stderr: "null",
      }).spawn(),
  );
  return {
    async [Symbol.asyncDispose](): Promise<void> {
      for (const child of children) child.kill("SIGKILL");
      await Promise.all(children.map((child) => child.status));
    },
  };
}

Deno.test("doctor exits 0 on a healthy install while other processes keep every CPU busy", async () => {
  await using _burners = burnCpus();
  await withHome(async (home) => {
    const io = captureIo({ ATOMITON_HOME: home });
    const code = await main(["doctor", "--json", "--runs", "3"], { io, signal: live() });
    const report = JSON.parse(io.out()) as Report;
    assert.deepEqual(report.checks.filter((check) => check.status === "fail"), []);
    assert.equal(report.checks.find((check) => check.name === "redis")!.status, "skip");
    assert.equal(code, ExitCode.OK);
  });
});

Deno.test("doctor prints the facts, a line per check and the verdict", async () => {
  await withHome(async (home) => {
    const io = captureIo({ ATOMITON_HOME: home });
    const code = await main(["doctor", "--runs", "1"], { io, signal: live() });
    const out = io.out();
    assert.match(out, /^atomiton doctor \d+\.\d+\.\d+\n\n/);
    assert.match(out, /\n {2}runtime {7}deno \S+, \w+ \w+, \d+ CPUs\n/);
    assert.match(out, /\n {2}capabilities {2}fileSystem childProcess .*; not: indexedDB opfs\n/);
    assert.ok(out.includes(`\n  home          ${home} (ATOMITON_HOME)\n`));
    assert.match(
      out,
      /\n {2}storage {7}createStorageClient\(\) picks FileSystemClient: deno is a server runtime, so files in the application-data folder \(.*[\\/]atomiton[\\/]storage\)\n/,
    );
    assert.match(out, /\n {2}execution {5}WorkerPool uses Web Worker \(Deno\)\n/);
    assert.ok(
      out.includes(`\n  ok    storage    ${home}/storage is writable: set, get and delete took`),
    );
    assert.match(out, /\n {2}ok {4}execution {2}a Web Worker \(Deno\) started and answered in/);
    assert.match(out, /\n {2}skip {2}redis {6}not checked: pass --redis <url>/);
    assert.match(
      out,
      /\n {2}(ok|warn|fail) +start-up {3}import @atomiton\/platform: [\d.]+ ms over an empty import/,
    );
    assert.match(out, /\n {2}(ok|warn|fail) +size /);
    assert.match(out, /\n\n(all checks passed|\d+ warnings?)\n$/);
    assert.equal(code, ExitCode.OK);
  });
});

Deno.test("doctor reports an ATOMITON_HOME it cannot write as a failure and exits 1", async () => {
  await withHome(async (home) => {
    await Deno.writeTextFile(`${home}/file`, "");
    const io = captureIo({ ATOMITON_HOME: `${home}/file/home` });
    const code = await main(["doctor", "--json", "--runs", "1"], { io, signal: live() });
    assert.equal(code, ExitCode.FAILURE);
    const report = JSON.parse(io.out()) as Report;
    assert.equal(report.ok, false);
    const storage = report.checks.find((check) => check.name === "storage")!;
    assert.equal(storage.status, "fail");
    assert.ok(
      storage.message.startsWith(`${home}/file/home/storage is not usable (ATOMITON_HOME): `),
    );
  });
});

Deno.test("doctor reports a Redis server that does not answer, from --redis or ATOMITON_REDIS_URL", async () => {
  await withHome(async (home) => {
    const url = `redis://127.0.0.1:${freePort()}`;
    for (
      const [args, env] of [
        [["--redis", url], { ATOMITON_HOME: home }],
        [[], { ATOMITON_HOME: home, ATOMITON_REDIS_URL: url }],
      ] as const
    ) {
      const io = captureIo(env);
      const code = await main(["doctor", "--json", "--runs", "1", ...args], { io, signal: live() });
      assert.equal(code, ExitCode.FAILURE);
      const redis = (JSON.parse(io.out()) as Report).checks.find((check) =>
        check.name === "redis"
      )!;
      assert.equal(redis.status, "fail");
      assert.match(redis.message, new RegExp(`^${new URL(url).host} is not reachable: `));
    }
  });
});

Deno.test({
  name: "doctor --redis reports a server that answers",
  ...ignoreUnless("redis-server"),
  fn: async () => {
    await using redis = await startRedis();
    await withHome(async (home) => {
      const io = captureIo({ ATOMITON_HOME: home });
      await main(["doctor", "--redis", redis.url, "--runs", "1"], { io, signal: live() });
      assert.match(
        io.out(),
        new RegExp(`\\n {2}ok {4}redis {6}127\\.0\\.0\\.1:${redis.port} answered in`),
      );
    });
  },
});

Deno.test("doctor rejects a bad Redis URL, a bad --runs and arguments", async () => {
  const cases: [string[], Record<string, string>, RegExp][] = [
    [
      ["--redis", "localhost:6379"],
      {},
      /Invalid Redis URL "localhost:6379": expected redis:\/\/host:port/,
    ],
    [[], { ATOMITON_REDIS_URL: "http://x" }, /Invalid Redis URL "http:\/\/x"/],
    [["--runs", "0"], {}, /Invalid --runs "0": expected an integer from 1 to 100/],
    [["now"], {}, /atomiton doctor takes no arguments, got "now"/],
  ];
  for (const [args, env, message] of cases) {
    const io = captureIo(env);
    assert.equal(await main(["doctor", ...args], { io, signal: live() }), ExitCode.USAGE);
    assert.match(io.err(), message);
  }
});

Deno.test("doctor stops on Ctrl-C with what it checked so far and exits 130", async () => {
  await withHome(async (home) => {
    const controller = new AbortController();
    const io = captureIo({ ATOMITON_HOME: home });
    const watched = {
      ...io,
      stdout: (text: string) => {
        io.stdout(text);
        if (/ storage {4}/.test(text)) controller.abort();
      },
    };
    const code = await main(["doctor", "--runs", "1"], { io: watched, signal: controller.signal });
    assert.equal(code, ExitCode.INTERRUPTED);
    assert.match(io.out(), /\n {2}ok {4}storage /);
    assert.doesNotMatch(io.out(), /execution {2}a /);
    assert.match(io.err(), /interrupted: stopped before every check ran/);
  });
});

Deno.test("formatCheck() and formatVerdict() colour the status and count failures and warnings", () => {
  const plain = createStyle(false);
  const check = (status: Check["status"]): Check => ({ name: "size", status, message: "m" });
  assert.equal(formatCheck(check("warn"), plain), "  warn  size       m");
  assert.equal(
    formatCheck(check("fail"), createStyle(true)),
    "  \x1b[31mfail\x1b[39m  size       m",
  );
  assert.equal(formatVerdict([check("ok"), check("skip")], plain), "all checks passed");
  assert.equal(formatVerdict([check("warn")], plain), "1 warning");
  assert.equal(
    formatVerdict([check("fail"), check("warn"), check("warn")], plain),
    "1 failed, 2 warnings",
  );
});
