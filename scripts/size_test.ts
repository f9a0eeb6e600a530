import assert from "node:assert/strict";
import type { MeasuredSizes } from "../cli/_doctor_sizes.ts";
import { type SizeRow, sizesModule } from "./size.ts";

const row = (entry: string, gzip: number, budget: number | undefined): SizeRow => ({
  entry,
  minified: gzip * 2,
  gzip,
  budget,
  nodeModules: [],
});

Deno.test("sizesModule() writes every member entry with its budget, when and for which version", async () => {
  const source = sizesModule(
    [
      row("@atomiton/platform", 2041, 2048),
      row("@atomiton/cli", 9000, 5120),
      row("std-env", 1981, undefined),
    ],
    new Date("2026-01-02T03:04:05.000Z"),
    "0.2.0",
  );
  assert.match(source, /^\/\/ Written by `deno task size --update-readme`/);
  assert.match(source, /export interface MeasuredSizes/);
  // The module is valid TypeScript that exports the figures (peers left out).
  const url = `data:application/typescript;base64,${btoa(source)}`;
  const { MEASURED_SIZES } = await import(url) as { MEASURED_SIZES: MeasuredSizes };
  assert.deepEqual(MEASURED_SIZES, {
    measuredAt: "2026-01-02T03:04:05.000Z",
    version: "0.2.0",
    entries: [
      { entry: "@atomiton/platform", gzip: 2041, budget: 2048 },
      { entry: "@atomiton/cli", gzip: 9000, budget: 5120 },
    ],
  });
});
