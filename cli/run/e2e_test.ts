/**
 * `atomiton run` as a user runs it: a subprocess, real files, the real example.
 *
 * @module
 */
import assert from "node:assert/strict";
import type { SystemEvent } from "@atomiton/events";
import { readEventLog } from "@atomiton/events/recorder";
import { runCli, spawnCli } from "../testdata/cli.ts";

const EXAMPLE = new URL("../../examples/sales-report/", import.meta.url);
const FAILING = new URL("../testdata/run/failing.json", import.meta.url).pathname;
const TASKS = new URL("../testdata/run/tasks.js", import.meta.url).href;

async function tempDir(): Promise<string & AsyncDisposable> {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-run-e2e-" });
  return Object.assign(dir, {
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  }) as string & AsyncDisposable;
}

async function readLog(home: string): Promise<SystemEvent[]> {
  const [entry] = [...Deno.readDirSync(`${home}/runs`)];
  await using file = await Deno.open(`${home}/runs/${entry!.name}`);
  const events = [];
  for await (const event of readEventLog(file.readable)) events.push(event);
  return events;
}

Deno.test("atomiton run runs the sales-report example and writes its report", async () => {
  await using dir = await tempDir();
  // A copy, so the report lands in the temporary folder: modules resolve against the blueprint.
  await Deno.mkdir(`${dir}/example/tasks`, { recursive: true });
  await Deno.copyFile(new URL("blueprint.json", EXAMPLE), `${dir}/example/blueprint.json`);
  for (const entry of Deno.readDirSync(new URL("tasks/", EXAMPLE))) {
    await Deno.copyFile(
      new URL(`tasks/${entry.name}`, EXAMPLE),
      `${dir}/example/tasks/${entry.name}`,
    );
  }
  const { code, stdout, stderr } = await runCli(["run", `${dir}/example/blueprint.json`], {
    env: { ATOMITON_HOME: `${dir}/home` },
  });
  assert.equal(code, 0, stderr);
  assert.match(stderr, /atomiton run Sales report \(\S+\): 7 nodes on \d+ local workers?\n/);
  assert.match(stderr, /completed aggregate-4 /);
  assert.ok(!stderr.includes("\x1b"), "plain lines without a terminal");
  assert.match(stdout, /^✓ completed Sales report in .*: 7 nodes\n/);
  const report = await Deno.readTextFile(`${dir}/example/out/report.md`);
  assert.match(report, /^# Sales report 2024\n/);
  assert.match(report, /\| Orders \| 500,000 \|/);
  // Seeded: the same revenue on every runtime and every run.
  assert.match(report, /\| Revenue \| \$186,869,084\.02 \|/);
  assert.equal(report.match(/^\| \w{3} 2024 \| \$/gm)?.length, 12, "a row per month");
  const events = await readLog(`${dir}/home`);
  assert.equal(events.at(-1)!.type, "execution:completed");
  const completed = events.filter((event) =>
    event.type === "execution:node-progress" &&
    (event.data as { status: string }).status === "completed"
  );
  assert.equal(completed.length, 7, "every node completed");
});

Deno.test("atomiton run exits 1 on a failing blueprint, naming the node, without a stack", async () => {
  await using dir = await tempDir();
  const { code, stdout, stderr } = await runCli(["run", FAILING], {
    env: { ATOMITON_HOME: dir },
  });
  assert.equal(code, 1);
  assert.match(
    stderr,
    /error \[NODE_FAILED\]: Node "parse" failed: cannot parse row 7: expected a number \[BAD_ROW\]\.\n$/,
  );
  assert.ok(!/^\s+at /m.test(stderr), stderr);
  assert.match(stdout, /✗ failed Failing example after .*: node "parse" failed, 1 of 3 nodes/);
  const events = await readLog(dir);
  assert.equal(events.at(-1)!.type, "execution:failed");
});

Deno.test("atomiton run --json prints only JSON Lines on stdout", async () => {
  await using dir = await tempDir();
  const { code, stdout, stderr } = await runCli(["run", FAILING, "--json"], {
    env: { ATOMITON_HOME: dir },
  });
  assert.equal(code, 1);
  const events = stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
  assert.equal(events[0].type, "execution:started");
  assert.equal(events.at(-1).type, "execution:failed");
  assert.equal(stderr.trimEnd().split("\n").length, 1, stderr);
});

Deno.test("atomiton run exits 3 on an invalid blueprint, listing every problem", async () => {
  await using dir = await tempDir();
  await Deno.writeTextFile(
    `${dir}/bp.json`,
    JSON.stringify({
      nodes: [
        { id: "a", data: { module: TASKS } },
        { id: "b", data: { module: TASKS, export: 1 } },
        { id: "a", data: { module: "./nowhere.js" } },
      ],
      edges: [{ source: "a", target: "b" }, { source: "b", target: "a" }, {
        source: "a",
        target: "z",
      }],
    }),
  );
  const { code, stderr } = await runCli(["run", "bp.json"], {
    cwd: dir,
    env: { ATOMITON_HOME: `${dir}/home` },
  });
  assert.equal(code, 3);
  assert.match(stderr, /^error \[INVALID_BLUEPRINT\]: Invalid blueprint .*bp\.json, 4 problems:\n/);
  assert.match(stderr, /node "b": "data\.export" must be the name of a function export/);
  assert.match(stderr, /node "a": the id is used by nodes\[0\] and nodes\[2\]/);
  assert.match(stderr, /edge "a->z": target "z" is not a node/);
  assert.match(stderr, /cycle: "a" → "b" → "a"/);
  await assert.rejects(Deno.stat(`${dir}/home/runs`), Deno.errors.NotFound, "nothing ran");
});

Deno.test("atomiton run exits 130 on SIGINT and logs the cancellation", async () => {
  await using dir = await tempDir();
  await Deno.writeTextFile(
    `${dir}/bp.json`,
    JSON.stringify({
      nodes: [
        {
          id: "slow",
          data: {
            module: TASKS,
            export: "slow",
            input: { startedFile: `${dir}/started`, abortedFile: `${dir}/aborted` },
          },
        },
        { id: "after", data: { module: TASKS, export: "sum" } },
      ],
      edges: [{ source: "slow", target: "after" }],
    }),
  );
  // A grace no loaded machine can miss: the task's abort handler always runs before the exit.
  const cli = spawnCli(["run", `${dir}/bp.json`, "--grace", "120000"], {
    env: { ATOMITON_HOME: `${dir}/home` },
  });
  await cli.waitFor(/started +slow/, 120_000);
  // Polls for the task's marker; the bound only turns a hang into a failure.
  for (let i = 0; i < 12_000; i++) {
    if (await Deno.stat(`${dir}/started`).then(() => true, () => false)) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  cli.kill("SIGINT");
  const { code, stdout, stderr } = await cli.result();
  assert.equal(code, 130, stderr);
  assert.match(stderr, /\ncancelled\n$/);
  assert.match(stdout, /^cancelled bp after .*: 0 of 2 nodes completed\n/);
  assert.equal(await Deno.readTextFile(`${dir}/aborted`), "aborted slow");
  const events = await readLog(`${dir}/home`);
  assert.equal(events.at(-1)!.type, "execution:cancelled");
  assert.deepEqual(
    events.filter((e) => (e.data as { status?: string }).status === "skipped")
      .map((e) => (e.data as { nodeId: string }).nodeId),
    ["slow", "after"],
  );
});
