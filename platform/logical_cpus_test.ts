import assert from "node:assert/strict";
import { getPlatformInfo } from "./get_platform_info.ts";
import { logicalCpus } from "./logical_cpus.ts";

Deno.test("logicalCpus() counts as getPlatformInfo().hardwareConcurrency does", () => {
  assert.equal(logicalCpus(), getPlatformInfo().hardwareConcurrency);
  assert.ok(logicalCpus() >= 1);
});
