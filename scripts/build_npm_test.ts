import assert from "node:assert/strict";
import { bareImports, npmDependencies, npmExports, splitOptionalPeers } from "./build_npm.ts";
import { lineCoverage } from "./check.ts";
import type { Member } from "./_workspace.ts";
import { root } from "./_workspace.ts";

Deno.test("npmExports() lists runtime conditions in order when variant files exist", () => {
  const files = new Set(["./fs_deno.ts", "./fs_node.ts", "./fs_browser.ts"]);
  const exports = npmExports({ ".": "./mod.ts", "./fs": "./fs.ts" }, (path) => files.has(path));
  assert.deepEqual(exports["."], { types: "./mod.d.ts", default: "./mod.js" });
  assert.deepEqual(exports["./fs"], {
    types: "./fs.d.ts",
    deno: "./fs_deno.js",
    browser: "./fs_browser.js",
    node: "./fs_node.js",
    default: "./fs.js",
  });
  assert.deepEqual(Object.keys(exports["./fs"] as object), [
    "types",
    "deno",
    "browser",
    "node",
    "default",
  ]);
  assert.equal(exports["./package.json"], "./package.json");
});

Deno.test("bareImports() finds packages, not relative files, node: built-ins or strings", () => {
  const source = `
    import { a } from "./a.ts";
    import type { B } from "@atomiton/platform/metrics";
    export { c } from "zustand/vanilla";
    import fs from "node:fs";
    const lazy = () => import("ioredis");
    const text = "import x from 'not-a-package'";
  `;
  assert.deepEqual(bareImports(source).sort(), ["@atomiton/platform", "ioredis", "zustand"]);
});

const member = (name: string, version = "1.2.3"): Member => ({
  folder: name.split("/")[1]!,
  dir: "",
  name,
  version,
  license: "MIT",
  exports: {},
  description: "",
});

Deno.test("npmDependencies() pins siblings to their version and npm packages from the import map", () => {
  const store = member("@atomiton/store");
  const storage = member("@atomiton/storage", "0.4.0");
  const deps = npmDependencies(store, [store, storage], { zustand: "npm:zustand@^5.0.8" }, [
    "zustand",
    "@atomiton/storage",
    "@atomiton/store",
  ]);
  assert.deepEqual(deps, { "@atomiton/storage": "^0.4.0", zustand: "^5.0.8" });
});

Deno.test("npmDependencies() refuses an import the import map does not pin", () => {
  const store = member("@atomiton/store");
  assert.throws(
    () => npmDependencies(store, [store], { zustand: "jsr:@x/zustand@1" }, ["zustand", "left-pad"]),
    /imports "zustand", which the root import map does not pin as an npm package/,
  );
});

Deno.test("lineCoverage() counts member sources only, not tests or other folders", () => {
  const lcov = [
    `SF:${root}/platform/env.ts\nLF:10\nLH:9\nend_of_record`,
    `SF:${root}/platform/env_test.ts\nLF:50\nLH:50\nend_of_record`,
    `SF:${root}/scripts/testing/needs.ts\nLF:20\nLH:0\nend_of_record`,
    `SF:${root}/di/container.ts\nLF:4\nLH:1\nend_of_record`,
  ].join("\n");
  const coverage = lineCoverage(lcov, ["platform", "di"]);
  assert.deepEqual(coverage.get("platform"), { hit: 9, found: 10 });
  assert.deepEqual(coverage.get("di"), { hit: 1, found: 4 });
  assert.equal(coverage.has("scripts"), false);
});

Deno.test("splitOptionalPeers() moves only the optional clients to optional peer dependencies", () => {
  assert.deepEqual(splitOptionalPeers({ "@atomiton/platform": "^0.1.0", ioredis: "6.0.0" }), {
    dependencies: { "@atomiton/platform": "^0.1.0" },
    peerDependencies: { ioredis: "6.0.0" },
    peerDependenciesMeta: { ioredis: { optional: true } },
  });
  assert.deepEqual(splitOptionalPeers({ zustand: "5.1.0" }), {
    dependencies: { zustand: "5.1.0" },
  });
});
