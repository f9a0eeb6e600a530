/**
 * `atomiton run` as a real process on Deno and on Node.js, for what only a real
 * process shows: a reader that closes the pipe, SIGKILL mid-run, Node's
 * `__proto__` setter, Node's CPU count.
 *
 * @module
 */
import assert from "node:assert/strict";
import { hostname } from "node:os";
import type { SystemEvent } from "@atomiton/events";
import { readEventLog } from "@atomiton/events/recorder";
import { FileSystemClient } from "@atomiton/storage/fs";
import { PROTOTYPE_KEYS } from "../../scripts/testing/hostile.ts";
import { isProcessAlive, runStatus } from "../runs/_status.ts";
import { readRun, type RunSummary } from "../testdata/run/records.ts";
import { readAll, readUntil, RUNTIMES, startCli } from "../testdata/run/runtimes.ts";

const TASKS = new URL("../testdata/run/tasks.js", import.meta.url).href;

const node = (id: string, task: string, input?: unknown) => ({
  id,
  data: { module: TASKS, export: task, ...(input !== undefined ? { input } : {}) },
});

interface Workspace extends AsyncDisposable {
  readonly dir: string;
  readonly home: string;
  /** The only run's summary and its outputs, from the default store. */
  results(): Promise<{ summary: RunSummary; outputs: Map<string, unknown> }>;
  /** The only run's event log. */
  log(): Promise<SystemEvent[]>;
}

async function workspace(blueprint: unknown): Promise<Workspace> {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-run-process-" });
  await Deno.writeTextFile(`${dir}/bp.json`, JSON.stringify(blueprint));
  const home = `${dir}/home`;
  return {
    dir,
    home,
    async results(): Promise<{ summary: RunSummary; outputs: Map<string, unknown> }> {
      await using store = new FileSystemClient({ directory: `${home}/storage` });
      return await readRun(store);
    },
    async log(): Promise<SystemEvent[]> {
      const [entry] = [...Deno.readDirSync(`${home}/runs`)];
      await using file = await Deno.open(`${home}/runs/${entry!.name}`);
      const events = [];
      for await (const event of readEventLog(file.readable)) events.push(event);
      return events;
    },
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

for (const runtime of RUNTIMES) {
  Deno.test(`atomiton run --json | head on ${runtime}: no crash, the run recorded as cancelled`, async () => {
    await using ws = await workspace({ nodes: [] });
    const go = `${ws.dir}/go`;
    await Deno.writeTextFile(
      `${ws.dir}/bp.json`,
      JSON.stringify({
        nodes: [node("gate", "gate", { file: go, value: 1 }), node("after", "slow")],
        edges: [{ source: "gate", target: "after" }],
      }),
    );
    const cli = await startCli(runtime, ["run", "bp.json", "--json"], {
      cwd: ws.dir,
      env: { ATOMITON_HOME: ws.home },
    });
    const stderr = readAll(cli.stderr);
    // As `head -2`: the reader goes away once the gate runs, and the run writes again only
    // when the gate opens (after the reader is gone), so the closed pipe meets a running run.
    const { text, reader } = await readUntil(cli.stdout, /"nodeId":"gate","status":"running"/);
    assert.equal(JSON.parse(text.split("\n")[0]!).type, "execution:started");
    await reader.cancel();
    await Deno.writeTextFile(go, "");
    const { code } = await cli.status;
    const err = await stderr;
    assert.equal(code, 130, err);
    assert.doesNotMatch(err, /Unhandled|EPIPE|Broken pipe|^\s+at /m);
    assert.match(err, /Cancelled: cancelled \(standard output was closed\) after 1 of 2 nodes/);
    const { summary, outputs } = await ws.results();
    assert.equal(summary.status, "cancelled");
    assert.equal(summary.nodes.gate!.status, "completed");
    assert.equal(outputs.get("gate"), 1);
    const events = await ws.log();
    assert.equal(events.at(-1)!.type, "execution:cancelled");
  });

  Deno.test(`atomiton run --memory-limit on ${runtime}: a node out of memory fails, the run ends recorded`, async () => {
    await using ws = await workspace({
      nodes: [node("a", "constant", { value: 41 }), node("hog", "exhaustMemory")],
      edges: [{ source: "a", target: "hog" }],
    });
    const cli = await startCli(runtime, ["run", "bp.json", "--memory-limit", "64"], {
      cwd: ws.dir,
      env: { ATOMITON_HOME: ws.home },
    });
    const [stderr] = await Promise.all([readAll(cli.stderr), readAll(cli.stdout)]);
    const { code } = await cli.status;
    assert.equal(code, 1, stderr);
    assert.match(stderr, /Node "hog" failed: .*\[WORKER_CRASHED\]/);
    const { summary, outputs } = await ws.results();
    assert.equal(summary.status, "failed");
    assert.equal(summary.nodes.a!.status, "completed");
    assert.equal(summary.nodes.hog!.status, "failed");
    assert.equal(outputs.get("a"), 41);
    assert.equal((await ws.log()).at(-1)!.type, "execution:failed");
  });

  Deno.test(`atomiton run on ${runtime} loses nothing completed when SIGKILLed`, async () => {
    await using ws = await workspace({
      nodes: [node("a", "constant", { value: 41 }), node("b", "slow")],
      edges: [{ source: "a", target: "b" }],
    });
    const cli = await startCli(runtime, ["run", "bp.json", "--json"], {
      cwd: ws.dir,
      env: { ATOMITON_HOME: ws.home },
    });
    const stderr = readAll(cli.stderr);
    // The log line comes before stdout's: once "a" is seen completed, the log holds it too.
    const { reader } = await readUntil(cli.stdout, /"nodeId":"a","status":"completed"/);
    cli.kill("SIGKILL");
    assert.equal((await cli.status).signal, "SIGKILL", await stderr);
    await reader.cancel();
    const { summary, outputs } = await ws.results();
    assert.equal(outputs.get("a"), 41, "the completed node's output is saved");
    const completed = (await ws.log()).filter((event) =>
      event.type === "execution:node-progress" &&
      (event.data as { status: string }).status === "completed"
    ).map((event) => (event.data as { nodeId: string }).nodeId);
    assert.deepEqual(completed, ["a"]);
    assert.equal(summary.status, "running");
    assert.equal(summary.metadata?.pid, cli.pid);
    assert.equal(runStatus(summary, { host: hostname(), isAlive: isProcessAlive }), "crashed");
  });

  Deno.test(`atomiton run on ${runtime} keeps prototype keys as node ids and handles`, async () => {
    const keys = PROTOTYPE_KEYS;
    const fields = JSON.stringify(Object.fromEntries(keys.map((key) => [key, `field ${key}`])));
    await using ws = await workspace({
      nodes: [
        ...keys.map((key) => node(key, "constant", { value: `node ${key}` })),
        ...keys.map((_, i) => node(`h${i}`, "constant", { value: i })),
        node("fields", "parse", { json: fields }),
        node("byId", "default"),
        node("byHandle", "default"),
        node("bySource", "default"),
      ],
      edges: [
        ...keys.map((key) => ({ source: key, target: "byId" })),
        ...keys.map((key, i) => ({ source: `h${i}`, target: "byHandle", targetHandle: key })),
        ...keys.map((key) => ({
          id: `s-${key}`,
          source: "fields",
          sourceHandle: key,
          target: "bySource",
          targetHandle: key,
        })),
      ],
    });
    const cli = await startCli(runtime, ["run", "bp.json"], {
      cwd: ws.dir,
      env: { ATOMITON_HOME: ws.home },
    });
    const [{ code }, err] = await Promise.all([
      cli.status,
      readAll(cli.stderr),
      readAll(cli.stdout),
    ])
      .then(([status, err]) => [status, err] as const);
    assert.equal(code, 0, err);
    const { summary, outputs } = await ws.results();
    const inputOf = (id: string) => (outputs.get(id) as { input: Record<string, unknown> }).input;
    const own = (value: Record<string, unknown>) => Object.entries(value).sort();
    const expected = (value: (key: string, i: number) => unknown) =>
      keys.map((key, i) => [key, value(key, i)]).sort();
    assert.deepEqual(own(inputOf("byId")), expected((key) => `node ${key}`));
    assert.deepEqual(own(inputOf("byHandle")), expected((_, i) => i));
    assert.deepEqual(own(inputOf("bySource")), expected((key) => `field ${key}`));
    for (const key of keys) {
      assert.equal(outputs.get(key), `node ${key}`);
      assert.ok(Object.hasOwn(summary.nodes, key), key);
      assert.equal(summary.nodes[key]!.status, "completed");
    }
  });
}

Deno.test("atomiton run on Node sizes its pool from the CPUs Node has", async () => {
  const probe = new Deno.Command("node", {
    args: ["-p", "require('node:os').availableParallelism()"],
    stdout: "piped",
  });
  const cpus = Number(new TextDecoder().decode((await probe.output()).stdout));
  const many = 64;
  await using ws = await workspace({
    nodes: Array.from({ length: many }, (_, i) => node(`n${i}`, "constant", { value: i })),
  });
  const cli = await startCli("node", ["run", "bp.json"], {
    cwd: ws.dir,
    env: { ATOMITON_HOME: ws.home },
  });
  const [status, err] = await Promise.all([cli.status, readAll(cli.stderr), readAll(cli.stdout)]);
  assert.equal(status.code, 0, err);
  const workers = Math.min(cpus, many);
  assert.match(err, new RegExp(`: ${many} nodes on ${workers} local workers?\\n`));
});

Deno.test("atomiton run on Node refuses an https: task module before running anything", async () => {
  await using ws = await workspace({
    nodes: [{ id: "far", data: { module: "https://example.com/task.js" } }],
  });
  for (const flags of [[], ["--allow-remote-modules"]]) {
    const cli = await startCli("node", ["run", "bp.json", ...flags], {
      cwd: ws.dir,
      env: { ATOMITON_HOME: ws.home },
    });
    const [status, err] = await Promise.all([cli.status, readAll(cli.stderr), readAll(cli.stdout)]);
    assert.equal(status.code, 3, err);
    assert.match(
      err,
      /node "far": module "https:\/\/example\.com\/task\.js" is on the network, and Node\.js cannot import http: or https: modules/,
    );
  }
  await assert.rejects(Deno.stat(`${ws.home}/runs`), Deno.errors.NotFound, "nothing ran");
});
