import assert from "node:assert/strict";
import { newRunId } from "@atomiton/conductor";
import { EventClient, type SystemEvent } from "@atomiton/events";
import { readEventLog, replay } from "@atomiton/events/recorder";
import { FileSystemClient } from "@atomiton/storage/fs";
import { createExecutionStore } from "@atomiton/store";
import { bindEvents, type StoreEvents } from "@atomiton/store/events";
import { ignoreUnless } from "../../scripts/testing/needs.ts";
import { startRedis } from "../../scripts/testing/redis.ts";
import { readRun, type RunSummary } from "../testdata/run/records.ts";
import { main } from "../main.ts";
import { captureIo } from "../testdata/cli.ts";

const TASKS = new URL("../testdata/run/tasks.js", import.meta.url).href;

const node = (id: string, task: string, input?: unknown) => ({
  id,
  data: { module: TASKS, export: task, ...(input !== undefined ? { input } : {}) },
});

/** The log's lines as written (the first one carries `runId`, which readEventLog leaves out). */
async function rawLog(ws: Workspace): Promise<unknown[]> {
  const [entry] = [...Deno.readDirSync(`${ws.home}/runs`)];
  const text = await Deno.readTextFile(`${ws.home}/runs/${entry!.name}`);
  return text.trimEnd().split("\n").map((line) => JSON.parse(line));
}

const exists = (path: string): Promise<boolean> => Deno.stat(path).then(() => true, () => false);

interface Workspace extends AsyncDisposable {
  readonly dir: string;
  readonly path: string;
  readonly home: string;
  atomiton(args: string[], options?: { isTTY?: boolean; signal?: AbortSignal }): Promise<Run>;
  results(): Promise<{ summary: RunSummary; outputs: Record<string, unknown> }>;
  log(path?: string): Promise<SystemEvent[]>;
}

interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** A temporary folder with the blueprint as bp.json and an atomiton home. */
async function workspace(blueprint: unknown): Promise<Workspace> {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-run-test-" });
  const path = `${dir}/bp.json`;
  await Deno.writeTextFile(
    path,
    typeof blueprint === "string" ? blueprint : JSON.stringify(blueprint),
  );
  const home = `${dir}/home`;
  return {
    dir,
    path,
    home,
    async atomiton(
      args: string[],
      options: { isTTY?: boolean; signal?: AbortSignal } = {},
    ): Promise<Run> {
      const io = captureIo({ ATOMITON_HOME: home }, { isTTY: options.isTTY ?? false, cwd: dir });
      const code = await main(args, { io, signal: options.signal ?? new AbortController().signal });
      return { code, out: io.out(), err: io.err() };
    },
    /** The run's summary and outputs from the default store. */
    async results(): Promise<{ summary: RunSummary; outputs: Record<string, unknown> }> {
      await using store = new FileSystemClient({ directory: `${home}/storage` });
      const { summary, outputs } = await readRun(store);
      return { summary, outputs: Object.fromEntries(outputs) };
    },
    async log(path?: string): Promise<SystemEvent[]> {
      const file = path ?? `${home}/runs/${[...Deno.readDirSync(`${home}/runs`)][0]!.name}`;
      await using handle = await Deno.open(file);
      const events = [];
      for await (const event of readEventLog(handle.readable)) events.push(event);
      return events;
    },
    [Symbol.asyncDispose]: () => Deno.remove(dir, { recursive: true }),
  };
}

Deno.test("atomiton run carries outputs along edges and saves them with a summary", async () => {
  await using ws = await workspace({
    name: "Add up",
    nodes: [
      node("total", "sum", { extra: 100 }),
      node("two", "constant", { value: 2 }),
      node("three", "constant", { value: 3 }),
      node("pair", "pair"),
      node("echo", "default", { hello: "world" }),
    ],
    edges: [
      { source: "two", target: "total" },
      { source: "three", target: "total", targetHandle: "third" },
      { source: "pair", sourceHandle: "b", target: "total" },
    ],
  });
  const { code, out, err } = await ws.atomiton(["run", "bp.json"]);
  assert.equal(code, 0, err);
  const { summary, outputs } = await ws.results();
  assert.deepEqual(outputs, {
    total: 100 + 2 + 3 + 2,
    two: 2,
    three: 3,
    pair: { a: 1, b: 2 },
    echo: {
      input: { hello: "world" },
      nodeId: "echo",
      baseUrl: new URL(`file://${ws.path}`).href,
    },
  });
  assert.equal(summary.status, "completed");
  assert.equal(summary.blueprint.name, "Add up");
  assert.equal(summary.blueprint.id, "bp");
  assert.equal(summary.blueprint.file, ws.path);
  assert.deepEqual(Object.keys(summary.nodes), ["total", "two", "three", "pair", "echo"]);
  for (const [id, entry] of Object.entries(summary.nodes)) {
    assert.equal(entry.status, "completed");
    assert.equal(entry.output, `run-nodes/${summary.runId}/${id}`);
    assert.equal(typeof entry.durationMs, "number");
  }
  const log = summary.metadata?.log;
  assert.equal(log, `${ws.home}/runs/${summary.runId}.events.jsonl`);
  // Plain output without a terminal: a line per start and finish, then the summary.
  assert.ok(!(out + err).includes("\x1b"), "no ANSI without a terminal");
  assert.match(
    err,
    /atomiton run Add up \(\d{8}-\d{6}-[0-9a-f]{6}\): 5 nodes on \d+ local workers?\n/,
  );
  assert.match(err, /started {3}two\n/);
  assert.match(err, /completed total +[\d.]+ m?s\n/);
  // One figure per node: the live line and the summary print the same duration.
  for (const id of Object.keys(summary.nodes)) {
    const took = err.match(new RegExp(`completed ${id}  ([\\d.]+ m?s)\n`))?.[1];
    assert.ok(took, `${id}: ${err}`);
    assert.match(out, new RegExp(`\n  ${id} +${took.replace(".", "\\.")}\n`));
  }
  assert.match(out, /^✓ completed Add up in .*: 5 nodes\n {2}total +[\d.]+ m?s\n/);
  assert.ok(out.includes(`log      ${log}\n`));
  // The follow-ups name the command as this process was started (here a test under npx's Deno).
  const command = `npx -y deno@${Deno.version.deno} run -A ${new URL(import.meta.url).pathname}`;
  assert.ok(out.includes(`replay   ${command} events replay ${log}\n`), out);
  assert.ok(out.includes(`run      ${command} runs show ${summary.runId}  (in file://`), out);
  assert.ok(out.includes(`output   ${command} storage get run-nodes/${summary.runId}/echo\n`));
  // The sum starts only after the three nodes feeding it completed.
  const events = await ws.log();
  const order = events
    .filter((e) => e.type === "execution:node-progress")
    .map((e) =>
      `${(e.data as { nodeId: string }).nodeId}:${(e.data as { status: string }).status}`
    );
  const totalStarts = order.indexOf("total:running");
  for (const feeder of ["two", "three", "pair"]) {
    assert.ok(order.indexOf(`${feeder}:completed`) < totalStarts, order.join());
  }
});

Deno.test("atomiton run runs nodes whose inputs are ready at the same time", async () => {
  await using ws = await workspace({ nodes: [] });
  await Deno.writeTextFile(
    ws.path,
    JSON.stringify({
      nodes: [
        node("left", "rendezvous", { dir: ws.dir, others: ["right"] }),
        node("right", "rendezvous", { dir: ws.dir, others: ["left"] }),
        node("both", "default"),
      ],
      edges: [
        { source: "left", target: "both", targetHandle: "l" },
        { source: "right", target: "both", targetHandle: "r" },
      ],
    }),
  );
  // Each rendezvous waits for the other's marker: run one after the other, they would fail.
  const { code, err } = await ws.atomiton(["run", "bp.json", "--concurrency", "2"]);
  assert.equal(code, 0, err);
  const { outputs } = await ws.results();
  assert.deepEqual((outputs.both as { input: unknown }).input, { l: "left", r: "right" });
});

Deno.test("atomiton run --concurrency 1 runs one node at a time", async () => {
  await using ws = await workspace({ nodes: [] });
  const dir = `${ws.dir}/running`;
  await Deno.writeTextFile(
    ws.path,
    JSON.stringify({ nodes: ["a", "b", "c"].map((id) => node(id, "track", { dir })) }),
  );
  const { code, err } = await ws.atomiton(["run", "bp.json", "--concurrency", "1"]);
  assert.equal(code, 0, err);
  assert.match(err, / on 1 local worker\n/);
  const { outputs } = await ws.results();
  assert.deepEqual(outputs, { a: 1, b: 1, c: 1 });
});

Deno.test("atomiton run exits 1 naming the failing node, and cancels the others", async () => {
  await using ws = await workspace({ nodes: [] });
  const aborted = `${ws.dir}/aborted`;
  await Deno.writeTextFile(
    ws.path,
    JSON.stringify({
      nodes: [
        node("slow", "slow", { abortedFile: aborted }),
        node("boom", "fail"),
        node("after", "sum"),
      ],
      edges: [{ source: "boom", target: "after" }],
    }),
  );
  // A grace no loaded machine can miss: the cancelled task's abort handler always runs.
  const { code, out, err } = await ws.atomiton([
    "run",
    "bp.json",
    "--verbose",
    "--concurrency",
    "3",
    "--grace",
    "120000",
  ]);
  assert.equal(code, 1);
  assert.match(
    err,
    /error \[NODE_FAILED\]: Node "boom" failed: the task failed on purpose \[BROKEN\]\.\n/,
  );
  // --verbose: the task's own stack, from its module.
  assert.match(err, /at fail \(.*testdata\/run\/tasks\.js/);
  // The node runner by its name, not its 1.5 KB data: URL.
  assert.match(err, /at runNode \(atomiton:node-runner\.js:\d+:\d+\)/);
  assert.ok(!err.includes("data:text/javascript"), err);
  assert.match(out, /^✗ failed bp after .*: node "boom" failed, 0 of 3 nodes completed\n/);
  assert.match(out, / {2}slow +[\d.]+ m?s {2}skipped\n/);
  assert.match(out, / {2}after +skipped\n/);
  // The running node's signal was aborted: it wrote its file before its worker ended.
  assert.equal(await Deno.readTextFile(aborted), "aborted slow");
  const { summary } = await ws.results();
  assert.equal(summary.status, "failed");
  assert.deepEqual(summary.error, {
    nodeId: "boom",
    message: "the task failed on purpose",
    code: "BROKEN",
  });
  assert.deepEqual(
    Object.fromEntries(Object.entries(summary.nodes).map(([id, n]) => [id, [n.status, n.error]])),
    {
      slow: ["skipped", 'Cancelled: node "boom" failed.'],
      boom: ["failed", "the task failed on purpose [BROKEN]"],
      after: ["skipped", 'not run: node "boom" failed'],
    },
  );
  const events = await ws.log();
  assert.deepEqual(events.at(-1)!.data, {
    jobId: summary.runId,
    error: 'node "boom" failed: the task failed on purpose [BROKEN]',
  });
  assert.equal(events.at(-1)!.type, "execution:failed");
});

Deno.test("atomiton run cancels running nodes on the signal and exits 130", async () => {
  await using ws = await workspace({ nodes: [] });
  const aborted = `${ws.dir}/aborted`;
  const started = `${ws.dir}/started`;
  await Deno.writeTextFile(
    ws.path,
    JSON.stringify({
      nodes: [
        node("slow", "slow", { abortedFile: aborted, startedFile: started }),
        node("next", "sum"),
      ],
      edges: [{ source: "slow", target: "next" }],
    }),
  );
  const controller = new AbortController();
  // A grace no loaded machine can miss: the task's abort handler always runs before the exit.
  const running = ws.atomiton(["run", "bp.json", "--grace", "120000"], {
    signal: controller.signal,
  });
  // Cancel once the task runs in its worker (slow to start when the whole suite runs at once).
  for (let i = 0; i < 6000 && !(await exists(started)); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.ok(await exists(started), "the slow task started");
  controller.abort(new Error("Ctrl-C"));
  const { code, out, err } = await running;
  assert.equal(code, 130);
  assert.match(err, /\ncancelled\n$/);
  assert.match(out, /^cancelled bp after .*: 0 of 2 nodes completed\n/);
  // The task wrote its marker when its signal aborted, before its worker was let go.
  assert.equal(await Deno.readTextFile(aborted), "aborted slow");
  const { summary } = await ws.results();
  assert.equal(summary.status, "cancelled");
  // The record keeps why it was cancelled: the signal's reason.
  assert.deepEqual(summary.error, { message: "Ctrl-C" });
  // The log replays into an execution store that shows the cancelled run.
  const events = await ws.log();
  assert.equal(events.at(-1)!.type, "execution:cancelled");
  const client = new EventClient<StoreEvents>();
  const store = createExecutionStore();
  bindEvents(store, client);
  assert.equal(await replay(events, client), events.length);
  const job = store.getState().jobs.get(summary.runId)!;
  assert.equal(job.status, "cancelled");
  assert.deepEqual(Object.fromEntries([...job.nodeStates].map(([id, s]) => [id, s.status])), {
    slow: "skipped",
    next: "skipped",
  });
});

Deno.test("atomiton run writes an event log that readEventLog and replay accept", async () => {
  await using ws = await workspace({
    nodes: [node("count", "progress", { steps: 3, ms: 120 }), node("after", "default")],
    edges: [{ source: "count", target: "after" }],
  });
  const { code, err } = await ws.atomiton(
    ["run", "bp.json", "--log", "logs/run.jsonl", "--store", "results"],
  );
  assert.equal(code, 0, err);
  const events = await ws.log(`${ws.dir}/logs/run.jsonl`);
  assert.deepEqual(
    [...new Set(events.map((e) => e.type))],
    ["execution:started", "execution:node-progress", "execution:progress", "execution:completed"],
  );
  assert.ok(events.every((e) => e.source === "atomiton-run"));
  const progress = events.filter((e) =>
    e.type === "execution:node-progress" && (e.data as { nodeId: string }).nodeId === "count"
  ).map((e) => e.data as { status: string; progress?: number; message?: string });
  // The task's ctx.progress() calls arrive as node-progress events, throttled: whenever they
  // arrive, each message is one the task sent, and its last report is never dropped.
  const running = progress.filter((p) => p.status === "running");
  assert.ok(
    running.every((p) => p.message === undefined || /^(step \d of 3|done)$/.test(p.message)),
    JSON.stringify(progress),
  );
  assert.deepEqual([running.at(-1)!.progress, running.at(-1)!.message], [1, "done"]);
  assert.equal(progress.at(-1)!.status, "completed");
  const client = new EventClient<StoreEvents>();
  const store = createExecutionStore();
  bindEvents(store, client);
  await replay(events, client);
  const [job] = store.getState().jobs.values();
  assert.equal(job!.status, "completed");
  assert.equal(job!.progress.percentage, 100);
  assert.equal(job!.nodeStates.get("after")!.status, "completed");
  // --store put the results in the folder given.
  await using results = new FileSystemClient({ directory: `${ws.dir}/results` });
  assert.equal((await readRun(results, job!.id)).outputs.get("count"), 3);
});

Deno.test("atomiton run --json prints only the events, as JSON Lines, on stdout", async () => {
  await using ws = await workspace({ nodes: [node("one", "constant", { value: 1 })] });
  const { code, out, err } = await ws.atomiton(["run", "bp.json", "--json"]);
  assert.equal(code, 0, err);
  assert.equal(err, "");
  const lines = out.trimEnd().split("\n").map((line) => JSON.parse(line));
  assert.deepEqual(lines.map((e) => e.type), [
    "execution:started",
    "execution:node-progress",
    "execution:node-progress",
    "execution:progress",
    "execution:completed",
  ]);
  // The first line names the run: `--json | head -1` tells which run to show or resume.
  assert.equal(lines[0].runId, lines[0].data.jobId);
  assert.match(lines[0].runId, /^\d{8}-\d{6}-[0-9a-f]{6}$/);
  const { summary } = await ws.results();
  assert.equal(summary.runId, lines[0].runId);
  assert.deepEqual(lines, await rawLog(ws), "stdout and the log hold the same lines");
});

Deno.test("atomiton run draws live progress and colours on a terminal", async () => {
  await using ws = await workspace({ nodes: [node("one", "constant", { value: 1 })] });
  const { code, out, err } = await ws.atomiton(["run", "bp.json"], { isTTY: true });
  assert.equal(code, 0, err);
  assert.ok(err.includes("\x1b[?25l") && err.endsWith("\x1b[?25h"), JSON.stringify(err));
  assert.match(err, /0\/1 nodes · 0 running/);
  assert.ok(out.startsWith("\x1b[32m✓ completed\x1b[39m bp in "), JSON.stringify(out));
});

Deno.test("atomiton run fails a node past --timeout, or without its export", async () => {
  await using ws = await workspace({ nodes: [node("slow", "slow", { ms: 60_000 })] });
  const late = await ws.atomiton(["run", "bp.json", "--timeout", "200"]);
  assert.equal(late.code, 1);
  assert.match(
    late.err,
    /error \[NODE_FAILED\]: Node "slow" failed: The task timed out after 200 ms\. \[TASK_TIMEOUT\]\.\n/,
  );
  await Deno.writeTextFile(ws.path, JSON.stringify({ nodes: [node("x", "nope")] }));
  const missing = await ws.atomiton(["run", "bp.json"]);
  assert.equal(missing.code, 1);
  assert.match(
    missing.err,
    /Node "x" failed: Module file:.*tasks\.js has no function export "nope" for node "x"\. \[INVALID_BLUEPRINT\]/,
  );
});

Deno.test("atomiton run --check validates without running", async () => {
  await using ws = await workspace({
    nodes: [node("a", "constant", { value: 1 }), node("b", "default")],
    edges: [{ source: "a", target: "b" }],
  });
  const checked = await ws.atomiton(["run", "bp.json", "--check"]);
  assert.equal(checked.code, 0);
  assert.equal(checked.out, `valid: ${ws.path}: 2 nodes, 1 edge\n`);
  const json = await ws.atomiton(["run", "bp.json", "--check", "--json"]);
  const blueprint = JSON.parse(json.out);
  assert.equal(blueprint.nodes[1].position.x, 240);
  assert.equal(blueprint.edges[0].id, "a->b");
  await assert.rejects(Deno.stat(ws.home), Deno.errors.NotFound);
  await Deno.writeTextFile(ws.path, JSON.stringify({ nodes: [node("only", "default")] }));
  assert.equal(
    (await ws.atomiton(["run", "bp.json", "--check"])).out,
    `valid: ${ws.path}: 1 node, 0 edges\n`,
  );
});

Deno.test("atomiton run refuses bad arguments, missing files and invalid blueprints", async () => {
  await using ws = await workspace({
    nodes: [node("a", "default"), { id: "b", data: { module: "./missing.js" } }],
    edges: [{ source: "a", target: "c" }],
  });
  const cases: [string[], number, RegExp][] = [
    [["run"], 2, /atomiton run takes <blueprint-or-flow>, got none/],
    [
      ["run", "bp.json", "--redis", "http://x"],
      2,
      /Invalid --redis "http:\/\/x": expected redis:\/\/host:port/,
    ],
    [
      ["run", "bp.json", "--concurrency", "0"],
      2,
      /Invalid --concurrency "0": expected an integer from 1 to 1024/,
    ],
    [
      ["run", "nope.json"],
      3,
      /error \[NOT_FOUND\]: No file .*nope\.json: give the path of a blueprint \(JSON\) or a flow/,
    ],
    [["run", "."], 3, /error \[INVALID_INPUT\]: Cannot read the file/],
    [
      ["run", "bp.json"],
      3,
      /error \[INVALID_BLUEPRINT\]: Invalid blueprint .*bp\.json, 2 problems:\n {2}- edge "a->c": target "c" is not a node.*\n {2}- node "b": module "\.\/missing\.js" does not exist/,
    ],
  ];
  for (const [args, exit, message] of cases) {
    const { code, err } = await ws.atomiton(args);
    assert.equal(code, exit, `${args.join(" ")}: ${err}`);
    assert.match(err, message);
  }
  const help = await ws.atomiton(["run", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.out, /Usage: atomiton run <blueprint\.json \| flow\.flow\.yaml> \[options\]/);
  assert.match(help.out, /--concurrency <n>/);
});

Deno.test("atomiton run warns about an output storage cannot hold, and goes on", async () => {
  await using ws = await workspace({
    nodes: [node("map", "unstorable"), node("ok", "pair"), node("none", "nothing")],
  });
  const { code, err } = await ws.atomiton(["run", "bp.json"]);
  assert.equal(code, 0, err);
  assert.match(err, /warning: node "map": its output could not be stored: Cannot store a Map/);
  const { summary, outputs } = await ws.results();
  assert.equal(summary.nodes.map!.output, undefined);
  assert.equal(summary.nodes.ok!.output, `run-nodes/${summary.runId}/ok`);
  // A task that returns nothing completes with nothing to save.
  assert.equal(summary.nodes.none!.status, "completed");
  assert.equal(summary.nodes.none!.output, undefined);
  assert.deepEqual(Object.keys(outputs), ["ok"]);
});

Deno.test("atomiton run exits 4, running nothing, when the event log cannot be written", async () => {
  await using ws = await workspace({ nodes: [node("a", "default")] });
  const { code, err } = await ws.atomiton(["run", "bp.json", "--log", "bp.json/run.jsonl"]);
  assert.equal(code, 4, err);
  assert.match(
    err,
    /error \[UNAVAILABLE\]: Cannot write the event log .*bp\.json\/run\.jsonl: .*\. Give another with --log\.\n/,
  );
  await assert.rejects(Deno.stat(`${ws.home}/storage`), Deno.errors.NotFound, "nothing saved");
});

Deno.test("atomiton run fails at once, exit 4, when the store cannot be reached", async () => {
  await using ws = await workspace({ nodes: [node("a", "default")] });
  const { code, err } = await ws.atomiton(["run", "bp.json", "--store", "redis://127.0.0.1:1"]);
  assert.equal(code, 4, err);
  assert.match(err, /error \[UNAVAILABLE\]: Cannot record run \S+ in redis:\/\/127\.0\.0\.1:1: /);
  assert.deepEqual([...Deno.readDirSync(`${ws.home}/runs`)], [], "no empty log left behind");
});

Deno.test("newRunId() is sortable by time and safe as a file name", () => {
  assert.match(newRunId(new Date("2025-03-04T05:06:07.890Z")), /^20250304-050607-[0-9a-f]{6}$/);
  assert.notEqual(newRunId(), newRunId());
});

Deno.test({
  name: "atomiton run --redis runs nodes on atomiton worker and saves results in Redis",
  ...ignoreUnless("redis-server"),
  async fn(): Promise<void> {
    await using redis = await startRedis();
    await using ws = await workspace({
      nodes: [
        node("two", "constant", { value: 2 }),
        node("total", "sum", { one: 1 }),
        node("where", "pid"),
      ],
      edges: [{ source: "two", target: "total" }],
    });
    const stopWorker = new AbortController();
    const worker = ws.atomiton(["worker", "--redis", redis.url, "--concurrency", "2"], {
      signal: stopWorker.signal,
    });
    try {
      const { code, err } = await ws.atomiton(
        ["run", "bp.json", "--redis", redis.url, "--store", `${redis.url}?namespace=test:`],
      );
      assert.equal(code, 0, err);
      assert.match(err, /on redis:\/\/127\.0\.0\.1:\d+, queue "blueprints"\n/);
      const { RedisStorageClient } = await import("@atomiton/storage/redis");
      await using store = new RedisStorageClient({ url: redis.url, namespace: "test:" });
      const { summary, outputs } = await readRun(store);
      assert.equal(summary.status, "completed");
      assert.equal(outputs.get("total"), 3);
      assert.equal(outputs.get("where"), Deno.pid, "the worker ran in this process");
    } finally {
      stopWorker.abort();
    }
    const stopped = await worker;
    assert.equal(stopped.code, 130);
    assert.match(stopped.err, /stopped: 3 completed, 0 failed\n/);
  },
});
