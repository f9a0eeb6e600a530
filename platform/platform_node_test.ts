import assert from "node:assert/strict";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { workspaceFromSource } from "../scripts/_esbuild_workspace.ts";
import { PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";

/** Bundles testdata/node_info.ts for Node and runs it, pinned to one CPU with `taskset -c 0` if asked. */
async function onNode(pinned: boolean): Promise<Record<string, unknown>> {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-platform-node-" });
  try {
    const outfile = join(dir, "info.mjs");
    await esbuild.build({
      entryPoints: [new URL("./testdata/node_info.ts", import.meta.url).pathname],
      outfile,
      bundle: true,
      format: "esm",
      platform: "node",
      target: "node20",
      logLevel: "error",
      plugins: [workspaceFromSource("node", { external: true })],
    });
    const node = ["node", outfile, JSON.stringify(PROTOTYPE_KEYS)];
    const [command, ...args] = pinned ? ["taskset", "-c", "0", ...node] : node;
    const { code, stdout, stderr } = await new Deno.Command(command!, {
      args,
      stdout: "piped",
      stderr: "piped",
    })
      .output();
    const text = new TextDecoder().decode(stdout);
    assert.equal(code, 0, `${text}\n${new TextDecoder().decode(stderr)}`);
    return JSON.parse(text);
  } finally {
    await esbuild.stop();
    await Deno.remove(dir, { recursive: true });
  }
}

const hasTaskset = (() => {
  try {
    return new Deno.Command("taskset", { args: ["-V"], stdout: "null", stderr: "null" })
      .outputSync()
      .success;
  } catch {
    return false;
  }
})();

Deno.test("getPlatformInfo().hardwareConcurrency on Node is os.availableParallelism(), not a guess", async () => {
  const info = await onNode(false);
  assert.equal(info.runtime, "node");
  assert.equal(info.hardwareConcurrency, info.availableParallelism);
});

Deno.test("env() on Node reads no member of Object.prototype as a variable", async () => {
  const info = await onNode(false);
  assert.deepEqual(
    info.env,
    PROTOTYPE_KEYS.map(() => "undefined"),
    "no inherited member is a variable",
  );
});

Deno.test({
  name:
    "getPlatformInfo().hardwareConcurrency on Node counts the CPUs the process may use (taskset -c 0)",
  ignore: !hasTaskset,
  async fn(): Promise<void> {
    const info = await onNode(true);
    assert.equal(info.availableParallelism, 1);
    assert.equal(
      info.hardwareConcurrency,
      1,
      `all CPUs: ${info.cpus}; navigator: ${info.navigator}`,
    );
  },
});
