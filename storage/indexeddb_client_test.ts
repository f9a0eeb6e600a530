import assert from "node:assert/strict";
import { chromium, type Page } from "playwright-core";
import { ignoreUnless, need } from "../scripts/testing/needs.ts";
import { CHROMIUM_ARGS as ARGS } from "../scripts/testing/chromium.ts";
import { bundleEntry } from "../scripts/testing/bundle.ts";
import { cases } from "./testdata/conformance.ts";

type TestName =
  | "batchesUseOneTransaction"
  | "entriesPagesThroughManyTransactions"
  | "reopensAfterTheDatabaseIsDeleted"
  | "addsItsStoreToAnExistingDatabase"
  | "twoStoresInOneDatabaseStayApart"
  | "prepareForClearedSiteData"
  | "reopensAfterTheBrowserClosedTheConnection"
  | "autoPicksIndexedDB"
  | "rejectsEmptyNames";

function call(page: Page, name: TestName): Promise<void> {
  return page.evaluate(
    (name) =>
      (globalThis as unknown as { storageTests: Record<string, () => Promise<void>> })
        .storageTests[name]!(),
    name,
  );
}

Deno.test({
  name: "IndexedDBClient in Chromium",
  ...ignoreUnless("chromium"),
  async fn(t): Promise<void> {
    const page = new URL("./testdata/indexeddb_page.ts", import.meta.url).pathname;
    const script = await bundleEntry(page, { platform: "browser" });
    const server = Deno.serve(
      { hostname: "127.0.0.1", port: 0, onListen(): void {} },
      (request) =>
        new URL(request.url).pathname === "/page.js"
          ? new Response(script, { headers: { "content-type": "text/javascript" } })
          : new Response(`<!doctype html><script type="module" src="/page.js"></script>`, {
            headers: { "content-type": "text/html" },
          }),
    );
    const browser = await chromium.launch({ executablePath: need("chromium"), args: [...ARGS] });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on("pageerror", (error) => errors.push(error.message));
      const origin = `http://127.0.0.1:${server.addr.port}`;
      await page.goto(origin);
      await page.waitForFunction(() => "ready" in globalThis, null, { timeout: 10_000 })
        .catch((error) => {
          throw new Error(`the page did not load: ${errors.join("; ") || error}`);
        });

      await t.step("IndexedDBClient passes the conformance suite", async () => {
        const report = await page.evaluate(() =>
          (globalThis as unknown as {
            storageTests: { conformance(): Promise<{ passed: string[]; failed: string[][] }> };
          }).storageTests.conformance()
        );
        assert.deepEqual(report.failed, []);
        assert.deepEqual(report.passed, cases.map((c) => c.name));
      });
      await t.step(
        "IndexedDBClient uses one transaction per batch",
        () => call(page, "batchesUseOneTransaction"),
      );
      await t.step(
        "IndexedDBClient entries() reads 100 entries per transaction",
        () => call(page, "entriesPagesThroughManyTransactions"),
      );
      await t.step(
        "IndexedDBClient reopens after its database is deleted",
        () => call(page, "reopensAfterTheDatabaseIsDeleted"),
      );
      await t.step(
        "IndexedDBClient adds its store to an existing database",
        () => call(page, "addsItsStoreToAnExistingDatabase"),
      );
      await t.step(
        "IndexedDBClient keeps two stores of one database apart",
        () => call(page, "twoStoresInOneDatabaseStayApart"),
      );
      await t.step("IndexedDBClient reopens when the browser closes the connection", async () => {
        await call(page, "prepareForClearedSiteData");
        const cdp = await page.context().newCDPSession(page);
        await cdp.send("Storage.clearDataForOrigin", { origin, storageTypes: "indexeddb" });
        await call(page, "reopensAfterTheBrowserClosedTheConnection");
      });
      await t.step(
        "createStorageClient() in a browser is an IndexedDBClient",
        () => call(page, "autoPicksIndexedDB"),
      );
      await t.step("IndexedDBClient refuses empty names", () => call(page, "rejectsEmptyNames"));
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
      await server.shutdown();
    }
  },
});
