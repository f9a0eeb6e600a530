import assert from "node:assert/strict";
import { join } from "node:path";
import { bundleEntry, runOnNode } from "../scripts/testing/bundle.ts";
import { checkPrototypeKeys } from "./testdata/prototype_keys.ts";

const NODE_ENTRY = new URL("./testdata/prototype_keys_node.ts", import.meta.url).pathname;
const MARKER = "ATOMITON_PROTOTYPE_RESULT ";

Deno.test("prototype keys as types and sources stay plain data through client, recorder, replay and logStats", async () => {
  assert.deepEqual(await checkPrototypeKeys(), []);
});

Deno.test("prototype keys stay plain data on Node.js, where __proto__ is a setter", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-events-node-" });
  try {
    const outfile = join(dir, "prototype_keys.mjs");
    await bundleEntry(NODE_ENTRY, { platform: "node", outfile, external: false });
    const { code, stdout: output, stderr } = await runOnNode(outfile);
    const line = output.split("\n").find((l) => l.startsWith(MARKER));
    assert.ok(line, `no result (exit ${code}):\n${output}\n${stderr}`);
    assert.deepEqual(JSON.parse(line.slice(MARKER.length)), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
