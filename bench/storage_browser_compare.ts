// deno-lint-ignore-file no-console
/**
 * `@atomiton/storage`'s IndexedDBClient against `idb-keyval` in Chromium:
 * bundles bench/storage_browser_page.ts (this workspace's packages from
 * source), runs it in a page served from 127.0.0.1 and prints each rate and
 * the ratio ours / theirs.
 *
 * Run: `deno run -A bench/storage_browser_compare.ts`
 *
 * @module
 */
import { chromium } from "playwright-core";
import { need } from "../scripts/testing/needs.ts";
import { CHROMIUM_ARGS } from "../scripts/testing/chromium.ts";
import { bundle } from "../storage/testdata/bundle.ts";
import type { BenchResult } from "./_harness.ts";

const script = await bundle(new URL("./storage_browser_page.ts", import.meta.url).pathname);
const server = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen(): void {} },
  (request) =>
    new URL(request.url).pathname === "/page.js"
      ? new Response(script, { headers: { "content-type": "text/javascript" } })
      : new Response(`<!doctype html><script type="module" src="/page.js"></script>`, {
        headers: { "content-type": "text/html" },
      }),
);
const browser = await chromium.launch({
  executablePath: need("chromium"),
  args: [...CHROMIUM_ARGS],
});
try {
  const page = await browser.newPage();
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await page.goto(`http://127.0.0.1:${server.addr.port}/`);
  await page.waitForFunction(() => "benchResults" in globalThis, null, { timeout: 300_000 });
  const results = await page.evaluate(() =>
    (globalThis as unknown as { benchResults: BenchResult[] }).benchResults
  );
  let group = "";
  for (const r of results) {
    if (r.group !== group) console.log(`\n${group = r.group} (chromium)`);
    const rate = `${(r.opsPerSecond / 1e3).toFixed(1)} k/s`;
    const ratio = r.ratio === 1 ? "(ours)" : `ours is ${r.ratio.toFixed(2)}x`;
    console.log(`  ${r.name.padEnd(34)} ${rate.padStart(12)}  ${ratio}`);
  }
} finally {
  await browser.close();
  await server.shutdown();
}
