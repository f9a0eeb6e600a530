import assert from "node:assert/strict";
import { join } from "node:path";
import * as esbuild from "esbuild";
import {
  bareImports,
  buildMember,
  NPM_RANGES,
  npmDependencies,
  npmExports,
  reachableFiles,
  splitOptionalPeers,
} from "./build_npm.ts";
import { lineCoverage } from "./check.ts";
import type { Member } from "./_workspace.ts";
import { readMembers, readRootConfig, root } from "./_workspace.ts";
import { inRange } from "./_npm_range.ts";

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

Deno.test("npmDependencies() declares siblings by their version and npm packages by their range", () => {
  const store = member("@atomiton/store");
  const storage = member("@atomiton/storage", "0.4.0");
  const deps = npmDependencies(
    store,
    [store, storage],
    { zustand: "npm:zustand@5.1.0" },
    ["zustand", "@atomiton/storage", "@atomiton/store"],
    { zustand: "^5.0.0" },
  );
  assert.deepEqual(deps, { "@atomiton/storage": "^0.4.0", zustand: "^5.0.0" });
});

Deno.test("npmDependencies() refuses a package with no declared range, or a pin outside it", () => {
  const store = member("@atomiton/store");
  assert.throws(
    () => npmDependencies(store, [store], { zustand: "npm:zustand@5.1.0" }, ["zustand"], {}),
    /imports "zustand": add the versions it supports to NPM_RANGES/,
  );
  assert.throws(
    () =>
      npmDependencies(store, [store], { react: "npm:react@20.0.0" }, ["react"], {
        react: "^18.0.0 || ^19.0.0",
      }),
    /pins react@20\.0\.0, outside the range/,
  );
});

Deno.test("NPM_RANGES holds every version the import map pins for development", () => {
  const imports = readRootConfig().imports;
  for (const [name, range] of Object.entries(NPM_RANGES)) {
    const pin = imports[name]?.match(/^npm:(?:@?[^@]+)@(.+)$/)?.[1];
    assert.ok(pin, `the import map pins ${name}`);
    assert.ok(inRange(pin, range), `${name}@${pin} in ${range}`);
  }
});

Deno.test("the npm copy declares ranges, keeps docs in .d.ts and ships .js without JSDoc", async () => {
  const out = await Deno.makeTempDir({ prefix: "atomiton-build-" });
  try {
    const members = readMembers();
    const store = members.find((m) => m.folder === "store")!;
    const dir = await buildMember(store, members, readRootConfig().imports, out);
    const manifest = JSON.parse(await Deno.readTextFile(join(dir, "package.json")));
    assert.equal(manifest.dependencies.zustand, NPM_RANGES.zustand);
    assert.equal(manifest.peerDependencies.react, "^18.0.0 || ^19.0.0");
    // Platform counts CPUs through process.getBuiltinModule, which Node has from 20.16 on.
    assert.equal(manifest.engines.node, ">=20.16");
    const js: string[] = [];
    const dts: string[] = [];
    const walk = (folder: string): void => {
      for (const entry of Deno.readDirSync(folder)) {
        const path = join(folder, entry.name);
        if (entry.isDirectory) walk(path);
        else if (entry.name.endsWith(".d.ts")) dts.push(path);
        else if (entry.name.endsWith(".js")) js.push(path);
      }
    };
    walk(dir);
    assert.ok(js.length > 5 && dts.length > 5);
    for (const file of js) {
      const text = await Deno.readTextFile(file);
      assert.ok(!text.includes("@example") && !text.includes("/**"), `${file} has doc comments`);
      assert.match(
        text,
        /^\/\/ @atomiton\/store \d+\.\d+\.\d+ \| SPDX-License-Identifier: MIT \| see LICENSE\n/,
      );
    }
    const docs = await Promise.all(dts.map((file) => Deno.readTextFile(file)));
    assert.ok(docs.some((text) => text.includes("@example")), "the .d.ts files keep the examples");
  } finally {
    await esbuild.stop();
    await Deno.remove(out, { recursive: true });
  }
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
  const ioredis = "^5.0.0 || ^6.0.0";
  assert.deepEqual(splitOptionalPeers({ "@atomiton/platform": "^0.1.0", ioredis }), {
    dependencies: { "@atomiton/platform": "^0.1.0" },
    peerDependencies: { ioredis },
    peerDependenciesMeta: { ioredis: { optional: true } },
  });
  assert.deepEqual(splitOptionalPeers({ zustand: "^5.0.0" }), {
    dependencies: { zustand: "^5.0.0" },
  });
});

Deno.test("reachableFiles() follows imports and import patterns, and leaves stray files out", async () => {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-reach-" });
  try {
    const files: Record<string, string> = {
      "mod.ts":
        'export * from "./a.ts";\nconst load = (n: string) => import(`./_${n}_command.ts`);',
      "a.ts": 'import type { B } from "./sub/b.ts";\nexport type A = B;',
      "sub/b.ts": "export type B = 1;",
      "_run_command.ts": "export const run = 1;",
      "_tmp_scratch.ts": 'import * as esbuild from "esbuild";',
    };
    await Deno.mkdir(join(dir, "sub"));
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(join(dir, name), text);
    }
    const sources = Object.keys(files).map((name) => join(dir, name));
    assert.deepEqual(
      reachableFiles([join(dir, "mod.ts")], sources).map((file) => file.slice(dir.length + 1)),
      ["_run_command.ts", "a.ts", "mod.ts", "sub/b.ts"],
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
