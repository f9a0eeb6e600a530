import assert from "node:assert/strict";
import { buildNodeBin, runNodeBin } from "../testdata/node_bin.ts";

Deno.test("profile --only execution starts one worker per CPU on Node.js 20 too (no navigator there)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-cli-profile-node-" });
  try {
    const bin = await buildNodeBin(dir);
    const cpus = await new Deno.Command("node", {
      args: ["-p", "require('node:os').availableParallelism()"],
    }).output();
    const expected = Number(new TextDecoder().decode(cpus.stdout));
    assert.ok(expected >= 1, `node counted ${expected} CPUs`);
    const result = await runNodeBin(
      bin,
      ["profile", "--only", "execution", "--iterations", "2", "--json"],
      dir,
    );
    assert.equal(result.code, 0, result.err);
    const report = JSON.parse(result.out);
    assert.equal(report.runtime.name, "node");
    assert.equal(report.execution.backend, "worker_threads Worker (Node.js)");
    assert.equal(report.execution.workers, expected);
    assert.equal(report.runtime.cpus, expected);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
