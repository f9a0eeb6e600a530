import assert from "node:assert/strict";
import { runProcess, runtimeExecutable } from "./_process.ts";
import {
  budgetStatus,
  FAMILY,
  familyStartup,
  measureStartup,
  STARTUP_BUDGET_MS,
  timingOf,
} from "./startup.ts";

const ROOT = new URL("../../", import.meta.url);

Deno.test("runProcess() gives a child's exit code, output and time", async () => {
  const ok = await runProcess(runtimeExecutable(), [
    "eval",
    "console.log('out'); console.error('err');",
  ]);
  assert.deepEqual([ok.code, ok.stdout, ok.stderr], [0, "out\n", "err\n"]);
  assert.ok(ok.ms > 0);
  const failed = await runProcess(runtimeExecutable(), ["eval", "Deno.exit(3)"], { cwd: ROOT });
  assert.equal(failed.code, 3);
});

Deno.test("budgetStatus() is ok within budget and warn over it: a timing never fails", () => {
  assert.equal(budgetStatus(10, 10), "ok");
  assert.equal(budgetStatus(10.5, 10), "warn");
  assert.equal(budgetStatus(1e6, 10), "warn");
  assert.equal(STARTUP_BUDGET_MS, 10);
});

Deno.test("timingOf() holds a case's median to its baseline's median, and its best to the best", () => {
  assert.deepEqual(timingOf("a", "import", [14, 12, 30], [1, 2, 9], 10), {
    name: "a",
    kind: "import",
    medianMs: 14,
    minMs: 12,
    overMs: 12,
    bestOverMs: 11,
    status: "warn",
  });
  const quick = timingOf("b", "process", [20, 25, 21], [18, 19, 40], 10);
  assert.deepEqual([quick.overMs, quick.bestOverMs, quick.status], [2, 2, "ok"]);
  // Faster than the baseline is 0 over, not below.
  assert.equal(timingOf("c", "import", [1], [5], 10).overMs, 0);
});

Deno.test("measureStartup() times imports inside the process and commands from outside", async () => {
  const busy = (ms: number): string =>
    `const end = performance.now() + ${ms}; while (performance.now() < end) {}`;
  const report = await measureStartup(
    { runtime: "deno", executable: Deno.execPath(), cwd: ROOT },
    [
      { name: "slow import", import: `data:text/javascript,${encodeURIComponent(busy(40))}` },
      {
        name: "slow first use",
        import: "data:text/javascript,export const f = () => 1",
        use: busy(40),
      },
      { name: "slow command", args: ["eval", busy(80)] },
      { name: "missing", import: "file:///no/such/module.js" },
    ],
    { runs: 2 },
  );
  assert.equal(report.runtime, "deno");
  assert.equal(report.runs, 2);
  assert.equal(report.budgetMs, 10);
  assert.ok(report.baseline.importMs >= 0 && report.baseline.processMs > 0);
  const [slowImport, slowUse, slowCommand, missing] = report.timings;
  // A busy loop of 40 ms (80 ms) takes at least that long however busy the machine; how far it
  // is over the baselines depends on the machine, so timingOf()'s test holds that arithmetic.
  for (
    const [timing, kind, least] of [
      [slowImport!, "import", 40],
      [slowUse!, "import", 40],
      [slowCommand!, "process", 80],
    ] as const
  ) {
    assert.equal(timing.kind, kind, timing.name);
    assert.equal(timing.error, undefined, timing.name);
    assert.ok(timing.minMs >= least && timing.minMs <= timing.medianMs, timing.name);
    assert.notEqual(timing.status, "fail", timing.name);
  }
  assert.equal(missing!.status, "fail");
  assert.match(missing!.error!, /Module not found|no such|not found/i);
});

Deno.test("familyStartup() times `atomiton --version` and every package of the workspace", async () => {
  const config = JSON.parse(await Deno.readTextFile(new URL("deno.json", ROOT)));
  const names = await Promise.all(
    (config.workspace as string[]).map(async (folder) =>
      JSON.parse(await Deno.readTextFile(new URL(`${folder}/deno.json`, ROOT))).name
    ),
  );
  assert.deepEqual(FAMILY, names);
  const { probe, cases, missing } = await familyStartup();
  assert.equal(probe.runtime, "deno");
  assert.equal(probe.executable, Deno.execPath());
  assert.equal(String(probe.cwd), ROOT.href);
  assert.deepEqual(missing, []);
  assert.deepEqual(cases[0], {
    name: "atomiton --version",
    args: ["run", "-A", "--quiet", new URL("cli/mod.ts", ROOT).href, "--version"],
  });
  assert.deepEqual(
    cases.slice(1).map((c) => [c.name, "import" in c ? c.import : undefined]),
    FAMILY.map((name) => [`import ${name}`, import.meta.resolve(name)]),
  );
});
