import assert from "node:assert/strict";
import { cp, readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { runCli } from "../testdata/cli.ts";

const FIXTURE = new URL("../testdata/old-core-app", import.meta.url).pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

/** The files the codemod can rewrite completely; they must type-check afterwards. */
const COMPLETE = [
  "src/events.ts",
  "src/index.ts",
  "src/platform.ts",
  "src/storage.ts",
  "src/types.ts",
  "src/ui.tsx",
  "src/untouched.ts",
];

/** A copy of the fixture app in a scratch folder, with an installed package to skip. */
async function copyApp(): Promise<{ parent: string; app: string; home: string }> {
  const parent = await Deno.makeTempDir();
  const app = join(parent, "app");
  await cp(FIXTURE, app, { recursive: true });
  await Deno.mkdir(join(app, "node_modules/@atomiton/core"), { recursive: true });
  await Deno.writeTextFile(
    join(app, "node_modules/@atomiton/core/index.js"),
    'export { MemoryClient } from "@atomiton/core/clients";\n',
  );
  return { parent, app, home: join(parent, "home") };
}

/** Every file under `root`, by relative path. */
async function snapshot(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path), await readFile(path, "latin1"));
  }
  return files;
}

Deno.test("atomiton migrate-imports --dry-run prints the diff and changes no file", async () => {
  const { parent, app, home } = await copyApp();
  try {
    const before = await snapshot(app);
    const { code, stdout, stderr } = await runCli(["migrate-imports", "app", "--dry-run"], {
      cwd: parent,
      env: { ATOMITON_HOME: home },
    });
    assert.equal(code, 1, stderr);
    assert.deepEqual(await snapshot(app), before);
    const headers = stdout.split("\n").filter((line) => line.startsWith("--- a/"));
    assert.deepEqual(headers, [
      "--- a/app/src/app.ts",
      "--- a/app/src/events.ts",
      "--- a/app/src/index.ts",
      "--- a/app/src/lazy.mjs",
      "--- a/app/src/platform.ts",
      "--- a/app/src/storage.ts",
      "--- a/app/src/types.ts",
      "--- a/app/src/ui.tsx",
    ]);
    assert.match(
      stdout,
      /\n-import \{ getPlatformInfo, type PlatformFeatures \} from "@atomiton\/core";\n/,
    );
    assert.match(
      stdout,
      /\n\+import \{ getPlatformInfo, type Capabilities as PlatformFeatures \} from "@atomiton\/platform";\n/,
    );
    assert.match(stderr, /^would rewrite app\/src\/app\.ts: 1 import\n/);
    assert.match(
      stderr,
      /dry run: 8 files would be rewritten \(12 imports\), .*; 11 files scanned; nothing was written\./,
    );
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("atomiton migrate-imports rewrites the app, which then type-checks; a second run changes nothing", async () => {
  const { parent, app, home } = await copyApp();
  try {
    const before = await snapshot(app);
    const first = await runCli(["migrate-imports", "app"], {
      cwd: parent,
      env: { ATOMITON_HOME: home },
    });
    assert.equal(first.code, 1, first.stderr);
    assert.equal(first.stderr, "");
    const after = await snapshot(app);

    // Rewritten: exactly as written by hand, in the file's own style.
    assert.equal(
      after.get("src/types.ts")!.split("\n").slice(3, 13).join("\n"),
      [
        "import type {",
        "  Job, // a queued blueprint run",
        "  JobStatus,",
        "  /* the UI */ UIState,",
        "  Preferences as UIPreferences,",
        "} from '@atomiton/store'",
        "import { type StorageClient as IStorageClient } from '@atomiton/storage'",
        "import { type PlatformInfo, type Runtime as RuntimePlatform } from '@atomiton/platform'",
        "",
        "export type { ExecutionState, SessionState as Session } from '@atomiton/store'",
      ].join("\n"),
    );
    assert.equal(
      after.get("src/index.ts"),
      "// deno-fmt-ignore-file\r\n// deno-lint-ignore-file\r\n// Written on Windows: CRLF line endings.\r\n" +
        'export { MemoryClient } from "@atomiton/storage";\r\n' +
        'export { EventClient as Events } from "@atomiton/events";\r\n' +
        'export type { Blueprint, BlueprintState } from "@atomiton/store";\r\n' +
        'export { describeJob } from "./types.ts";\r\n',
    );
    assert.match(
      after.get("src/lazy.mjs")!,
      /^import \{ getPlatformInfo \} from "@atomiton\/platform";$/m,
    );
    assert.match(after.get("src/app.ts")!, /^import \* as core from "@atomiton\/core";$/m);

    // Not sources, build output, installed packages, mentions: untouched.
    for (
      const path of [
        "README.md",
        "package.json",
        "dist/bundle.js",
        "build/out.js",
        "src/legacy.cjs",
        "src/untouched.ts",
        "node_modules/@atomiton/core/index.js",
      ]
    ) {
      assert.equal(after.get(path), before.get(path), path);
    }

    // The report: what it changed, what needs a person, what it left, what to install.
    const out = first.stdout;
    assert.match(out, /^rewrote app\/src\/app\.ts: 1 import\n/);
    assert.match(out, /needs manual work \(14\)/);
    assert.match(
      out,
      /app\/src\/app\.ts:19:17 {2}withMonitoring is now MonitoredStorageClient from @atomiton\/storage/,
    );
    assert.match(
      out,
      /app\/src\/app\.ts:20:23 {2}NodeProcessClient is now ProcessClient from @atomiton\/execution\/process/,
    );
    assert.match(out, /left unchanged \(15\)/);
    for (
      const reason of [
        /initializeStore has no counterpart/,
        /a namespace import/,
        /for its side effects only/,
        /`export \*`/,
        /app\/src\/lazy\.mjs:9:33 {2}a dynamic import\(\)/,
        /app\/src\/legacy\.cjs:3:26 {2}a require\(\)/,
      ]
    ) {
      assert.match(out, reason);
    }
    assert.match(
      out,
      /npm install @atomiton\/events @atomiton\/execution @atomiton\/platform @atomiton\/storage @atomiton\/store\n/,
    );
    assert.match(out, /keep @atomiton\/core for now: 7 places still name it/);
    assert.match(
      out,
      /8 files rewritten \(12 imports\), 14 needing manual work, 15 left unchanged; 11 files scanned\./,
    );

    // What was rewritten completely type-checks against the new packages.
    const check = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--quiet", "--config", CONFIG, ...COMPLETE.map((path) => join(app, path))],
      env: { NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.equal(check.code, 0, new TextDecoder().decode(check.stderr));

    const second = await runCli(["migrate-imports", "app"], {
      cwd: parent,
      env: { ATOMITON_HOME: home },
    });
    assert.equal(second.code, 1);
    assert.deepEqual(await snapshot(app), after);
    assert.match(
      second.stdout,
      /0 files rewritten \(0 imports\), 0 needing manual work, 15 left unchanged/,
    );
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("atomiton migrate-imports --json reports every fact as a JSON line", async () => {
  const { parent, app, home } = await copyApp();
  try {
    const { code, stdout, stderr } = await runCli([
      "migrate-imports",
      join(app, "src/storage.ts"),
      "--json",
    ], {
      cwd: parent,
      env: { ATOMITON_HOME: home },
    });
    assert.equal(code, 1, stderr);
    assert.equal(stderr, "");
    const lines = stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
    assert.deepEqual(lines.map((line) => line.type), [
      "rewrite",
      "rewrite",
      "manual",
      "manual",
      "manual",
      "dependencies",
      "summary",
    ]);
    assert.deepEqual(lines[0].to, ["@atomiton/storage"]);
    assert.deepEqual(lines[1].to, ["@atomiton/storage/fs"]);
    assert.deepEqual(lines.at(-2).add, ["@atomiton/storage"]);
    assert.equal(lines.at(-2).npm, "npm install @atomiton/storage");
    assert.equal(lines.at(-1).filesChanged, 1);
    assert.match(
      await Deno.readTextFile(join(app, "src/storage.ts")),
      /from "@atomiton\/storage\/fs";/,
    );
  } finally {
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("atomiton migrate-imports exits 3 for a folder that does not exist", async () => {
  const home = await Deno.makeTempDir();
  try {
    const { code, stdout, stderr } = await runCli(["migrate-imports", "no/such/folder"], {
      cwd: home,
      env: { ATOMITON_HOME: home },
    });
    assert.equal(code, 3);
    assert.equal(stdout, "");
    assert.equal(stderr, 'error [NOT_FOUND]: No such folder or file: "no/such/folder".\n');
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
