import assert from "node:assert/strict";
import { cellsOf, README, renderTable } from "../scripts/node_types_table.ts";

Deno.test("conductor/README.md's table of node types is the one builtinNodeTypes() gives", async () => {
  assert.deepEqual(
    cellsOf(await Deno.readTextFile(README)),
    cellsOf(renderTable()),
    "stale: run `deno run -A scripts/node_types_table.ts --update-readme && deno fmt conductor/README.md`",
  );
});
