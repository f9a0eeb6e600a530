import assert from "node:assert/strict";
import { FileSystemClient } from "@atomiton/storage/fs";
import { ignoreUnless } from "../../scripts/testing/needs.ts";
import { startRedis } from "../../scripts/testing/redis.ts";
import {
  executionCheck,
  redisCheck,
  sizeChecks,
  startupChecks,
  storageCheck,
  storageFacts,
} from "./checks.ts";
import { MEASURED_SIZES } from "../_doctor_sizes.ts";
import { budgetOf, DEFAULT_BUDGET } from "../_size_budgets.ts";
import { PROTOTYPE_KEYS } from "../../scripts/testing/hostile.ts";
import {
  BUDGETS as SIZE_TASK_BUDGETS,
  DEFAULT_BUDGET as SIZE_TASK_DEFAULT,
} from "../../scripts/size.ts";
import type { StartupReport } from "./startup.ts";
import { VERSION } from "../_common/version.ts";
import { captureIo } from "../testdata/cli.ts";

const live = (): AbortSignal => new AbortController().signal;

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("storageFacts() names the backend createStorageClient picks here and the home", async () => {
  const home = await Deno.makeTempDir();
  try {
    const facts = await storageFacts(captureIo({ ATOMITON_HOME: home, HOME: "/home/ada" }), "deno");
    assert.equal(facts.backend, "FileSystemClient");
    assert.equal(facts.reason, "deno is a server runtime, so files in the application-data folder");
    assert.equal(facts.home, home);
    assert.equal(facts.homeFrom, "ATOMITON_HOME");
    assert.match(facts.defaultDirectory!, /[\\/]atomiton[\\/]storage$/);
    const browser = await storageFacts(captureIo({ ATOMITON_HOME: home }), "browser");
    assert.equal(browser.reason, "no file system and no IndexedDB here, so memory only");
    const byDefault = await storageFacts(captureIo({}), "deno");
    assert.equal(byDefault.homeFrom, "default");
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("storageCheck() writes, reads and deletes in the home's store, and fails where it cannot", async () => {
  const home = await Deno.makeTempDir();
  try {
    const io = captureIo({ ATOMITON_HOME: home });
    const ok = await storageCheck(io, await storageFacts(io, "deno"));
    assert.equal(ok.status, "ok");
    assert.match(ok.message, new RegExp(`^${home}/storage is writable: set, get and delete took`));
    // The probe leaves nothing behind.
    await using store = new FileSystemClient({ directory: `${home}/storage` });
    assert.deepEqual(await store.keys(), []);

    // A home under a plain file cannot be created, even by root.
    await Deno.writeTextFile(`${home}/file`, "");
    const blocked = captureIo({ ATOMITON_HOME: `${home}/file/home` });
    const failed = await storageCheck(blocked, await storageFacts(blocked, "deno"));
    assert.equal(failed.status, "fail");
    assert.match(
      failed.message,
      new RegExp(`^${home}/file/home/storage is not usable \\(ATOMITON_HOME\\): `),
    );

    const none = await storageCheck(io, {
      backend: "MemoryClient",
      reason: "",
      defaultDirectory: undefined,
      home: undefined,
      homeFrom: "default",
    });
    assert.deepEqual(none, {
      name: "storage",
      status: "fail",
      message: "no atomiton home: set ATOMITON_HOME to a writable folder",
    });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});

Deno.test("executionCheck() starts a worker and runs a task on it", async () => {
  const check = await executionCheck(live());
  assert.equal(check.status, "ok");
  assert.match(check.message, /^a Web Worker \(Deno\) started and answered in [\d.]+ ms$/);
  await assert.rejects(executionCheck(AbortSignal.abort(new Error("stop"))), /stop/);
});

Deno.test("executionCheck() fails for a worker that cannot load its task or never answers", async () => {
  const broken = await executionCheck(live(), {
    moduleUrl: "data:text/javascript,throw new Error('cannot load')",
  });
  assert.equal(broken.status, "fail");
  assert.match(broken.message, /^a Web Worker \(Deno\) did not run a task: .*cannot load/);
  const silent = await executionCheck(live(), {
    moduleUrl: "data:text/javascript,export default () => new Promise(() => {})",
    timeoutMs: 50,
  });
  assert.equal(silent.status, "fail");
  assert.match(silent.message, /did not run a task: .*50 ms/);
  const wrong = await executionCheck(live(), {
    moduleUrl: "data:text/javascript,export default () => 'no'",
  });
  assert.match(wrong.message, /did not run a task: the echo task answered "no"$/);
});

Deno.test("redisCheck() skips without a URL and fails for a server that does not answer", async () => {
  assert.deepEqual(await redisCheck(undefined, live()), {
    name: "redis",
    status: "skip",
    message: "not checked: pass --redis <url> or set ATOMITON_REDIS_URL",
  });
  const port = freePort();
  const check = await redisCheck(`redis://127.0.0.1:${port}`, live());
  assert.equal(check.status, "fail");
  assert.match(check.message, new RegExp(`^127\\.0\\.0\\.1:${port} is not reachable: `));
});

Deno.test({
  name: "redisCheck() reports a server that answers",
  ...ignoreUnless("redis-server"),
  fn: async () => {
    await using redis = await startRedis();
    const check = await redisCheck(redis.url, live());
    assert.equal(check.status, "ok");
    assert.match(
      check.message,
      new RegExp(`^127\\.0\\.0\\.1:${redis.port} answered in [\\d.]+ ms$`),
    );
  },
});

Deno.test("startupChecks() says how far over the baseline each case is; slow is a warning, not a failure", () => {
  const timing = { medianMs: 0, minMs: 0 };
  const report: StartupReport = {
    runtime: "deno",
    runs: 3,
    budgetMs: 10,
    baseline: { importMs: 0.1, processMs: 16 },
    timings: [
      { ...timing, name: "import a", kind: "import", overMs: 0.84, bestOverMs: 0.7, status: "ok" },
      { ...timing, name: "import b", kind: "import", overMs: 11, bestOverMs: 9, status: "warn" },
      {
        ...timing,
        name: "atomiton --version",
        kind: "process",
        overMs: 13,
        bestOverMs: 12,
        status: "warn",
      },
      {
        ...timing,
        name: "import c",
        kind: "import",
        overMs: 0,
        bestOverMs: 0,
        status: "fail",
        error: "boom",
      },
    ],
  };
  assert.deepEqual(startupChecks(report), [
    { name: "start-up", status: "ok", message: "import a: 0.8 ms over an empty import" },
    {
      name: "start-up",
      status: "warn",
      message:
        "import b: 11.0 ms over an empty import (budget 10 ms), 9.0 ms in the best run: noisy, a busy machine?",
    },
    {
      name: "start-up",
      status: "warn",
      message:
        "atomiton --version: 13.0 ms over an empty process in every run (budget 10 ms): slow here, or noisy on a busy machine; compare with `deno task bench` on an idle one",
    },
    { name: "start-up", status: "fail", message: "import c: could not run: boom" },
  ]);
});

Deno.test("sizeChecks() holds each measured entry to its budget", () => {
  const measuredAt = "2026-01-02T03:04:05.000Z";
  const budget = (entry: string): number => entry === "@atomiton/a" ? 200 : 150;
  const within = { measuredAt, version: VERSION, entries: [{ entry: "@atomiton/a", gzip: 200 }] };
  assert.deepEqual(sizeChecks(within, VERSION, budget), [{
    name: "size",
    status: "ok",
    message: "1 entries within their gzip budgets (measured at build on 2026-01-02)",
  }]);
  const over = { ...within, entries: [...within.entries, { entry: "@atomiton/b", gzip: 151 }] };
  assert.deepEqual(sizeChecks(over, VERSION, budget), [{
    name: "size",
    status: "fail",
    message: "@atomiton/b: 151 B gzip, over its budget of 150 B (measured at build on 2026-01-02)",
  }]);
  assert.deepEqual(sizeChecks(within, "9.9.9", budget).at(-1), {
    name: "size",
    status: "warn",
    message: `the sizes were measured for ${VERSION}; this is 9.9.9`,
  });
  assert.deepEqual(sizeChecks({ measuredAt: "", version: VERSION, entries: [] }), [{
    name: "size",
    status: "warn",
    message: "not measured at build: run `deno task size --update-readme`",
  }]);
  // The figures shipped with the CLI are for this version, and within the real budgets.
  assert.equal(MEASURED_SIZES.version, VERSION);
  assert.deepEqual(sizeChecks().map((check) => check.status), ["ok"]);
});

Deno.test("sizeChecks() reports the budgets `deno task size` holds the build to, not a copy", () => {
  const entries = MEASURED_SIZES.entries.map(({ entry }) => entry);
  assert.ok(entries.includes("@atomiton/cli"));
  for (const entry of [...entries, "@atomiton/not-listed"]) {
    assert.equal(budgetOf(entry), SIZE_TASK_BUDGETS[entry] ?? SIZE_TASK_DEFAULT, entry);
  }
  // The CLI's own budget, as `deno task size` holds it, is the one the doctor prints.
  const tooBig = { ...MEASURED_SIZES, entries: [{ entry: "@atomiton/cli", gzip: 1e9 }] };
  assert.ok(
    sizeChecks(tooBig)[0]!.message.includes(
      `over its budget of ${SIZE_TASK_BUDGETS["@atomiton/cli"]} B`,
    ),
  );
  // budgetOf() is keyed by entry names only: an inherited name is not a budget.
  for (const key of PROTOTYPE_KEYS) assert.equal(budgetOf(key), DEFAULT_BUDGET, key);
});
