import assert from "node:assert/strict";
import { getPlatformInfo } from "@atomiton/platform";
import { logicalCpus } from "./_cpus.ts";

Deno.test("logicalCpus() counts as getPlatformInfo().hardwareConcurrency does", () => {
  assert.equal(logicalCpus(), getPlatformInfo().hardwareConcurrency);
  assert.ok(logicalCpus() >= 1);
});
