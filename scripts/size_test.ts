import assert from "node:assert/strict";
import type { MeasuredSizes } from "../cli/_doctor_sizes.ts";
import { formatTable, sizesModule } from "./size.ts";
import { parseSizeTable, type SizeRow, staleRows } from "./_size_table.ts";

const row = (entry: string, gzip: number, budget: number | undefined): SizeRow => ({
  entry,
  minified: gzip * 2,
  gzip,
  budget,
  nodeModules: [],
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
  row("@atomiton/cli", 72921, 76800),
  row("std-env", 1981, undefined),
];

Deno.test("parseSizeTable() reads back what formatTable() writes, aligned or not", () => {
  const table = formatTable(MEASURED);
  assert.deepEqual(parseSizeTable(table).map((r) => [r.entry, r.gzip, r.budget, r.ok]), [
    ["@atomiton/store", 6656, 6912, true],
    ["@atomiton/cli", 72921, 76800, true],
    ["std-env", 1981, undefined, true],
  ]);
  const aligned = "| `@atomiton/cli`    |      0 B |    20 B |        5120 B | ok |";
  assert.deepEqual(parseSizeTable(aligned), [
    { entry: "@atomiton/cli", minified: 0, gzip: 20, budget: 5120, ok: true },
  ]);
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
    "| `@atomiton/store` | 6912 B | 3007 B | 3072 B | ok |",
    "| `@atomiton/cli`   |    0 B |   20 B | 5120 B | ok |",
    "| `@atomiton/gone`  |   10 B |    5 B | 5120 B | ok |",
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

Deno.test("staleRows() finds a verdict that changed and reads the doctor's figures", () => {
  const table = parseSizeTable("| `@atomiton/store` | 13312 B | 6656 B | 6912 B | OVER |");
  assert.deepEqual(staleRows(table, [MEASURED[0]!]), ["@atomiton/store: says OVER, now ok"]);
  // The doctor's module has the entry and gzip only: only the figure is compared.
  assert.deepEqual(staleRows([{ entry: "@atomiton/cli", gzip: 71584 }], [MEASURED[1]!]), []);
  assert.deepEqual(staleRows([{ entry: "@atomiton/cli", gzip: 60000 }], [MEASURED[1]!]), [
    "@atomiton/cli: gzip 60000 B, now 72921 B",
  ]);
});
