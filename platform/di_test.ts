import assert from "node:assert/strict";
import { Container } from "@atomiton/di";
import { nowToken, platformInfoToken, providePlatform } from "./di.ts";
import { getPlatformInfo } from "./get_platform_info.ts";
import { now } from "./now.ts";

Deno.test("providePlatform() registers the platform description and the clock", async () => {
  await using container = providePlatform(new Container());
  assert.equal(container.resolve(platformInfoToken), getPlatformInfo());
  assert.equal(container.resolve(nowToken), now);
});

Deno.test("providePlatform() services can be replaced in a child without touching the parent", async () => {
  await using app = providePlatform(new Container());
  await using test = app.createChild().registerValue(nowToken, () => 7, { override: true });
  assert.equal(test.resolve(nowToken)(), 7);
  assert.equal(app.resolve(nowToken), now);
});
