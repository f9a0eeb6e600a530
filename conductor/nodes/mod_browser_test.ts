import assert from "node:assert/strict";
import * as browser from "./mod_browser.ts";
import * as library from "./mod.ts";

Deno.test("node library for browsers: the same names as the full library", () => {
  assert.deepEqual(Object.keys(browser).toSorted(), Object.keys(library).toSorted());
});

Deno.test("node library for browsers: the page's types run; the others refuse with UNAVAILABLE and why", async () => {
  const output = browser.editFields({ parameters: { values: { a: 1 }, keepOnlySet: true } });
  assert.equal(output.a, 1);
  for (
    const [task, why] of [
      [browser.fileSystem, /file-system node cannot run in a browser: it needs a file system/],
      [browser.shellCommand, /shell-command node .* needs to start processes/],
      [browser.image, /image node .* needs sharp/],
    ] as const
  ) {
    await assert.rejects(task({ parameters: {} }), (error: Error & { code?: string }) => {
      assert.equal(error.code, "UNAVAILABLE");
      assert.match(error.message, why);
      return true;
    });
  }
  assert.match((await browser.sharpProblem())!, /does not run in a browser/);
});
