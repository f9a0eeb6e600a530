import assert from "node:assert/strict";
import ts from "typescript";
import { type FindingKind, rewriteImports, type RewriteResult } from "./_rewrite.ts";

function rewrite(text: string, file = "app.ts"): RewriteResult {
  return rewriteImports(ts, text, file);
}

function kinds(result: RewriteResult, list: "manual" | "unchanged"): FindingKind[] {
  return result[list].map((finding) => finding.kind);
}

Deno.test("rewriteImports() splits an import into one per new entry, first use first", () => {
  const result = rewrite(
    'import { EventClient, MemoryClient, type IStorageClient, setTheme } from "@atomiton/core";\n',
  );
  assert.equal(
    result.text,
    'import { EventClient } from "@atomiton/events";\n' +
      'import { MemoryClient, type StorageClient as IStorageClient } from "@atomiton/storage";\n' +
      'import { setTheme } from "@atomiton/core";\n',
  );
  assert.deepEqual(result.rewrites, [{
    line: 1,
    from: "@atomiton/core",
    to: ["@atomiton/events", "@atomiton/storage"],
    names: [
      { old: "EventClient", entry: "@atomiton/events", name: "EventClient", status: "changed" },
      { old: "MemoryClient", entry: "@atomiton/storage", name: "MemoryClient", status: "changed" },
      { old: "IStorageClient", entry: "@atomiton/storage", name: "StorageClient", status: "moved" },
    ],
  }]);
  assert.deepEqual([...result.packages], ["@atomiton/events", "@atomiton/storage"]);
  assert.deepEqual(kinds(result, "unchanged"), ["no-counterpart"]);
  assert.equal(result.unchanged[0]!.name, "setTheme");
  assert.match(result.unchanged[0]!.message, /setPreferences\(\{ theme \}\)/);
  assert.equal(result.coreLeft, 1);
});

Deno.test("rewriteImports() keeps aliases and gives renamed exports the old name as alias", () => {
  const result = rewrite(
    'import { MemoryClient as Mem, WebWorkerClient as Pool, type UIPreferences } from "@atomiton/core";\n',
  );
  assert.equal(
    result.text,
    'import { MemoryClient as Mem } from "@atomiton/storage";\n' +
      'import { WorkerPool as Pool } from "@atomiton/execution";\n' +
      'import { type Preferences as UIPreferences } from "@atomiton/store";\n',
  );
});

Deno.test("rewriteImports() marks types with `type` and keeps `import type` statements", () => {
  assert.equal(
    rewrite('import { Job, MemoryClient } from "@atomiton/core";').text,
    'import { type Job } from "@atomiton/store";\nimport { MemoryClient } from "@atomiton/storage";',
  );
  assert.equal(
    rewrite('import type { Job, MemoryClient, RuntimePlatform } from "@atomiton/core";').text,
    'import type { Job } from "@atomiton/store";\n' +
      'import type { MemoryClient } from "@atomiton/storage";\n' +
      'import type { Runtime as RuntimePlatform } from "@atomiton/platform";',
  );
  // A value imported only as a type stays type-only.
  assert.equal(
    rewrite('import { type MemoryClient } from "@atomiton/core";').text,
    'import { type MemoryClient } from "@atomiton/storage";',
  );
});

/** The compiler as TypeScript 5.4 to 5.8 parse: an import clause has isTypeOnly, no phaseModifier. */
const TS_BEFORE_PHASE_MODIFIER: typeof ts = {
  ...ts,
  createSourceFile(...args: Parameters<typeof ts.createSourceFile>): ts.SourceFile {
    const file = ts.createSourceFile(...args);
    const strip = (node: ts.Node): void => {
      if (ts.isImportClause(node)) delete (node as { phaseModifier?: unknown }).phaseModifier;
      ts.forEachChild(node, strip);
    };
    strip(file);
    return file;
  },
};

Deno.test("rewriteImports() keeps `import type` statements with TypeScript 5's syntax tree", () => {
  const text = 'import type { UIStore, MemoryClient } from "@atomiton/core";\n';
  const before = rewriteImports(TS_BEFORE_PHASE_MODIFIER, text, "app.ts");
  assert.equal(
    before.text,
    'import type { UIStore } from "@atomiton/store";\n' +
      'import type { MemoryClient } from "@atomiton/storage";\n',
  );
  assert.equal(before.text, rewrite(text).text);
});

Deno.test("rewriteImports() keeps quotes, semicolons and brace spacing as written", () => {
  assert.equal(
    rewrite("import {Job, Blueprint} from '@atomiton/core'\nconst x = 1\n").text,
    "import {type Job, type Blueprint} from '@atomiton/store'\nconst x = 1\n",
  );
});

Deno.test("rewriteImports() keeps each comment with its specifier in multi-line imports", () => {
  const source = [
    "import { // from the old core",
    "  // storage",
    "  MemoryClient, // in memory",
    "  /* events */ EventClient,",
    "  Job, /* the job */",
    "  // dangling at the end",
    '} from "@atomiton/core";',
    "",
  ].join("\n");
  assert.equal(
    rewrite(source).text,
    [
      "import {",
      "  // from the old core",
      "  // storage",
      "  MemoryClient, // in memory",
      '} from "@atomiton/storage";',
      "import {",
      "  /* events */ EventClient,",
      '} from "@atomiton/events";',
      "import {",
      "  type Job, /* the job */",
      "  // dangling at the end",
      '} from "@atomiton/store";',
      "",
    ].join("\n"),
  );
});

Deno.test("rewriteImports() puts a comment between two specifiers with the one on its line", () => {
  assert.equal(
    rewrite('import { MemoryClient, /* bus */ EventClient } from "@atomiton/core";').text,
    'import { MemoryClient } from "@atomiton/storage";\n' +
      'import { /* bus */ EventClient } from "@atomiton/events";',
  );
  assert.equal(
    rewrite('import { MemoryClient /* mem */, EventClient } from "@atomiton/core";').text,
    'import { MemoryClient /* mem */ } from "@atomiton/storage";\n' +
      'import { EventClient } from "@atomiton/events";',
  );
});

Deno.test("rewriteImports() writes a lone specifier of a multi-line import on one line", () => {
  const source = 'import {\n  MemoryClient,\n  EventClient\n} from "@atomiton/core";';
  assert.equal(
    rewrite(source).text,
    'import { MemoryClient } from "@atomiton/storage";\nimport { EventClient } from "@atomiton/events";',
  );
  const kept = 'import {\n  MemoryClient,\n  MonitoredStorageClient\n} from "@atomiton/core";';
  assert.equal(
    rewrite(kept).text,
    'import {\n  MemoryClient,\n  MonitoredStorageClient\n} from "@atomiton/storage";',
  );
});

Deno.test("rewriteImports() rewrites re-exports, keeping the exported names", () => {
  const result = rewrite(
    'export { MemoryClient, StorageEvent as Op, withMonitoring } from "@atomiton/core";\n' +
      'export type { Blueprint, UIPreferences } from "@atomiton/core";\n',
  );
  assert.equal(
    result.text,
    'export { MemoryClient, type StorageOperationEvent as Op, MonitoredStorageClient as withMonitoring } from "@atomiton/storage";\n' +
      'export type { Blueprint, Preferences as UIPreferences } from "@atomiton/store";\n',
  );
  // Re-exported exports whose API changed: whoever imports them needs a look.
  assert.deepEqual(kinds(result, "manual"), ["re-export", "re-export"]);
  assert.deepEqual(result.manual.map((f) => f.name), ["MemoryClient", "withMonitoring"]);
  assert.equal(result.coreLeft, 0);
});

Deno.test("rewriteImports() leaves what it cannot rewrite safely, and says where and why", () => {
  const source = [
    'import * as core from "@atomiton/core";',
    'import "@atomiton/core";',
    'import {} from "@atomiton/core";',
    'import legacy from "@atomiton/core";',
    'export * from "@atomiton/core";',
    'export * as old from "@atomiton/core";',
    'const lazy = await import("@atomiton/core");',
    'const required = require("@atomiton/core");',
    'const where = require.resolve("@atomiton/core");',
    'import eq = require("@atomiton/core");',
    'type Core = typeof import("@atomiton/core");',
    'vi.mock("@atomiton/core");',
    'declare module "@atomiton/core" {}',
    "",
  ].join("\n");
  const result = rewrite(source);
  assert.equal(result.text, source);
  assert.deepEqual(kinds(result, "unchanged"), [
    "namespace-import",
    "side-effect-import",
    "side-effect-import",
    "default-import",
    "export-star",
    "export-star",
    "dynamic-import",
    "require",
    "require",
    "require",
    "import-type",
    "string-specifier",
    "string-specifier",
  ]);
  assert.deepEqual(result.unchanged.map((f) => `${f.line}:${f.column}`), [
    "1:1",
    "2:1",
    "3:1",
    "4:8",
    "5:1",
    "6:1",
    "7:20",
    "8:18",
    "9:15",
    "10:1",
    "11:13",
    "12:9",
    "13:16",
  ]);
  assert.equal(result.unchanged[6]!.code, 'const lazy = await import("@atomiton/core");');
  assert.equal(result.coreLeft, 13);
  assert.deepEqual(result.rewrites, []);
});

Deno.test("rewriteImports() keeps a default import beside the rewritten names", () => {
  const result = rewrite('import core, { MemoryClient, setTheme } from "@atomiton/core";');
  assert.equal(
    result.text,
    'import core, { setTheme } from "@atomiton/core";\n' +
      'import { MemoryClient } from "@atomiton/storage";',
  );
  const alone = rewrite('import core, { Job } from "@atomiton/core";');
  assert.equal(
    alone.text,
    'import core from "@atomiton/core";\nimport { type Job } from "@atomiton/store";',
  );
  assert.deepEqual(kinds(alone, "unchanged"), ["default-import"]);
  assert.equal(alone.coreLeft, 1);
});

Deno.test("rewriteImports() leaves an import of names with no counterpart byte for byte", () => {
  const source =
    "import {\n  setTheme,   // odd spacing kept\n  nodeRegistry,\n} from '@atomiton/core'\n";
  const result = rewrite(source);
  assert.equal(result.text, source);
  assert.deepEqual(result.edits, []);
  assert.deepEqual(kinds(result, "unchanged"), ["no-counterpart", "unknown-name"]);
  assert.match(result.unchanged[1]!.message, /nodeRegistry is not an export of @atomiton\/core/);
  assert.equal(result.coreLeft, 1);
  const reexport = rewrite('export { getStores, themeTokens } from "@atomiton/core";');
  assert.equal(reexport.text, 'export { getStores, themeTokens } from "@atomiton/core";');
  assert.deepEqual(kinds(reexport, "unchanged"), ["no-counterpart", "unknown-name"]);
});

Deno.test("rewriteImports() lists the uses of a changed export, not property names or types", () => {
  const source = [
    'import { withMonitoring, MemoryClient, getPlatformInfo as info } from "@atomiton/core";',
    "const client: MemoryClient = withMonitoring(new MemoryClient());",
    "const options = { withMonitoring: true, MemoryClient: 1 };",
    "options.withMonitoring = false;",
    "function local(withMonitoring: number): number { return withMonitoring; }",
    "class Cache extends MemoryClient implements MemoryClient {}",
    "export { withMonitoring, info as platform };",
    "console.log(info().runtime, { MemoryClient });",
    "",
  ].join("\n");
  const result = rewrite(source);
  assert.equal(
    result.text.split("\n")[0],
    'import { MonitoredStorageClient, MemoryClient } from "@atomiton/storage";',
  );
  assert.equal(
    result.text.split("\n")[1],
    'import { getPlatformInfo as info } from "@atomiton/platform";',
  );
  assert.deepEqual(
    result.manual.map((f) => `${f.line}:${f.column} ${f.name}`),
    [
      "2:30 withMonitoring", // its local name is gone: every use
      "2:49 MemoryClient", // kept: only where it is used as a value
      "5:57 withMonitoring", // a parameter of that name: listed, scopes are not followed
      "6:21 MemoryClient",
      "7:10 withMonitoring",
      "7:26 info",
      "8:13 info",
      "8:31 MemoryClient",
    ],
  );
  assert.match(
    result.manual[0]!.message,
    /withMonitoring is now MonitoredStorageClient from @atomiton\/storage/,
  );
  assert.match(result.manual[1]!.message, /MemoryClient, now from @atomiton\/storage, changed/);
  assert.deepEqual(kinds(result, "unchanged"), []);
});

Deno.test("rewriteImports() keeps the old local name when the new one is taken in the file", () => {
  const result = rewrite(
    'import { WebWorkerClient } from "@atomiton/core";\nclass WorkerPool {}\nnew WebWorkerClient();\n',
  );
  assert.equal(
    result.text,
    'import { WorkerPool as WebWorkerClient } from "@atomiton/execution";\nclass WorkerPool {}\nnew WebWorkerClient();\n',
  );
  const imported = rewrite(
    'import { WorkerPool } from "piscina";\nimport { WebWorkerClient } from "@atomiton/core";\n',
  );
  assert.match(
    imported.text,
    /import \{ WorkerPool as WebWorkerClient \} from "@atomiton\/execution";/,
  );
});

Deno.test("rewriteImports() imports a name once when old names meet in one new name", () => {
  assert.equal(
    rewrite('import { withMonitoring, MonitoredStorageClient } from "@atomiton/core";').text,
    'import { MonitoredStorageClient } from "@atomiton/storage";',
  );
  // Already imported from the new package: the old import goes, and its line.
  const source = 'import { getPlatformInfo } from "@atomiton/platform";\n' +
    '  import { detectPlatform } from "@atomiton/core";\n' +
    "getPlatformInfo();\n";
  const result = rewrite(source);
  assert.equal(
    result.text,
    'import { getPlatformInfo } from "@atomiton/platform";\ngetPlatformInfo();\n',
  );
  assert.equal(result.rewrites.length, 1);
  assert.deepEqual(result.rewrites[0]!.to, []);
  assert.equal(
    rewrite(
      'import { getPlatformInfo } from "@atomiton/platform"; import { detectPlatform } from "@atomiton/core"; x();',
    ).text,
    'import { getPlatformInfo } from "@atomiton/platform";  x();',
  );
});

Deno.test("rewriteImports() maps subpaths of the old package and nested module blocks", () => {
  const source =
    'declare module "app" {\n  import { MemoryClient, Job } from "@atomiton/core/clients";\n}\n';
  assert.equal(
    rewrite(source).text,
    'declare module "app" {\n  import { MemoryClient } from "@atomiton/storage";\n  import { type Job } from "@atomiton/store";\n}\n',
  );
  const left = rewrite('import { setTheme } from "@atomiton/core/store";');
  assert.equal(left.unchanged[0]!.kind, "no-counterpart");
});

Deno.test("rewriteImports() writes CRLF where the file has CRLF and keeps a byte-order mark", () => {
  const source =
    '\uFEFFimport {\r\n  MemoryClient,\r\n  EventClient,\r\n  Job,\r\n} from "@atomiton/core";\r\nrun();\r\n';
  const result = rewrite(source);
  assert.equal(
    result.text,
    '\uFEFFimport { MemoryClient } from "@atomiton/storage";\r\n' +
      'import { EventClient } from "@atomiton/events";\r\n' +
      'import { type Job } from "@atomiton/store";\r\nrun();\r\n',
  );
  assert.doesNotMatch(result.text.replaceAll("\r\n", ""), /\n/);
  const multi = rewrite(
    'import {\r\n  MemoryClient, // a\r\n  EventClient,\r\n} from "@atomiton/core";\r\n',
  );
  assert.equal(
    multi.text,
    'import {\r\n  MemoryClient, // a\r\n} from "@atomiton/storage";\r\nimport { EventClient } from "@atomiton/events";\r\n',
  );
});

Deno.test("rewriteImports() parses .tsx and writes no `type` modifiers in JavaScript", () => {
  const tsx = rewrite(
    'import { createUIStore, type Notification } from "@atomiton/core";\n' +
      "export const Toast = (p: { n: Notification }) => <p>{p.n.message}</p>;\n" +
      "export const ui = createUIStore();\n",
    "toast.tsx",
  );
  assert.match(
    tsx.text,
    /^import \{ createUIStore, type Notification \} from "@atomiton\/store";\n/,
  );
  assert.deepEqual(tsx.manual.map((f) => f.line), [3]);
  for (const file of ["a.js", "a.jsx", "a.mjs", "a.cjs"]) {
    const js = rewrite(
      'import { MemoryClient, IStorageClient } from "@atomiton/core";\nconst x = <b/>;',
      file,
    );
    assert.equal(
      js.text.split("\n")[0],
      'import { MemoryClient, StorageClient as IStorageClient } from "@atomiton/storage";',
      file,
    );
  }
});

Deno.test("rewriteImports() leaves a file it cannot parse, and says so", () => {
  const source = 'import { MemoryClient } from "@atomiton/core";\nconst = ;\n';
  const result = rewrite(source);
  assert.equal(result.text, source);
  assert.deepEqual(kinds(result, "unchanged"), ["parse-error"]);
  assert.equal(result.unchanged[0]!.line, 2);
  assert.match(result.unchanged[0]!.message, /could not parse it \(.+\); left as it is/);
  assert.equal(result.coreLeft, 1);
});

Deno.test("rewriteImports() ignores comments and strings that only mention the package", () => {
  const source = '// import { MemoryClient } from "@atomiton/core";\n' +
    'export const note = "moved off @atomiton/core";\n' +
    "/* @atomiton/core */ export const sample = `import x from '@atomiton/core'`;\n";
  const result = rewrite(source);
  assert.equal(result.text, source);
  assert.deepEqual([...result.manual, ...result.unchanged], []);
  assert.equal(result.coreLeft, 0);
  const none = rewrite("export const x = 1;\n");
  assert.equal(none.text, "export const x = 1;\n");
  assert.equal(none.packages.size, 0);
});

Deno.test("rewriteImports() changes nothing the second time", () => {
  const source = [
    "// header",
    'import { MemoryClient, withMonitoring, setTheme, type IStorageClient } from "@atomiton/core";',
    "import {",
    "  FileSystemClient, // on disk",
    "  /* events */ EventClient,",
    "  type SystemEvent as SE,",
    "  detectPlatform,",
    "  getPlatformInfo,",
    "} from '@atomiton/core'",
    'import type { Job, UIPreferences } from "@atomiton/core";',
    'import * as core from "@atomiton/core";',
    'export { MemoryClient as Mem, StorageEvent, detectPlatform as detect } from "@atomiton/core";',
    "withMonitoring(new MemoryClient());",
    "",
  ].join("\n");
  const once = rewrite(source);
  assert.notEqual(once.text, source);
  const twice = rewrite(once.text);
  assert.equal(twice.text, once.text);
  assert.deepEqual(twice.edits, []);
  assert.deepEqual(twice.rewrites, []);
  assert.deepEqual(twice.manual, []);
  assert.deepEqual(kinds(twice, "unchanged"), ["no-counterpart", "namespace-import"]);
});

Deno.test("rewriteImports() splits a re-export that mixes mapped and unknown names", () => {
  const result = rewrite('export { MemoryClient, themeTokens, type Job } from "@atomiton/core";');
  assert.equal(
    result.text,
    'export { MemoryClient } from "@atomiton/storage";\n' +
      'export { themeTokens } from "@atomiton/core";\n' +
      'export { type Job } from "@atomiton/store";',
  );
  assert.deepEqual(kinds(result, "unchanged"), ["unknown-name"]);
  assert.equal(result.coreLeft, 1);
});

Deno.test("rewriteImports() finds the comma after a last specifier past its comments", () => {
  assert.equal(
    rewrite(
      'import {\n  MemoryClient,\n  EventClient /* bus */ // events\n  ,\n} from "@atomiton/core";',
    ).text,
    'import { MemoryClient } from "@atomiton/storage";\n' +
      'import {\n  EventClient, /* bus */ // events\n} from "@atomiton/events";',
  );
});

Deno.test("rewriteImports() tells names bound by other imports from uses, types from values", () => {
  const source = [
    'import React, { useState } from "react";',
    'import * as path from "node:path";',
    'import { withMonitoring, MemoryClient } from "@atomiton/core";',
    "type A = MemoryClient.Options;",
    "type B = withMonitoring.Options;",
    "const c = MemoryClient.create(path, React, useState);",
    "",
  ].join("\n");
  const result = rewrite(source);
  assert.equal(
    result.text.split("\n")[2],
    'import { MonitoredStorageClient, MemoryClient } from "@atomiton/storage";',
  );
  assert.deepEqual(result.manual.map((f) => `${f.line}:${f.column} ${f.name}`), [
    "5:10 withMonitoring",
    "6:11 MemoryClient",
  ]);
});
