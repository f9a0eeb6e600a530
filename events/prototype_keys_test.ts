import assert from "node:assert/strict";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { workspaceFromSource } from "../scripts/_esbuild_workspace.ts";
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
    await esbuild.build({
      entryPoints: [NODE_ENTRY],
      outfile,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      logLevel: "error",
      plugins: [workspaceFromSource("node", { external: false })],
    }).finally(() => esbuild.stop());
    const { code, stdout, stderr } = await new Deno.Command("node", {
      args: [outfile],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const output = new TextDecoder().decode(stdout);
    const line = output.split("\n").find((l) => l.startsWith(MARKER));
    assert.ok(line, `no result (exit ${code}):\n${output}\n${new TextDecoder().decode(stderr)}`);
    assert.deepEqual(JSON.parse(line.slice(MARKER.length)), []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
