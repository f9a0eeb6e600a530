// deno-lint-ignore-file no-console
/**
 * `@atomiton/storage`'s IndexedDBClient against `idb-keyval` in Chromium:
 * runs bench/storage_browser_page.ts in a page (`runInChromium`: this
 * workspace's packages from source, served from 127.0.0.1) and prints each
 * rate and the ratio ours / theirs.
 *
 * Run: `deno run -A bench/storage_browser_compare.ts`
 *
 * @module
 */
import { runInChromium } from "../scripts/testing/chromium.ts";
import { type BenchResult, recordResults } from "./_harness.ts";

const results = await runInChromium({
  entries: { page: "bench/storage_browser_page.ts" },
  timeoutMs: 300_000,
}) as BenchResult[];
await recordResults(results, "chromium");
let group = "";
for (const r of results) {
  if (r.group !== group) console.log(`\n${group = r.group} (chromium)`);
  const rate = `${(r.opsPerSecond / 1e3).toFixed(1)} k/s`;
  const ratio = r.ratio === 1 ? "(ours)" : `ours is ${r.ratio.toFixed(2)}x`;
  console.log(`  ${r.name.padEnd(34)} ${rate.padStart(12)}  ${ratio}`);
}
