import assert from "node:assert/strict";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { ignoreUnless, need } from "../scripts/testing/needs.ts";
import { CHROMIUM_ARGS } from "../scripts/testing/chromium.ts";
import { bundleEntry, runOnNode } from "../scripts/testing/bundle.ts";
import { runScenarios } from "./testdata/pool_scenarios.ts";

const here = new URL("./testdata/", import.meta.url);
const TASKS = new URL("tasks.mjs", here).href;
const BROKEN = new URL("broken.mjs", here).href;
const NODE_ENTRY = new URL("node_scenarios.ts", here).pathname;
const BROWSER_ENTRY = new URL("browser_scenarios.ts", here).pathname;

Deno.test("WorkerPool keeps its promises on Deno (shared scenarios)", async () => {
  assert.deepEqual(await runScenarios({ tasks: TASKS, broken: BROKEN, runtime: "deno" }), []);
});

Deno.test("WorkerPool and ProcessClient keep their promises on Node.js", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-execution-node-" });
  try {
    const outfile = join(dir, "scenarios.mjs");
    await bundleEntry(NODE_ENTRY, { platform: "node", outfile, external: true });
    const { code, stdout: output, stderr } = await runOnNode(outfile, [TASKS, BROKEN]);
    const line = output.split("\n").find((l) => l.startsWith("ATOMITON_SCENARIO_RESULT "));
    assert.ok(line, `no result (exit ${code}):\n${output}\n${stderr}`);
    assert.deepEqual(JSON.parse(line.slice("ATOMITON_SCENARIO_RESULT ".length)), []);
    assert.equal(code, 0, "no worker or timer keeps Node running after close");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "WorkerPool keeps its promises in Chromium with module Web Workers",
  ...ignoreUnless("chromium"),
  async fn(): Promise<void> {
    const executablePath = need("chromium");
    const dir = await Deno.makeTempDir({ prefix: "atomiton-execution-browser-" });
    const files: Record<string, string> = {
      "/": "index.html",
      "/index.html": "index.html",
      "/page.js": "page.js",
      "/tasks.mjs": new URL("tasks.mjs", here).pathname,
      "/broken.mjs": new URL("broken.mjs", here).pathname,
    };
    await Deno.writeTextFile(
      join(dir, "index.html"),
      `<!doctype html><meta charset="utf-8"><script type="module" src="./page.js"></script>`,
    );
    await bundleEntry(BROWSER_ENTRY, {
      platform: "browser",
      outfile: join(dir, "page.js"),
      external: true,
    });
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen(): void {} },
      async (request) => {
        const file = files[new URL(request.url).pathname];
        if (!file) return new Response("not found", { status: 404 });
        const body = await Deno.readFile(file.startsWith("/") ? file : join(dir, file));
        const type = file.endsWith("html") ? "text/html" : "text/javascript";
        return new Response(body, { headers: { "content-type": type } });
      },
    );
    const browser = await chromium.launch({
      executablePath,
      args: [...CHROMIUM_ARGS],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`http://127.0.0.1:${server.addr.port}/`);
      await page.waitForFunction(() => "__result" in globalThis, null, { timeout: 120_000 });
      const failures = await page.evaluate(() => (globalThis as { __result?: string[] }).__result);
      assert.deepEqual(failures, []);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.shutdown();
      await Deno.remove(dir, { recursive: true });
    }
  },
});
