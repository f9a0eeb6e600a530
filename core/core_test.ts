import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WorkerPool } from "@atomiton/execution";
import { PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";
import * as core from "./mod.ts";

// The notices are checked below through onDeprecation and a child process; here they would be noise.
Deno.env.set("ATOMITON_NO_DEPRECATION", "1");

const { createExecutionStore, createSessionStore, createUIStore, FileSystemClient, MemoryClient } =
  core;

Deno.test("mod.ts exports every old name MIGRATION.md's tables list", async () => {
  const text = await Deno.readTextFile(new URL("../MIGRATION.md", import.meta.url));
  const rows = [...text.matchAll(/^\| `(\w+)` +\| (value|type) +\|/gm)];
  assert.ok(rows.length > 100, `only ${rows.length} rows parsed`);
  const doc = await new Deno.Command(Deno.execPath(), {
    args: ["doc", "--json", new URL("./mod.ts", import.meta.url).pathname],
    stdout: "piped",
  }).output();
  const json = JSON.parse(new TextDecoder().decode(doc.stdout));
  const symbols = (Object.values(json.nodes)[0] as { symbols: { name: string }[] }).symbols;
  const exported = new Set(symbols.map((symbol) => symbol.name));
  for (const [, name, kind] of rows) {
    if (kind === "value") assert.ok(name! in core, `${name} is not exported`);
    assert.ok(exported.has(name!), `${name} is not exported`);
  }
});

Deno.test("onDeprecation() gets one notice per old export, naming the new import and the codemod", () => {
  const seen: core.DeprecationNotice[] = [];
  const stop = core.onDeprecation((notice) => seen.push(notice));
  core.createSessionStore();
  core.createSessionStore();
  stop();
  core.createSessionStore();
  const session = seen.filter((n) => n.name === "createSessionStore");
  assert.ok(session.length <= 1);
  for (const notice of seen) assert.match(notice.message, /migrate-imports/);
});

async function warnings(env: Record<string, string>): Promise<string> {
  const code =
    'import { detectPlatform } from "@atomiton/core"; detectPlatform(); detectPlatform();';
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--config", new URL("../deno.json", import.meta.url).pathname, code],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stderr);
}

Deno.test("the first use prints one notice; ATOMITON_NO_DEPRECATION=1 silences it", async () => {
  const printed = await warnings({ NO_COLOR: "1", ATOMITON_NO_DEPRECATION: "" });
  assert.equal(printed.match(/detectPlatform is deprecated/g)?.length, 1, printed);
  assert.match(printed, /@atomiton\/platform/);
  assert.equal(await warnings({ NO_COLOR: "1", ATOMITON_NO_DEPRECATION: "1" }), "");
});

Deno.test("MemoryClient reads and writes bytes, and the new get/set see the same entries", async () => {
  const client = new MemoryClient();
  await client.initialize();
  await client.write("a", new Uint8Array([1, 2]));
  assert.deepEqual([...(await client.read("a"))!], [1, 2]);
  assert.equal(await client.exists("a"), true);
  assert.equal(await client.getSize("a"), 2);
  assert.equal(await client.read("missing"), null);
  await client.set("json", { x: 1 });
  assert.equal(new TextDecoder().decode((await client.read("json"))!), '{"x":1}');
  await assert.rejects(client.write("bad", "text" as never), { code: "INVALID_VALUE" });
  assert.deepEqual((await client.list()).sort(), ["a", "json"]);
});

Deno.test("MemoryClient keeps __proto__ and other prototype names as plain keys", async () => {
  const client = new MemoryClient();
  for (const key of PROTOTYPE_KEYS) await client.write(key, new TextEncoder().encode(key));
  for (const key of PROTOTYPE_KEYS) {
    assert.equal(new TextDecoder().decode((await client.read(key))!), key);
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

Deno.test("FileSystemClient lists keys with `_` as written (the old one turned `_` into `/`)", async () => {
  const directory = await mkdtemp(join(tmpdir(), "core-fs-"));
  try {
    const client = new FileSystemClient(directory);
    await client.write("user_settings", new Uint8Array([1]));
    await client.write("a/b", new Uint8Array([2]));
    assert.deepEqual((await client.list()).sort(), ["a/b", "user_settings"]);
    assert.deepEqual([...(await client.read("user_settings"))!], [1]);
    await client.close();
  } finally {
    await rm(directory, { recursive: true });
  }
});

Deno.test("a persisted UI store keeps its panels' Map (the old one stored {})", async () => {
  const storage = new MemoryClient();
  const client = core.StoreClient.getInstance();
  await client.cleanup();
  await client.initialize(storage);
  const ui = createUIStore();
  ui.actions.updatePanelState("__proto__", { visible: false });
  ui.actions.setTheme("light");
  await client.cleanup();
  await client.initialize(storage);
  const again = createUIStore();
  await new Promise<void>((resolve) => {
    const stop = again.subscribe(() => (stop(), resolve()));
  });
  assert.ok(again.getState().panelStates instanceof Map);
  assert.deepEqual(again.getState().panelStates.get("__proto__"), { visible: false });
  assert.equal(again.getState().preferences.theme, "light");
  await client.cleanup();
});

Deno.test("showNotification() ids differ within one millisecond (the old ones collided)", () => {
  const ui = createUIStore();
  const ids = Array.from(
    { length: 50 },
    () => ui.actions.showNotification({ type: "info", title: "t" }),
  );
  assert.equal(new Set(ids).size, 50);
  assert.equal(ui.getState().notifications.length, 50);
});

Deno.test("the session viewport refuses NaN with a StoreError and stays as it was", () => {
  const session = createSessionStore();
  session.actions.setViewportTransform(10, 20, 2);
  assert.throws(() => session.actions.setViewportZoom(NaN), { code: "INVALID_VALUE" });
  assert.throws(() => session.actions.setViewportPosition(NaN, 1), { code: "INVALID_VALUE" });
  assert.deepEqual(session.getState().viewport, { x: 10, y: 20, zoom: 2 });
  session.actions.setViewportZoom(99);
  assert.equal(session.getState().zoomLevel, 5);
});

/** Adds a queued job to `jobs`; returns its id. */
function queueJob(jobs: core.ExecutionStore): string {
  return jobs.actions.addJob({
    blueprintId: "bp",
    blueprintName: "Report",
    status: "queued",
    priority: 1,
    progress: { current: 0, total: 100, percentage: 0 },
    nodeStates: new Map(),
    inputs: {},
    outputs: {},
    tags: [],
  });
}

Deno.test("cancelJob() reaches the running task through signal(jobId) and leaves the queue", async () => {
  const jobs = createExecutionStore();
  const id = queueJob(jobs);
  const task = "export default (_input, ctx) => new Promise((_, reject) => " +
    "ctx.signal.addEventListener('abort', () => reject(new Error('stopped'))));";
  await using pool = new WorkerPool(`data:text/javascript,${encodeURIComponent(task)}`);
  const running = pool.run(null, { signal: jobs.actions.signal(id) });
  jobs.actions.updateJobStatus(id, "running");
  jobs.actions.cancelJob(id);
  await assert.rejects(running);
  const state = jobs.getState();
  assert.equal(state.jobs.get(id)!.status, "cancelled");
  assert.deepEqual(state.queue, []);
  assert.deepEqual(state.activeJobs, []);
});

Deno.test("EventClient's broadcast/listen and the new emit/on see each other's events", () => {
  const events = new core.EventClient();
  const seen: string[] = [];
  events.listen((event) => seen.push(`old:${event.type}:${event.source}`));
  events.on("*", (_data, type) => seen.push(`new:${type}`));
  events.broadcast({ type: "ready", source: "app", timestamp: 1 });
  events.emit("saved", 1);
  assert.deepEqual(seen.slice(0, 3), ["old:ready:app", "new:ready", `old:saved:${events.source}`]);
});

Deno.test("subscribeFiltered() and the typed helpers use the shared bus", () => {
  const seen: unknown[] = [];
  const a = core.subscribeFiltered({ type: ["node:error"] }, (e) => void seen.push(e.source));
  const b = core.onMetric((name, value, unit) => seen.push([name, value, unit]));
  core.emitNodeEvent("n1", "error", "boom");
  core.emitMetric("latency", 3, "ms");
  a.unsubscribe();
  b.unsubscribe();
  core.emitNodeEvent("n1", "error");
  assert.deepEqual(seen, ["n1", ["latency", 3, "ms"]]);
});

Deno.test("NodeProcessClient runs a program to its end and WebWorkerClient runs a script", async () => {
  const processes = new core.NodeProcessClient();
  const result = await processes.exec(Deno.execPath(), ["eval", "console.log('hi')"]);
  assert.equal(result.exitCode, 0);
  assert.equal(result.stdout.trim(), "hi");
  const workers = new core.WebWorkerClient();
  const handle = await workers.spawn("console.log('n', args.length)", ["a", "b"]);
  assert.equal((await workers.wait(handle)).stdout, "n 2");
  await workers.cleanup();
  await processes.cleanup();
});

Deno.test("getPlatformInfo() has the old fields and the new ones", () => {
  const info = core.getPlatformInfo();
  assert.equal(info.runtime, "deno");
  assert.ok(["desktop", "test"].includes(info.platform));
  assert.equal(info.isNode, true);
  assert.equal(info.features.hasFileSystem, true);
  assert.equal(typeof info.features.indexedDB, "boolean");
});

Deno.test("the browser entry's NodeProcessClient rejects with UNSUPPORTED (no node:child_process in a page)", async () => {
  const entry = new URL("./mod_browser.ts", import.meta.url).href;
  const code = `import { NodeProcessClient } from ${JSON.stringify(entry)};
    const error = await new NodeProcessClient().exec("echo", ["hi"]).catch((e) => e);
    console.log(error.name, error.code);`;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--config", new URL("../deno.json", import.meta.url).pathname, code],
    env: { ATOMITON_NO_DEPRECATION: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.equal(out.code, 0, new TextDecoder().decode(out.stderr));
  assert.equal(new TextDecoder().decode(out.stdout).trim(), "ExecutionError UNSUPPORTED");
});

Deno.test("the execution queue follows the status: pauseJob/cancelJob take a job out, resumeJob puts it back", () => {
  const jobs = createExecutionStore();
  const id = queueJob(jobs);
  jobs.actions.pauseJob(id);
  assert.deepEqual(jobs.getState().queue, []);
  jobs.actions.resumeJob(id);
  assert.deepEqual(jobs.getState().queue, [id]);
  assert.equal(core.ExecutionSelectors.getNextQueuedJob(jobs.getState())?.id, id);
  jobs.actions.cancelJob(id);
  assert.deepEqual(jobs.getState().queue, []);
  assert.equal(jobs.actions.signal(id).aborted, true);
});
