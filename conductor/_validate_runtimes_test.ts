import assert from "node:assert/strict";
import { join } from "node:path";
import { bundleEntry, runOnNode } from "../scripts/testing/bundle.ts";
import { validateBlueprint } from "./validate_blueprint.ts";

const DIR = new URL("./testdata/validate/", import.meta.url);

Deno.test("validateBlueprint() on Node.js reads sub-blueprints and checks modules with node:fs", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-validate-node-" });
  try {
    const outfile = await bundleEntry(new URL("node_check.ts", DIR).pathname, {
      platform: "node",
      outfile: join(dir, "check.mjs"),
    });
    const parent = new URL("nested/parent.json", DIR).pathname;
    const missing = new URL("no-such-task.js", DIR).pathname;
    const { code, stdout, stderr } = await runOnNode(outfile, [parent, missing]);
    assert.equal(code, 0, `${stdout}\n${stderr}`);
    const { valid, refused } = JSON.parse(stdout);
    // What Node.js loads is what Deno loads.
    assert.deepEqual(
      valid,
      await validateBlueprint(await Deno.readTextFile(parent), { baseUrl: parent }),
    );
    assert.match(
      refused,
      new RegExp(`node "gone": module ".*" does not exist \\(looked for ${missing}\\)`),
    );
    assert.match(
      refused,
      /node "far": module "https:\/\/x\/t\.js" is on the network, and Node\.js cannot import/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("validateBlueprint() bundles for a browser without node: modules", async () => {
  const text = await bundleEntry(new URL("./validate_blueprint.ts", import.meta.url).pathname, {
    platform: "browser",
  });
  assert.ok(text.includes("INVALID_BLUEPRINT"));
  // `process.getBuiltinModule("node:fs/promises")` is a string at run time, not an import.
  assert.doesNotMatch(text, /(?:from|import|require)\s*\(?\s*["'`]node:/);
});
