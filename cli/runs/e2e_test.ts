// `atomiton run --resume`, `--from`, `runs ls` and `runs show`, as a user runs them: each a process.
import assert from "node:assert/strict";
import { runCli, spawnCli, withTempDir } from "../testdata/cli.ts";

const TASKS = new URL("../testdata/run/tasks.js", import.meta.url).href;

/** a → b → c, each counting its runs in `count`; b fails while `broken` exists. */
function chain(dir: string): unknown {
  const counted = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    data: { module: TASKS, export: "counted", input: { countFile: `${dir}/count`, ...extra } },
  });
  return {
    name: "Chain",
    nodes: [
      counted("a", { value: 1 }),
      counted("b", { brokenFile: `${dir}/broken` }),
      counted("c"),
    ],
    edges: [{ source: "a", target: "b" }, { source: "b", target: "c" }],
  };
}

/** How often each node ran, from the count file. */
async function runsPerNode(dir: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const id of (await Deno.readTextFile(`${dir}/count`)).trim().split("\n")) {
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}

Deno.test("atomiton run --resume finishes a failed run once its cause is fixed, without rerunning upstream; --from reruns downstream", async () => {
  await withTempDir("atomiton-runs-e2e-", async (dir) => {
    const env = { ATOMITON_HOME: `${dir}/home` };
    await Deno.writeTextFile(`${dir}/bp.json`, JSON.stringify(chain(dir)));
    await Deno.writeTextFile(`${dir}/broken`, "");
    const failed = await runCli(["run", `${dir}/bp.json`, "--json"], { env });
    assert.equal(failed.code, 1, failed.stderr);
    // The first line names the run.
    const runId = JSON.parse(failed.stdout.split("\n")[0]!).runId;
    assert.match(runId, /^\d{8}-\d{6}-[0-9a-f]{6}$/);
    assert.deepEqual(await runsPerNode(dir), { a: 1, b: 1 });

    await Deno.remove(`${dir}/broken`);
    const resumed = await runCli(["run", "--resume", runId], { env });
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /^✓ completed Chain in .*: 3 nodes\n/);
    assert.deepEqual(await runsPerNode(dir), { a: 1, b: 2, c: 1 }, "a completed before: not rerun");

    const from = await runCli(["run", "--resume", runId, "--from", "b"], { env });
    assert.equal(from.code, 0, from.stderr);
    assert.deepEqual(await runsPerNode(dir), { a: 1, b: 3, c: 2 }, "b and what it feeds rerun");

    const missing = await runCli(["run", "--resume", runId, "--from", "z"], { env });
    assert.equal(missing.code, 3, missing.stderr);
    assert.match(missing.stderr, /error \[NOT_FOUND\]: .*"z"/);
    const unknown = await runCli(["run", "--resume", "no-such-run"], { env });
    assert.equal(unknown.code, 3, unknown.stderr);
    assert.match(unknown.stderr, /error \[NOT_FOUND\]: No run "no-such-run" in file:\/\/.*runs ls/);
  });
});

Deno.test("atomiton runs ls and runs show read the runs back, in text and --json", async () => {
  await withTempDir("atomiton-runs-e2e-", async (dir) => {
    const env = { ATOMITON_HOME: `${dir}/home` };
    await Deno.writeTextFile(`${dir}/bp.json`, JSON.stringify(chain(dir)));
    await Deno.writeTextFile(`${dir}/broken`, "");
    const first = await runCli(["run", `${dir}/bp.json`, "--json"], { env });
    assert.equal(first.code, 1, first.stderr);
    await Deno.remove(`${dir}/broken`);
    const second = await runCli(["run", `${dir}/bp.json`, "--json"], { env });
    assert.equal(second.code, 0, second.stderr);
    const [failedId = "", completedId = ""] = [first, second].map((r) =>
      JSON.parse(r.stdout.split("\n")[0]!).runId as string
    );

    const ls = await runCli(["runs", "ls", "--json"], { env });
    assert.equal(ls.code, 0, ls.stderr);
    const rows = ls.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
    // Newest first.
    assert.deepEqual(rows.map((row) => [row.runId, row.status]), [
      [completedId, "completed"],
      [failedId, "failed"],
    ]);
    assert.deepEqual(rows[0].blueprint, { id: "bp", name: "Chain" });
    assert.equal(typeof rows[0].durationMs, "number");
    const text = await runCli(["runs", "ls"], { env });
    assert.match(
      text.stdout,
      new RegExp(`^${completedId} +completed +\\S+ +[\\d.]+ m?s +Chain\\n`),
    );
    assert.match(text.stdout, new RegExp(`\\n${failedId} +failed +`));

    const show = await runCli(["runs", "show", failedId, "--json"], { env });
    assert.equal(show.code, 0, show.stderr);
    const run = JSON.parse(show.stdout);
    assert.equal(run.status, "failed");
    assert.deepEqual(run.error, { nodeId: "b", message: "broken on purpose", code: "BROKEN" });
    assert.deepEqual(
      run.nodes.map((n: { nodeId: string; status: string; attempts: number }) => [
        n.nodeId,
        n.status,
        n.attempts,
      ]),
      [["a", "completed", 1], ["b", "failed", 1], ["c", "skipped", 0]],
    );
    assert.equal(run.nodes[0].output, 1);
    const shown = await runCli(["runs", "show", failedId], { env });
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`^${failedId} +failed +Chain\\n`));
    assert.match(shown.stdout, /\n {2}a +completed +1 +\S+ +[\d.]+ m?s\n/);
    assert.match(shown.stdout, /\n {2}b +failed +1 .*broken on purpose \[BROKEN\]\n/);
    assert.match(shown.stdout, /\n {2}c +skipped +0 /);

    const none = await runCli(["runs", "show", "no-such-run"], { env });
    assert.equal(none.code, 3);
    assert.match(none.stderr, /error \[NOT_FOUND\]: No run "no-such-run"/);
  });
});

Deno.test("atomiton runs ls shows a run whose process died as crashed", async () => {
  await withTempDir("atomiton-runs-e2e-", async (dir) => {
    const env = { ATOMITON_HOME: `${dir}/home` };
    await Deno.writeTextFile(
      `${dir}/bp.json`,
      JSON.stringify({
        nodes: [{
          id: "gate",
          data: { module: TASKS, export: "slow", input: { startedFile: `${dir}/started` } },
        }],
      }),
    );
    const cli = spawnCli(["run", `${dir}/bp.json`], { env });
    // Killed once its node runs (the record says running), a bound only against a hang.
    for (let i = 0; i < 12_000; i++) {
      if (await Deno.stat(`${dir}/started`).then(() => true, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    cli.child.kill("SIGKILL");
    await cli.child.status;
    const ls = await runCli(["runs", "ls", "--json"], { env });
    assert.equal(ls.code, 0, ls.stderr);
    assert.equal(JSON.parse(ls.stdout.split("\n")[0]!).status, "crashed");
  });
});
