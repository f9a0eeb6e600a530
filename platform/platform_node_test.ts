import assert from "node:assert/strict";
import { join } from "node:path";
import { bundleEntry, runOnNode } from "../scripts/testing/bundle.ts";
import { PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";

/** Bundles testdata/node_info.ts for Node and runs it, pinned to one CPU with `taskset -c 0` if asked. */
async function onNode(pinned: boolean): Promise<Record<string, unknown>> {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-platform-node-" });
  try {
    const outfile = await bundleEntry(
      new URL("./testdata/node_info.ts", import.meta.url).pathname,
      { platform: "node", outfile: join(dir, "info.mjs") },
    );
    const { code, stdout: text, stderr } = await runOnNode(
      outfile,
      [JSON.stringify(PROTOTYPE_KEYS)],
      pinned ? { via: ["taskset", "-c", "0"] } : {},
    );
    assert.equal(code, 0, `${text}\n${stderr}`);
    return JSON.parse(text);
  } finally {
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
