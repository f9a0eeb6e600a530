import assert from "node:assert/strict";
import { cp } from "node:fs/promises";
import { join } from "node:path";
import { runCli } from "../testdata/cli.ts";

const FIXTURE = new URL("../testdata/old-core-app", import.meta.url).pathname;
// The workspace's config: "@atomiton/core" is the facade (core/), the new names their members.
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

/** A copy of the old app in a scratch folder; removed at the end of `use`. */
async function withApp(use: (parent: string, app: string) => Promise<void>): Promise<void> {
  const parent = await Deno.makeTempDir();
  try {
    const app = join(parent, "app");
    await cp(FIXTURE, app, { recursive: true });
    await use(parent, app);
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
}

/** Runs the app's entry on Deno: what it printed, and the deprecation notices. */
async function runApp(app: string): Promise<{ stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", "--config", CONFIG, join(app, "src/main.ts")],
    env: { NO_COLOR: "1", ATOMITON_NO_DEPRECATION: "" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(out.stdout);
  const stderr = new TextDecoder().decode(out.stderr);
  assert.equal(out.code, 0, stderr);
  return { stdout, stderr };
}

/** `atomiton migrate-imports <paths>` run from `parent`; exit 1: the store functions are left. */
async function migrate(parent: string, paths: string[]): Promise<void> {
  for (const path of paths) {
    const { code, stderr } = await runCli(["migrate-imports", path], {
      cwd: parent,
      env: { ATOMITON_HOME: join(parent, "home") },
    });
    assert.equal(code, 1, stderr);
  }
}

/** The names the notices on stderr report. */
function noticed(stderr: string): string[] {
  return [...stderr.matchAll(/^@atomiton\/core: (\w+) is deprecated/gm)].map((m) => m[1]!).sort();
}

const STILL_ON_THE_FACADE = [
  "BlueprintSelectors",
  "ExecutionSelectors",
  "UISelectors",
  "addBlueprint",
  "executeBlueprint",
  "getStores",
  "selectBlueprint",
  "showNotification",
];

Deno.test("the old app prints the same on @atomiton/core and after atomiton migrate-imports", async () => {
  await withApp(async (parent, app) => {
    const before = await runApp(app);
    assert.match(before.stdout, /^runtime: deno\n/);
    assert.match(before.stdout, /\ncache: \{"theme":"dark"\} __proto__,user_settings\n/);
    assert.match(before.stdout, /\ncancelled: cancelled done true queued 0\n/);
    assert.deepEqual(
      noticed(before.stderr),
      [
        ...STILL_ON_THE_FACADE,
        "EventClient",
        "FileSystemClient",
        "MemoryClient",
        "MonitoredStorageClient",
        "getPlatformInfo",
      ].sort(),
    );

    await migrate(parent, ["app"]);
    const after = await runApp(app);
    assert.equal(after.stdout, before.stdout);
    // Events, storage and platform now come from the new packages: no notice names them.
    assert.deepEqual(noticed(after.stderr), STILL_ON_THE_FACADE.toSorted());
    // And the migrated entry type-checks: the new packages plus what is left on the facade.
    const check = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--quiet", "--config", CONFIG, join(app, "src/main.ts")],
      env: { NO_COLOR: "1" },
      stderr: "piped",
    }).output();
    assert.equal(check.code, 0, new TextDecoder().decode(check.stderr));
  });
});

Deno.test("the old app prints the same half-migrated (the codemod run on some files only)", async () => {
  await withApp(async (parent, app) => {
    const before = await runApp(app);
    await migrate(parent, ["app/src/storage.ts", "app/src/events.ts"]);
    const half = await runApp(app);
    assert.equal(half.stdout, before.stdout);
    assert.ok(!noticed(half.stderr).includes("MemoryClient"), half.stderr);
    assert.ok(noticed(half.stderr).includes("getPlatformInfo"), half.stderr);
    const storage = await Deno.readTextFile(join(app, "src/storage.ts"));
    assert.match(storage, /from "@atomiton\/storage";/);
    assert.match(await Deno.readTextFile(join(app, "src/platform.ts")), /"@atomiton\/core"/);
  });
});
