// deno-lint-ignore-file no-console
// The npm copy beside the lowest and the highest version of every range it declares
// (React, ioredis, TypeScript, zustand): npm installs them without --force or
// --legacy-peer-deps, the store's React hook renders, storage and events run on a real
// Redis through the installed ioredis, migrate-imports parses with the installed
// TypeScript (or, on 7, whose package has no compiler API, says so and names typescript@6),
// and every package's declarations type-check in a Node-only project.
// Registered by consumer_test.ts, whose build and installs they share.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { consumerProject, installedVersion, lowestOf } from "./_consumer_project.ts";
import { NPM_RANGES } from "./build_npm.ts";
import { inRange } from "./_npm_range.ts";
import { readMembers } from "./_workspace.ts";
import { runOnNode } from "./testing/bundle.ts";
import { has, requireAll } from "./testing/needs.ts";
import { startRedis } from "./testing/redis.ts";

const RESULT = "ATOMITON_SMOKE_RESULT ";

/** A module that imports every export entry of every package, for the declaration check. */
function importsOfEveryEntry(): string {
  return readMembers().flatMap((member) =>
    Object.keys(member.exports).map((key) =>
      key === "." ? member.name : `${member.name}/${key.slice(2)}`
    )
  ).map((entry, i) => `export * as entry${i} from ${JSON.stringify(entry)};`).join("\n") + "\n";
}

const NODE_ONLY_TSCONFIG = {
  compilerOptions: {
    target: "es2022",
    lib: ["es2023"],
    types: ["node"],
    module: "nodenext",
    moduleResolution: "nodenext",
    strict: true,
    skipLibCheck: false,
    noEmit: true,
  },
  files: ["node_only_check.ts", "third_party.d.ts"],
};

// ioredis' own declarations import redis-errors, which ships no types: ioredis' flaw, not ours.
const THIRD_PARTY = 'declare module "redis-errors";\n';

for (const cell of ["lowest", "highest"] as const) {
  Deno.test(`npm install puts the packages beside the ${cell} peers of each range`, async () => {
    const dir = await consumerProject(cell);
    for (const [name, range] of Object.entries(NPM_RANGES)) {
      for (const installed of name === "react" ? [name, "react-dom"] : [name]) {
        const version = await installedVersion(dir, installed);
        if (cell === "lowest") {
          assert.equal(version, lowestOf(range), `${installed} in the lowest cell`);
        } else assert.ok(inRange(version, range), `${installed}@${version} is in ${range}`);
      }
    }
    const newest = (name: string): number =>
      Number(NPM_RANGES[name]!.split("||").at(-1)!.match(/\d+/)![0]);
    if (cell === "highest") {
      assert.equal((await installedVersion(dir, "react")).split(".")[0], String(newest("react")));
    }
    // One zustand: the store uses the app's own copy.
    assert.equal(existsSync(join(dir, "node_modules/@atomiton/store/node_modules/zustand")), false);
  });

  Deno.test(`the store's React hook and Redis storage and events work with the ${cell} peers on Node`, async () => {
    const dir = await consumerProject(cell);
    const env: Record<string, string> = {};
    // startRedis() fails with a clear message when CI requires the server and it is missing.
    const wanted = has("redis-server") || requireAll();
    await using redis = wanted ? await startRedis() : undefined;
    if (redis) env.ATOMITON_REDIS_URL = redis.url;
    else {console.warn(
        "SKIP: redis-server is missing: the Redis part of the peer smoke did not run",
      );}
    const { code, stdout, stderr } = await runOnNode("peers.js", [], { cwd: dir, env });
    assert.equal(code, 0, stderr);
    const line = stdout.split("\n").find((candidate) => candidate.startsWith(RESULT));
    assert.ok(line, `no result line in:\n${stdout}\n${stderr}`);
    const { failures, versions } = JSON.parse(line.slice(RESULT.length));
    assert.deepEqual(failures, []);
    // The smoke met the versions this cell installed.
    for (const name of ["react", "ioredis"]) {
      assert.equal(versions[name], await installedVersion(dir, name));
    }
  });

  Deno.test(`atomiton migrate-imports parses with the ${cell} TypeScript, or says 7 cannot`, async () => {
    const dir = await consumerProject(cell);
    const app = await Deno.makeTempDir({ dir, prefix: "old-app-" });
    await Deno.writeTextFile(
      join(app, "main.ts"),
      'import type { UIStore } from "@atomiton/core";\nexport type Ui = UIStore;\n',
    );
    const home = await Deno.makeTempDir({ dir, prefix: "home-" });
    const bin = join(dir, "node_modules", ".bin", "atomiton");
    const { code, stdout, stderr } = await runOnNode(bin, ["migrate-imports", app], {
      cwd: dir,
      env: { ATOMITON_HOME: home, NO_COLOR: "1" },
    });
    const typescript = await installedVersion(dir, "typescript");
    if (Number(typescript.split(".")[0]) >= 7) {
      // TypeScript 7's package has no compiler API: the command says what works, and writes nothing.
      assert.equal(code, 4, `typescript@${typescript}:\n${stdout}\n${stderr}`);
      assert.match(stderr, /error \[UNAVAILABLE\]: .*found \(version 7\.\d+\.\d+\)/);
      assert.match(stderr, /npx -p typescript@6 -p @atomiton\/cli atomiton migrate-imports <dir>/);
      assert.match(await Deno.readTextFile(join(app, "main.ts")), /from "@atomiton\/core"/);
      return;
    }
    assert.equal(code, 0, `typescript@${typescript}:\n${stdout}\n${stderr}`);
    assert.match(
      await Deno.readTextFile(join(app, "main.ts")),
      /^import type \{ UIStore \} from "@atomiton\/store";$/m,
    );
  });

  Deno.test(`every package's .d.ts type-checks in a Node-only project with the ${cell} TypeScript`, async () => {
    const dir = await consumerProject(cell);
    await Deno.writeTextFile(join(dir, "node_only_check.ts"), importsOfEveryEntry());
    await Deno.writeTextFile(join(dir, "third_party.d.ts"), THIRD_PARTY);
    await Deno.writeTextFile(
      join(dir, "tsconfig.node-only.json"),
      JSON.stringify(NODE_ONLY_TSCONFIG),
    );
    const tsc = join(dir, "node_modules", "typescript", "bin", "tsc");
    const { code, stdout, stderr } = await runOnNode(tsc, ["-p", "tsconfig.node-only.json"], {
      cwd: dir,
    });
    assert.equal(code, 0, `tsc (lib es2023, types node, skipLibCheck false):\n${stdout}${stderr}`);
  });
}
