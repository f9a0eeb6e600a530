/**
 * Runs TypeScript in real Chromium for tests: esbuild bundles a page module
 * (and any worker modules) with this project's packages from source, a local
 * server gives them a real origin, and the page's result comes back to Deno.
 *
 * The page module sets `globalThis.__result` (any JSON value) when it is done;
 * a worker module named `worker` is served as `./worker.js`.
 *
 * ```ts ignore
 * const result = await runInChromium({ page: "events/testdata/page.ts" });
 * ```
 *
 * @module
 */
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";
import { join } from "node:path";
import { workspaceFromSource } from "../_esbuild_workspace.ts";
import { root } from "../_workspace.ts";
import { need } from "./needs.ts";

/** Chromium flags for a headless run in a container. */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Options for {@linkcode runInChromium}. */
export interface RunInChromiumOptions {
  /** Module paths (relative to the repository root) by output name; `page` is required. */
  readonly entries: Readonly<Record<string, string>> & { readonly page: string };
  /**
   * A safety net that only turns a page that never finishes into a failure (default 120 s,
   * far beyond a healthy page on a loaded machine).
   */
  readonly timeoutMs?: number;
  /** Serve with COOP/COEP so the page is cross-origin isolated. */
  readonly isolated?: boolean;
}

/** Bundles the entries, opens the page in Chromium, and returns its `__result`. */
export async function runInChromium(options: RunInChromiumOptions): Promise<unknown> {
  const executablePath = need("chromium");
  const site = await Deno.makeTempDir({ prefix: "atomiton-chromium-" });
  try {
    const entryPoints = Object.fromEntries(
      Object.entries(options.entries).map(([name, path]) => [name, join(root, path)]),
    );
    await esbuild.build({
      entryPoints,
      bundle: true,
      format: "esm",
      platform: "browser",
      outdir: site,
      logLevel: "error",
      plugins: [workspaceFromSource("browser")],
    });
    await esbuild.stop();
    await Deno.writeTextFile(
      join(site, "index.html"),
      `<!doctype html><meta charset="utf-8"><script type="module" src="./page.js"></script>`,
    );
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen(): void {} },
      async (request) => {
        const name = new URL(request.url).pathname.slice(1) || "index.html";
        try {
          const body = await Deno.readFile(join(site, name));
          const headers = new Headers({
            "content-type": name.endsWith(".js") ? "text/javascript" : "text/html",
          });
          if (options.isolated) {
            headers.set("cross-origin-opener-policy", "same-origin");
            headers.set("cross-origin-embedder-policy", "require-corp");
          }
          return new Response(body, { headers });
        } catch {
          return new Response("not found", { status: 404 });
        }
      },
    );
    const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(`http://127.0.0.1:${server.addr.port}/`);
      await page.waitForFunction(() => "__result" in globalThis || "__error" in globalThis, null, {
        timeout: options.timeoutMs ?? 120_000,
      });
      const { result, error } = await page.evaluate(() => ({
        result: (globalThis as { __result?: unknown }).__result,
        error: (globalThis as { __error?: string }).__error,
      }));
      if (error !== undefined) throw new Error(`the page failed: ${error}`);
      if (errors.length > 0) throw new Error(`page errors: ${errors.join("; ")}`);
      return result;
    } finally {
      await browser.close();
      await server.shutdown();
    }
  } finally {
    await Deno.remove(site, { recursive: true });
  }
}
