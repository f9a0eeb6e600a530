import assert from "node:assert/strict";
import { chromium, type Page } from "playwright-core";
import { ignoreUnless, need } from "../scripts/testing/needs.ts";
import { CHROMIUM_ARGS } from "../scripts/testing/chromium.ts";
import { bundleEntry } from "../scripts/testing/bundle.ts";
import { startTestServer, type TestServer } from "./testdata/browser/server.ts";

const FILES = new URL("./testdata/browser/", import.meta.url).pathname;
const MAIN = new URL("./mod.ts", import.meta.url).pathname;
// A safety net only: each wait below is for a marker (a request, an event), never for time.
const NET = 120_000;

interface Summary {
  runId: string;
  status: string;
  nodes: Record<string, string>;
}

interface Outcome {
  status: string;
  outputs: Record<string, unknown>;
  nodes: Record<string, string>;
  error: unknown;
}

interface PageApi {
  start(): Promise<string>;
  runFile(file: string): Promise<Outcome>;
  runs(): Promise<Summary[]>;
  run(runId: string): Promise<Summary | null>;
  resume(runId: string): Promise<Outcome>;
  lockFreed(runId: string): Promise<void>;
}

type Api = { conductorPage: PageApi };

async function loaded(page: Page, errors: readonly string[]): Promise<void> {
  await page.waitForFunction(() => "ready" in globalThis, null, { timeout: NET }).catch((error) => {
    throw new Error(`the page did not load: ${errors.join("; ") || error}`);
  });
}

/**
 * Waits for a marker (a request the server got) with a safety net: a run that ended
 * first fails the test with its result, and only a hang runs into the net.
 */
async function marker(page: Page, what: string, arrived: Promise<unknown>): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const net = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} in ${NET / 1000} s`)), NET);
  });
  const ended = page.waitForFunction(() => "finished" in globalThis, null, { timeout: 0 })
    .then(async () => {
      const finished = await page.evaluate(() => (globalThis as { finished?: unknown }).finished);
      throw new Error(`the run ended before ${what}: ${JSON.stringify(finished)}`);
    }, () => new Promise<never>(() => {}));
  try {
    await Promise.race([arrived, ended, net]);
  } finally {
    clearTimeout(timer);
  }
}

// In the page: resolves once no page holds the run's lock.
const lockFreed = (runId: string): Promise<void> =>
  (globalThis as unknown as Api).conductorPage.lockFreed(runId);

// Waits for an event in the page: a node's progress with this message.
async function sawProgress(page: Page, nodeId: string, message: string): Promise<void> {
  await page.waitForFunction(
    ([nodeId, message]) =>
      (globalThis as unknown as { events: { nodeId?: string; message?: string }[] }).events
        .some((event) => event.nodeId === nodeId && event.message === message),
    [nodeId, message],
    { timeout: NET },
  );
}

async function withChromium(
  run: (page: Page, server: TestServer, errors: string[]) => Promise<void>,
  path = "/",
): Promise<void> {
  const site = await Deno.makeTempDir({ prefix: "atomiton-conductor-browser-" });
  let server: TestServer | undefined;
  try {
    await bundleEntry(`${FILES}page.ts`, { platform: "browser", outdir: site, splitting: true });
    server = startTestServer(site, FILES);
    const browser = await chromium.launch({
      executablePath: need("chromium"),
      args: [...CHROMIUM_ARGS],
    });
    try {
      const page = await (await browser.newContext()).newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${server.origin}${path}`);
      await loaded(page, errors);
      await run(page, server, errors);
    } finally {
      await browser.close();
    }
  } finally {
    await server?.shutdown();
    await Deno.remove(site, { recursive: true });
  }
}

Deno.test({
  name: "resumeRun() in Chromium finishes a run on IndexedDB after the page reloads mid-run, " +
    "taking over the default Web Locks lease at once",
  ...ignoreUnless("chromium"),
  async fn(): Promise<void> {
    await withChromium(async (page, server, errors) => {
      const runId = await page.evaluate(() => (globalThis as unknown as Api).conductorPage.start());
      // a and b have completed (and are recorded) once c1 and c2 wait at the gate.
      const gates = Promise.all([server.reachedGate("c1", 1), server.reachedGate("c2", 1)]);
      await marker(page, "c1 and c2 at the gate", gates);
      await sawProgress(page, "c1", "waiting at the gate");
      await sawProgress(page, "c2", "waiting at the gate");
      await page.reload();
      await loaded(page, errors);

      const runs = await page.evaluate(() => (globalThis as unknown as Api).conductorPage.runs());
      assert.deepEqual(runs.map((run) => [run.runId, run.status]), [[runId, "running"]]);
      const before = runs[0]!.nodes;
      assert.deepEqual([before.a, before.b], ["completed", "completed"]);
      // The page died with them running; they were recorded so before they started.
      assert.deepEqual([before.c1, before.c2], ["running", "running"]);
      assert.notEqual(before.d, "completed");

      // The browser freed the lock of the page that was: a marker, not a wait for time. A
      // lease in storage would refuse the reloaded page (a new holder) for its 30 s ttl.
      await marker(page, "the lock freed", page.evaluate(lockFreed, runId));
      server.openGate();
      const result = await page.evaluate(
        (runId) => (globalThis as unknown as Api).conductorPage.resume(runId),
        runId,
      );
      assert.equal(result.status, "completed", JSON.stringify(result.error));
      // a and b's outputs come from IndexedDB, c1 and c2 ran again on them.
      assert.deepEqual(result.outputs, {
        a: { value: 1 },
        b: { value: 11 },
        c1: { value: 111 },
        c2: { value: 1011 },
        d: { value: 11122 },
      });
      assert.deepEqual(result.nodes, {
        a: "completed",
        b: "completed",
        c1: "completed",
        c2: "completed",
        d: "completed",
      });
      // Completed before the reload: not run again. Running then: run once more.
      assert.deepEqual(Object.fromEntries(server.hits), { a: 1, b: 1, c1: 2, c2: 2, d: 1 });
      await sawProgress(page, "d", "working");
      const after = await page.evaluate(
        (runId) => (globalThis as unknown as Api).conductorPage.run(runId),
        runId,
      );
      assert.deepEqual(after, { runId, status: "completed", nodes: result.nodes });
      assert.deepEqual(errors, []);
    });
  },
});

Deno.test({
  name: "resumeRun() in Chromium is refused while another tab runs the run (the default Web " +
    "Locks lease), and takes over at once when it closes",
  ...ignoreUnless("chromium"),
  async fn(): Promise<void> {
    await withChromium(async (first, server, errors) => {
      const runId = await first.evaluate(() =>
        (globalThis as unknown as Api).conductorPage.start()
      );
      const gates = Promise.all([server.reachedGate("c1", 1), server.reachedGate("c2", 1)]);
      await marker(first, "c1 and c2 at the gate", gates);
      const second = await first.context().newPage();
      second.on("pageerror", (error) => errors.push(error.message));
      await second.goto(first.url());
      await loaded(second, errors);
      const resume = (runId: string) => (globalThis as unknown as Api).conductorPage.resume(runId);
      const refused = await second.evaluate(resume, runId);
      assert.deepEqual(refused, { status: "refused", error: { code: "RUN_ACTIVE" } });

      await first.close();
      // The browser frees the closed tab's lock: a marker, not a wait for time.
      await marker(second, "the lock freed", second.evaluate(lockFreed, runId));
      server.openGate();
      const result = await second.evaluate(resume, runId);
      assert.equal(result.status, "completed", JSON.stringify(result.error));
      assert.deepEqual(result.outputs.d, { value: 11122 });
      assert.deepEqual(Object.fromEntries(server.hits), { a: 1, b: 1, c1: 2, c2: 2, d: 1 });
      assert.deepEqual(errors, []);
    });
  },
});

Deno.test({
  name:
    "runBlueprint() in Chromium loads a sub-blueprint over http and runs its nodes on Web Workers",
  ...ignoreUnless("chromium"),
  async fn(): Promise<void> {
    await withChromium(async (page, server, errors) => {
      const result = await page.evaluate(
        () => (globalThis as unknown as Api).conductorPage.runFile("./parent.json"),
      );
      assert.equal(result.status, "completed", JSON.stringify(result.error));
      assert.deepEqual(result.outputs.sub, { y: { value: 111 } });
      assert.deepEqual(result.nodes, {
        p: "completed",
        sub: "completed",
        "sub/x": "completed",
        "sub/y": "completed",
      });
      assert.deepEqual(Object.fromEntries(server.hits), { p: 1, "sub/x": 1, "sub/y": 1 });
      assert.deepEqual(errors, []);
    });
  },
});

Deno.test("the conductor's main entry bundles for the browser without node: imports or Redis", async () => {
  const bundle = await bundleEntry(MAIN, { platform: "browser", external: false });
  // esbuild keeps doc comments, whose examples import node:assert: only code counts.
  const code = bundle.split("\n").filter((line) => !/^\s*(?:\*|\/\/|\/\*)/.test(line)).join("\n");
  const nodeImport = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["'`]node:/g;
  assert.deepEqual(code.match(nodeImport) ?? [], []);
  assert.equal(/ioredis|RedisPool|redisExecutor/.test(code), false);
});
