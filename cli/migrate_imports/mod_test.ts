import assert from "node:assert/strict";
import { main } from "../main.ts";
import { captureIo } from "../testdata/cli.ts";

/** A scratch project: files by path; returns its folder. */
async function project(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await Deno.makeTempDir();
  for (const [file, content] of Object.entries(files)) {
    const path = `${root}/${file}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(path, content);
    else await Deno.writeFile(path, content);
  }
  return root;
}

async function run(
  root: string,
  args: readonly string[],
  env: Record<string, string> = {},
  signal = new AbortController().signal,
): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo({ ATOMITON_HOME: `${root}/.home`, ...env }, { cwd: root });
  const code = await main(["migrate-imports", ...args], { io, signal });
  return { code, out: io.out(), err: io.err() };
}

const MOVED = 'import type { Job, UIPreferences } from "@atomiton/core";\n' +
  'export type { Blueprint } from "@atomiton/core";\n';
const MIXED = 'import { withMonitoring, setTheme, MemoryClient } from "@atomiton/core";\n' +
  "setTheme('dark');\nexport const storage = withMonitoring(new MemoryClient());\n";

Deno.test("migrate-imports rewrites a folder and exits 0 when nothing is left to do", async () => {
  const root = await project({ "src/types.ts": MOVED, "src/other.ts": "export const x = 1;\n" });
  try {
    const { code, out, err } = await run(root, ["src"]);
    assert.equal(err, "");
    assert.equal(code, 0);
    assert.equal(
      await Deno.readTextFile(`${root}/src/types.ts`),
      'import type { Job, Preferences as UIPreferences } from "@atomiton/store";\n' +
        'export type { Blueprint } from "@atomiton/store";\n',
    );
    assert.match(out, /^rewrote src\/types\.ts: 2 imports\n/);
    assert.match(out, /the rewritten imports need @atomiton\/store\n/);
    assert.match(out, /npm install @atomiton\/store\n/);
    assert.match(out, /deno add jsr:@atomiton\/store\n/);
    assert.match(
      out,
      /1 file rewritten \(2 imports\), 0 needing manual work, 0 left unchanged; 2 files scanned\./,
    );
    assert.doesNotMatch(out, /manual work \(|left unchanged \(/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migrate-imports lists what needs a person and exits 1", async () => {
  const root = await project({
    "package.json": JSON.stringify({ dependencies: { "@atomiton/core": "^0.1.0" } }),
    "app.ts": MIXED,
  });
  try {
    const { code, out } = await run(root, ["."]);
    assert.equal(code, 1);
    assert.match(out, /needs manual work \(2\): uses of exports whose API changed\n/);
    assert.match(
      out,
      /app\.ts:3:24 {2}withMonitoring is now MonitoredStorageClient from @atomiton\/storage/,
    );
    assert.match(out, /\n {6}export const storage = withMonitoring\(new MemoryClient\(\)\);\n/);
    assert.match(out, /left unchanged \(1\):\n {2}app\.ts:1:26 {2}setTheme has no counterpart/);
    assert.match(out, /keep @atomiton\/core for now: 1 place still names it\n/);
    assert.doesNotMatch(out, /deno add/); // a package.json, no deno.json
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migrate-imports says @atomiton/core can go once nothing names it", async () => {
  const root = await project({
    "deno.json": JSON.stringify({ imports: { "@atomiton/core": "npm:@atomiton/core@0.1.0" } }),
    "a.ts": MOVED,
  });
  try {
    const { code, out } = await run(root, ["a.ts"]);
    assert.equal(code, 0);
    assert.match(out, /rewrote a\.ts: 2 imports/);
    assert.match(out, /nothing names @atomiton\/core any more: remove it/);
    assert.match(out, /deno add jsr:@atomiton\/store/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migrate-imports --dry-run prints a diff to stdout, the report to stderr, writes nothing", async () => {
  const root = await project({ "app.ts": MIXED });
  try {
    const { code, out, err } = await run(root, ["--dry-run", "."]);
    assert.equal(code, 1);
    assert.equal(await Deno.readTextFile(`${root}/app.ts`), MIXED);
    assert.equal(
      out,
      [
        "--- a/app.ts",
        "+++ b/app.ts",
        "@@ -1,3 +1,4 @@",
        '-import { withMonitoring, setTheme, MemoryClient } from "@atomiton/core";',
        '+import { MonitoredStorageClient, MemoryClient } from "@atomiton/storage";',
        '+import { setTheme } from "@atomiton/core";',
        " setTheme('dark');",
        " export const storage = withMonitoring(new MemoryClient());",
        "",
      ].join("\n"),
    );
    assert.match(err, /^would rewrite app\.ts: 1 import\n/);
    assert.match(err, /the rewrites would need @atomiton\/storage/);
    assert.match(err, /dry run: 1 file would be rewritten .*; nothing was written\./);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migrate-imports colours the diff on a terminal that wants colour", async () => {
  const root = await project({ "app.ts": MIXED });
  try {
    const { out } = await run(root, [".", "--dry-run"], { FORCE_COLOR: "1" });
    assert.ok(out.includes("\x1b[31m-import { withMonitoring"), out);
    assert.ok(out.includes("\x1b[32m+import { setTheme }"), out);
    assert.ok(out.includes("\x1b[36m@@ -1,3 +1,4 @@"), out);
    assert.ok(out.includes("\x1b[1m--- a/app.ts"), out);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migrate-imports --json prints one JSON object per line and nothing else", async () => {
  const root = await project({ "app.ts": MIXED, "types.ts": MOVED });
  try {
    const { code, out, err } = await run(root, [".", "--json", "--dry-run"]);
    assert.equal(code, 1);
    assert.equal(err, "");
    const lines = out.trimEnd().split("\n").map((line) => JSON.parse(line));
    assert.deepEqual(lines.map((line) => line.type), [
      "rewrite",
      "manual",
      "manual",
      "unchanged",
      "diff",
      "rewrite",
      "rewrite",
      "diff",
      "dependencies",
      "summary",
    ]);
    assert.deepEqual(lines[0].to, ["@atomiton/storage"]);
    assert.equal(lines[0].file, "app.ts");
    assert.equal(lines[3].kind, "no-counterpart");
    assert.match(lines[4].diff, /^--- a\/app\.ts\n/);
    assert.deepEqual(lines.at(-2).add, ["@atomiton/storage", "@atomiton/store"]);
    assert.deepEqual(lines.at(-1), {
      type: "summary",
      dryRun: true,
      scanned: 2,
      filesChanged: 2,
      importsRewritten: 3,
      manual: 2,
      unchanged: 1,
      exitCode: 1,
    });
    assert.equal(await Deno.readTextFile(`${root}/app.ts`), MIXED);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migrate-imports lists a file that is not UTF-8 only when it names the package", async () => {
  const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
  const root = await project({
    "old.ts": latin1('// caf\xe9\nimport { MemoryClient } from "@atomiton/core";\n'),
    "other.ts": latin1("// caf\xe9\nexport {};\n"),
  });
  try {
    const { code, out } = await run(root, ["."]);
    assert.equal(code, 1);
    assert.match(out, /left unchanged \(1\):\n {2}old\.ts:1:1 {2}not UTF-8 text: left as it is/);
    assert.match(out, /0 files rewritten .* 2 files scanned/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migrate-imports stops between files when cancelled", async () => {
  const root = await project({ "a.ts": MOVED });
  try {
    const controller = new AbortController();
    controller.abort();
    const { code, err } = await run(root, ["."], {}, controller.signal);
    assert.equal(code, 130);
    assert.match(err, /cancelled/);
    assert.equal(await Deno.readTextFile(`${root}/a.ts`), MOVED);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migrate-imports rejects a missing folder, a non-source file and bad arguments", async () => {
  const root = await project({ "notes.md": "# notes\n", "a.ts": MOVED });
  try {
    const missing = await run(root, ["nope"]);
    assert.equal(missing.code, 3);
    assert.match(missing.err, /error \[NOT_FOUND\]: No such folder or file: "nope"\./);
    const notes = await run(root, ["notes.md"]);
    assert.equal(notes.code, 2);
    assert.match(
      notes.err,
      /"notes\.md" is neither a folder nor a source file: expected .*\.ts, \.tsx/,
    );
    const none = await run(root, []);
    assert.equal(none.code, 2);
    assert.match(none.err, /atomiton migrate-imports takes <dir>, got none/);
    const two = await run(root, ["a", "b"]);
    assert.equal(two.code, 2);
    const flag = await run(root, [".", "--dryrun"]);
    assert.equal(flag.code, 2);
    assert.match(flag.err, /did you mean "--dry-run"\?/);
    assert.equal(await Deno.readTextFile(`${root}/a.ts`), MOVED);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("migrate-imports --help shows the usage, options and exit codes", async () => {
  const root = await project({});
  try {
    const { code, out } = await run(root, ["--help"]);
    assert.equal(code, 0);
    assert.match(out, /Usage: atomiton migrate-imports <dir> \[options\]/);
    assert.match(out, /--dry-run +Print the changes as a unified diff; write nothing/);
    assert.match(out, /Exit codes: 0 everything was rewritten; 1 something needs manual work/);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("loadTypeScript() says how to get the compiler when it cannot be loaded", async () => {
  const { loadTypeScript } = await import("./_typescript.ts");
  await assert.rejects(
    loadTypeScript(() => Promise.reject(new Error("Cannot find module 'typescript'"))),
    (error: Error & { code?: string; cause?: unknown }) => {
      assert.equal(error.code, "UNAVAILABLE");
      assert.match(
        error.message,
        /npm install -D typescript@6\), or run `npx -p typescript@6 -p @atomiton\/cli atomiton migrate-imports <dir>`\./,
      );
      assert.match(String(error.cause), /Cannot find module/);
      return true;
    },
  );
  const ts = await loadTypeScript();
  assert.equal(typeof ts.createSourceFile, "function");
  const createSourceFile = () => undefined;
  const bare = await loadTypeScript(() => Promise.resolve({ createSourceFile }));
  assert.deepEqual(bare, { createSourceFile });
  const wrapped = await loadTypeScript(() => Promise.resolve({ default: { createSourceFile } }));
  assert.deepEqual(wrapped, { createSourceFile });
});

Deno.test("loadTypeScript() refuses TypeScript 7's package, which has no compiler API, naming typescript@6", async () => {
  const { loadTypeScript } = await import("./_typescript.ts");
  const ts7 = { version: "7.0.2", versionMajorMinor: "7.0" };
  // Node's import() of its CommonJS root gives both the default and the named exports.
  for (const module of [ts7, { default: ts7, ...ts7 }]) {
    await assert.rejects(
      loadTypeScript(() => Promise.resolve(module)),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "UNAVAILABLE");
        assert.match(error.message, /found \(version 7\.0\.2\) does not have/);
        assert.match(error.message, /needs TypeScript 5\.4\.5 to 6\.x/);
        assert.match(
          error.message,
          /`npx -p typescript@6 -p @atomiton\/cli atomiton migrate-imports <dir>`/,
        );
        return true;
      },
    );
  }
  await assert.rejects(
    loadTypeScript(() => Promise.resolve({})),
    /the typescript package found \(version unknown\) does not have/,
  );
});
