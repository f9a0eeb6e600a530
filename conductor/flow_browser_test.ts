// deno-lint-ignore-file no-console
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { chromium, type Page } from "playwright-core";
import { workspaceFromSource } from "../scripts/_esbuild_workspace.ts";
import { CHROMIUM_ARGS } from "../scripts/testing/chromium.ts";
import { ignoreUnless, need } from "../scripts/testing/needs.ts";
import { type FlowServers, startFlowServers } from "./testdata/flow_browser/server.ts";

const FILES = new URL("./testdata/flow_browser/", import.meta.url).pathname;
const NODES = new URL("./nodes/mod.ts", import.meta.url).pathname;
// A safety net only: each wait below is for a marker (the page loaded, a promise settled).
const NET = 120_000;

/**
 * What a web app's build does: the page and the node library as two entries of one
 * browser build, the library at `nodes/mod.js` beside the chunks. The library's
 * Deno- and Node-only imports (`node:*`, sharp) stay out: only the types a browser
 * refuses at validation reach them, so a page never loads them.
 */
async function buildSite(outdir: string): Promise<esbuild.Metafile> {
  try {
    const result = await esbuild.build({
      entryPoints: { page: `${FILES}page.ts`, "nodes/mod": NODES },
      outdir,
      bundle: true,
      splitting: true,
      minify: true,
      format: "esm",
      platform: "browser",
      target: "es2022",
      metafile: true,
      write: true,
      logLevel: "error",
      external: ["node:*", "sharp"],
      plugins: [workspaceFromSource("browser")],
    });
    return result.metafile;
  } finally {
    await esbuild.stop();
  }
}

interface Outcome {
  status: string;
  outputs: Record<string, unknown>;
  nodes: Record<string, string>;
  error: unknown;
}

type Validation =
  | { ok: true; modules: Record<string, string> }
  | { ok: false; code: string; message: string };

interface FlowPage {
  validate(text: string, baseUrl?: string): Promise<Validation>;
  run(text: string): Promise<Outcome>;
}

type Api = { flowPage: FlowPage };

/** The people flow, calling this run's API server. */
async function peopleFlow(servers: FlowServers): Promise<string> {
  const text = await Deno.readTextFile(`${FILES}people.flow.yaml`);
  return text.replaceAll("http://api.invalid", servers.api);
}

async function withPage(
  run: (page: Page, servers: FlowServers, errors: string[]) => Promise<void>,
): Promise<void> {
  const site = await Deno.makeTempDir({ prefix: "atomiton-flow-browser-" });
  let servers: FlowServers | undefined;
  try {
    await buildSite(site);
    servers = startFlowServers(site);
    const browser = await chromium.launch({
      executablePath: need("chromium"),
      args: [...CHROMIUM_ARGS],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`${servers.site}/`);
      await page.waitForFunction(() => "ready" in globalThis, null, { timeout: NET })
        .catch((error) => {
          throw new Error(`the page did not load: ${errors.join("; ") || error}`);
        });
      await run(page, servers, errors);
    } finally {
      await browser.close();
    }
  } finally {
    await servers?.shutdown();
    await Deno.remove(site, { recursive: true });
  }
}

Deno.test({
  name: "a flow of edit-fields, transform, http-request and spreadsheet (on data) validates and " +
    "runs in Chromium, its transform functions on Web Workers, never in the page's thread",
  ...ignoreUnless("chromium"),
  async fn(): Promise<void> {
    await withPage(async (page, servers, errors) => {
      const flow = await peopleFlow(servers);
      const validation = await page.evaluate(
        (text) => (globalThis as unknown as Api).flowPage.validate(text),
        flow,
      );
      // The node library was found where the page's build put it, beside the chunks.
      const library = `${servers.site}/nodes/mod.js`;
      assert.deepEqual(validation, {
        ok: true,
        modules: {
          sheet: `${library}#spreadsheet`,
          adults: "data:#transform",
          shaped: "data:#transform",
          sorted: "data:#transform",
          csv: `${library}#spreadsheet`,
          post: `${library}#httpRequest`,
          get: `${library}#httpRequest`,
          hello: `${library}#editFields`,
          stamp: "data:#transform",
        },
      });

      const result = await page.evaluate(
        (text) => (globalThis as unknown as Api).flowPage.run(text),
        flow,
      );
      assert.equal(result.status, "completed", JSON.stringify(result.error));
      const { outputs } = result;
      assert.deepEqual((outputs.sheet as { records: unknown }).records, [
        { name: "Ada", age: "36" },
        { name: "Linus", age: "28" },
        { name: "Barbara", age: "52" },
        { name: "Grace", age: "45" },
      ]);
      assert.deepEqual(outputs.adults, [
        { name: "Ada", age: "36" },
        { name: "Barbara", age: "52" },
        { name: "Grace", age: "45" },
      ]);
      // The flow's function says where it ran: a dedicated worker's scope, not the page's Window.
      const worker = "DedicatedWorkerGlobalScope";
      assert.deepEqual(outputs.sorted, [
        { name: "BARBARA", age: 52, where: worker },
        { name: "GRACE", age: 45, where: worker },
        { name: "ADA", age: 36, where: worker },
      ]);
      const csv = "name,age,where\r\nBARBARA,52,DedicatedWorkerGlobalScope\r\n" +
        "GRACE,45,DedicatedWorkerGlobalScope\r\nADA,36,DedicatedWorkerGlobalScope";
      assert.equal(outputs.csv, csv);
      assert.deepEqual(outputs.stamp, [{
        message: "hello, browser!",
        status: "200",
        where: worker,
      }]);

      const post = outputs.post as { status: number; body: unknown };
      assert.deepEqual([post.status, post.body], [200, { received: csv, contentType: "text/csv" }]);
      // Cross-origin from the page's workers: a preflight for each non-simple request, then it.
      assert.deepEqual(
        servers.requests.map((r) => [r.method, r.path, r.origin, r.askedHeaders]).sort(),
        [
          ["GET", "/greeting", servers.site, null],
          ["OPTIONS", "/echo", servers.site, "content-type"],
          ["OPTIONS", "/greeting", servers.site, "x-flow"],
          ["POST", "/echo", servers.site, null],
        ],
      );
      // The page's own thread never ran a flow function: the counter they bump is not here.
      assert.equal(
        await page.evaluate(() => (globalThis as { mapped?: unknown }).mapped),
        undefined,
      );
      assert.deepEqual(errors, []);
    });
  },
});

Deno.test({
  name: "validation in Chromium refuses file-system, shell-command, image and a spreadsheet " +
    "path, naming each node and why, whether or not the flow came from a URL",
  ...ignoreUnless("chromium"),
  async fn(): Promise<void> {
    await withPage(async (page, servers, errors) => {
      const flow = await Deno.readTextFile(`${FILES}refused.flow.yaml`);
      const elsewhere = "does not run on a browser, which this flow runs on; it runs on Deno and " +
        "Node.js (it needs";
      const problems = [
        `  - node "read-notes": type "file-system" ${elsewhere} a file system).`,
        `  - node "list-files": type "shell-command" ${elsewhere} to start processes).`,
        `  - node "thumbnail": type "image" ${elsewhere} sharp, a native library, and a file system).`,
        `  - node "sheet-file": parameter "path" is a file path, and a browser has no file ` +
        `system; give the data itself instead.`,
      ];
      // An editor's flow has no URL; one loaded from the site has (its relative paths stay unresolved).
      const url = `${servers.site}/flows/refused.flow.yaml`;
      for (const baseUrl of [undefined, url]) {
        const refused = await page.evaluate(
          ([text, url]) => (globalThis as unknown as Api).flowPage.validate(text, url),
          [flow, baseUrl] as const,
        );
        assert.deepEqual(refused, {
          ok: false,
          code: "INVALID_BLUEPRINT",
          message: [`Invalid flow${baseUrl ? ` ${baseUrl}` : ""}, 4 problems:`, ...problems]
            .join("\n"),
        });
      }
      // Nothing ran: validation refuses before a run starts, and the API saw no request.
      assert.deepEqual(servers.requests, []);
      assert.deepEqual(errors, []);
    });
  },
});

Deno.test("a page that bundles the conductor and its node library loads no node: module, sharp, SheetJS or papaparse at start", async () => {
  const site = await Deno.makeTempDir({ prefix: "atomiton-flow-browser-bundle-" });
  try {
    const metafile = await buildSite(site);
    const outputs = new Map(
      Object.entries(metafile.outputs).map(([path, output]) => [resolve(path), output]),
    );
    const start = `${site}/page.js`;
    // The main chunk: the page's file and every chunk it imports statically, transitively.
    const main = new Set<string>([start]);
    for (const file of main) {
      for (const dependency of outputs.get(file)!.imports) {
        if (dependency.kind === "import-statement") main.add(resolve(dependency.path));
      }
    }
    const heavy = /node_modules\/.*(?:sharp|xlsx|papaparse)/;
    for (const file of main) {
      const output = outputs.get(file)!;
      const inputs = Object.keys(output.inputs);
      assert.deepEqual(
        inputs.filter((input) => heavy.test(input)),
        [],
        `${file} bundles a heavy library`,
      );
      assert.deepEqual(
        output.imports.filter((i) => i.external),
        [],
        `${file} imports outside the bundle`,
      );
    }
    // node: modules and sharp are only ever loaded lazily, by the node library's server-only tasks.
    for (const [file, output] of outputs) {
      for (const dependency of output.imports.filter((i) => i.external)) {
        assert.match(dependency.path, /^(?:node:|sharp$)/, `${file} imports ${dependency.path}`);
      }
    }
    const gzip = [...main].reduce(
      (total, file) => total + gzipSync(Deno.readFileSync(file), { level: 9 }).byteLength,
      0,
    );
    console.log(`page's main chunk (page.js and ${main.size - 1} static chunks): ${gzip} B gzip`);
  } finally {
    await Deno.remove(site, { recursive: true });
  }
});
