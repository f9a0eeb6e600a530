import assert from "node:assert/strict";
import { scratchClone } from "./_api_clone.ts";

// Only this task's own scripts come from the working tree; the rest is the last commit.
const API_SCRIPTS = /^(_api.*|api)\.ts$/;

Deno.test("api --check fails on a changed, an added and a removed export, naming each", async () => {
  await using clone = await scratchClone(API_SCRIPTS);
  // A fresh report first: the test is about the changes below, not about the last commit.
  assert.equal((await clone.run("scripts/api.ts")).code, 0);
  assert.equal((await clone.run("scripts/api.ts", "--check")).code, 0);

  await clone.edit(
    "platform/detect_runtime.ts",
    "export function detectRuntime(): Runtime {",
    "export function detectRuntime(_probe?: string): Runtime {",
  );
  await clone.edit("platform/mod.ts", 'export { env } from "./env.ts";\n', "");
  await clone.edit(
    "platform/mod.ts",
    'export { hasCapability } from "./has_capability.ts";',
    'export { hasCapability } from "./has_capability.ts";\nexport const apiProbe = 1;',
  );
  const { code, output } = await clone.run("scripts/api.ts", "--check");
  assert.equal(code, 1, output);
  assert.match(output, /changed: @atomiton\/platform#detectRuntime\n/);
  assert.match(output, /added: +@atomiton\/platform#apiProbe\n/);
  assert.match(output, /removed: @atomiton\/platform#env\n/);
  assert.match(output, /deno task api/);
  assert.doesNotMatch(output, /#(getPlatformInfo|hasCapability)\n/);

  assert.equal((await clone.run("scripts/api.ts")).code, 0);
  assert.equal((await clone.run("scripts/api.ts", "--check")).code, 0);
});
