import assert from "node:assert/strict";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import type { MeasuredSizes } from "../cli/_doctor_sizes.ts";
import { formatTable, measure, sizesModule } from "./size.ts";
import { parseSizeTable, type SizeRow, staleRows } from "./_size_table.ts";

const row = (
  entry: string,
  gzip: number,
  budget: number | undefined,
  lazyGzip = 0,
): SizeRow => ({ entry, minified: gzip * 2, gzip, lazyGzip, budget, nodeModules: [] });

/** A string gzip cannot shrink much, different for each seed, so each part's bytes show. */
function payload(seed: number, length: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  let state = seed;
  let text = "";
  for (let i = 0; i < length; i++) {
    // xorshift32: every bit of the state changes, so the text has no short period.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    text += alphabet[(state >>> 0) % 64];
  }
  return text;
}

const gz = (text: string): number => gzipSync(text, { level: 9 }).byteLength;

Deno.test("measure() counts what an import loads, and what a dynamic import() loads apart", async () => {
  const dir = await Deno.makeTempDir();
  const [eager, shared, lazy, deep] = [
    payload(1, 1000),
    payload(2, 1000),
    payload(3, 3000),
    payload(4, 1000),
  ];
  const files: Record<string, string> = {
    // The entry imports two modules statically and one lazily; the lazy one shares a module
    // with the entry (a chunk both import) and has one of its own that only it imports.
    "entry.js": `import { eager } from "./eager.js";
import { shared } from "./shared.js";
export const now = eager + shared;
export const later = () => import("./lazy.js");`,
    "eager.js": `export const eager = "${eager}";`,
    "shared.js": `export const shared = "${shared}";`,
    "lazy.js": `import { readFileSync } from "node:fs";
import { shared } from "./shared.js";
import { deep } from "./deep.js";
export const lazy = "${lazy}" + shared + deep;
export const read = readFileSync;`,
    "deep.js": `export const deep = "${deep}";`,
  };
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(join(dir, name), text);
    }
    const row = await measure("./entry.js", dir);
    // Eager: the entry and the chunk it imports statically (the shared module), not the lazy part.
    assert.ok(row.gzip >= gz(eager) + gz(shared), `eager ${row.gzip} B`);
    assert.ok(row.gzip < gz(eager) + gz(shared) + gz(deep), `eager ${row.gzip} B`);
    assert.ok(row.minified >= eager.length + shared.length, `minified ${row.minified} B`);
    assert.ok(row.minified < eager.length + shared.length + deep.length, `${row.minified} B`);
    // Lazy: the dynamically imported module and what only it imports, not the shared chunk.
    assert.ok(row.lazyGzip >= gz(lazy) + gz(deep), `lazy ${row.lazyGzip} B`);
    assert.ok(row.lazyGzip < gz(lazy) + gz(deep) + gz(shared), `lazy ${row.lazyGzip} B`);
    // A `node:` module is refused in a browser bundle even where it only loads lazily.
    assert.deepEqual(row.nodeModules, ["node:fs"]);
  } finally {
    await esbuild.stop();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("sizesModule() writes every member entry's size, when and for which version", async () => {
  const source = sizesModule(
    [
      row("@atomiton/platform", 2041, 2048),
      row("@atomiton/cli", 9000, 5120),
      row("std-env", 1981, undefined),
    ],
    new Date("2026-01-02T03:04:05.000Z"),
    "0.2.0",
  );
  assert.match(source, /^\/\/ Written by `deno task size/);
  assert.match(source, /export interface MeasuredSizes/);
  // The module is valid TypeScript that exports the figures (peers left out).
  const url = `data:application/typescript;base64,${btoa(source)}`;
  const { MEASURED_SIZES } = await import(url) as { MEASURED_SIZES: MeasuredSizes };
  assert.deepEqual(MEASURED_SIZES, {
    measuredAt: "2026-01-02T03:04:05.000Z",
    version: "0.2.0",
    entries: [
      { entry: "@atomiton/platform", gzip: 2041 },
      { entry: "@atomiton/cli", gzip: 9000 },
    ],
  });
});

const MEASURED = [
  row("@atomiton/store", 6656, 6912),
  row("@atomiton/cli", 72921, 76800, 40000),
  row("std-env", 1981, undefined),
];

Deno.test("parseSizeTable() reads back what formatTable() writes, aligned or not", () => {
  const table = formatTable(MEASURED);
  assert.match(
    table,
    /^\| package \| minified \| gzip \| on first use \(gzip\) \| budget \(gzip\) \|/,
  );
  const read = parseSizeTable(table).map((r) => [r.entry, r.gzip, r.lazyGzip, r.budget, r.ok]);
  assert.deepEqual(read, [
    ["@atomiton/store", 6656, 0, 6912, true],
    ["@atomiton/cli", 72921, 40000, 76800, true],
    ["std-env", 1981, 0, undefined, true],
  ]);
  const aligned = "| `@atomiton/cli`    |      0 B |    20 B |  1,024 B |       5120 B | ok |";
  assert.deepEqual(parseSizeTable(aligned), [
    { entry: "@atomiton/cli", minified: 0, gzip: 20, lazyGzip: 1024, budget: 5120, ok: true },
  ]);
  // A row of the layout before the lazy column is not read: such a table is stale.
  assert.deepEqual(parseSizeTable("| `@atomiton/cli` | 0 B | 20 B | 5120 B | ok |"), []);
});

Deno.test("staleRows() accepts a table a few bytes off and finds the stale figures of issue 13", () => {
  const fresh = parseSizeTable(formatTable(MEASURED));
  assert.deepEqual(staleRows(fresh, MEASURED), []);
  const fewBytesLater = MEASURED.map((r) => ({
    ...r,
    gzip: r.gzip + 20,
    minified: r.minified + 40,
  }));
  assert.deepEqual(staleRows(fresh, fewBytesLater), []);
  // The root README of issue 13: store 3,007 B within 3,072 B, cli 20 B within 5,120 B.
  const old = parseSizeTable([
    "| `@atomiton/store` | 6912 B | 3007 B |       — | 3072 B | ok |",
    "| `@atomiton/cli`   |    0 B |   20 B | 40000 B | 5120 B | ok |",
    "| `@atomiton/gone`  |   10 B |    5 B |       — | 5120 B | ok |",
  ].join("\n"));
  assert.deepEqual(staleRows(old, MEASURED), [
    "std-env is missing",
    "@atomiton/store: budget 3072, now 6912",
    "@atomiton/store: gzip 3007 B, now 6656 B",
    "@atomiton/store: minified 6912 B, now 13312 B",
    "@atomiton/cli: budget 5120, now 76800",
    "@atomiton/cli: gzip 20 B, now 72921 B",
    "@atomiton/cli: minified 0 B, now 145842 B",
    "@atomiton/gone is listed but is no longer an entry",
  ]);
});

Deno.test("staleRows() finds a lazy part that moved, and an old table without the column", () => {
  const moved = parseSizeTable([
    "| `@atomiton/store` | 13312 B | 6656 B | 2000 B | 6912 B | ok |",
    "| `@atomiton/cli`   | 145842 B | 72921 B |     — | 76800 B | ok |",
    "| `std-env`         | 3962 B | 1981 B |        — |    peer | ok |",
  ].join("\n"));
  assert.deepEqual(staleRows(moved, MEASURED), [
    "@atomiton/store: lazyGzip 2000 B, now 0 B",
    "@atomiton/cli: lazyGzip 0 B, now 40000 B",
  ]);
  const before = parseSizeTable("| `@atomiton/store` | 13312 B | 6656 B | 6912 B | ok |");
  assert.deepEqual(staleRows(before, [MEASURED[0]!]), ["@atomiton/store is missing"]);
});

Deno.test("staleRows() finds a verdict that changed and reads the doctor's figures", () => {
  const table = parseSizeTable("| `@atomiton/store` | 13312 B | 6656 B | — | 6912 B | OVER |");
  assert.deepEqual(staleRows(table, [MEASURED[0]!]), ["@atomiton/store: says OVER, now ok"]);
  // The doctor's module has the entry and gzip only: only the figure is compared.
  assert.deepEqual(staleRows([{ entry: "@atomiton/cli", gzip: 71584 }], [MEASURED[1]!]), []);
  assert.deepEqual(staleRows([{ entry: "@atomiton/cli", gzip: 60000 }], [MEASURED[1]!]), [
    "@atomiton/cli: gzip 60000 B, now 72921 B",
  ]);
});
