import type { FlowTaskInput, TaskContext } from "../_task.ts";
import { readSpreadsheet, type SpreadsheetTable } from "./_read.ts";
import { type SpreadsheetWritten, writeSpreadsheet } from "./_write.ts";

export type { SpreadsheetTable, SpreadsheetWritten };

/**
 * The `spreadsheet` node's task: reads CSV, TSV, XLSX, XLS, XLSB, ODS and
 * FODS from `path` or `data` (or the node's input), or, with
 * `operation: "write"`, writes the node's input rows as CSV, TSV, XLSX or ODS.
 *
 * A read returns `{ records, headers, rowCount, format, sheetName, sheetNames }`
 * (Atomiton's shape): with `hasHeaders`, `records` are objects keyed by the
 * header row (every header an own data property, `__proto__` included), else
 * lists of cells. CSV cells are text; workbook cells keep their numbers and
 * booleans, and dates become ISO strings.
 *
 * @param task The node's parameters (see the spec) and its input.
 * @param context The worker's task context (unused: reads and writes are short).
 * @returns The table read, or what was written.
 *
 * @example Read CSV text
 * ```ts
 * import { spreadsheet } from "@atomiton/conductor/nodes";
 * import assert from "node:assert/strict";
 *
 * const table = await spreadsheet(
 *   { parameters: { data: "name,age\nAda,36\n", hasHeaders: true } },
 *   { signal: new AbortController().signal, progress() {}, transfer() {}, nodeId: "n", baseUrl: "" },
 * ) as { records: unknown[] };
 * assert.deepEqual(table.records, [{ name: "Ada", age: "36" }]);
 * ```
 */
export async function spreadsheet(
  task: FlowTaskInput,
  context: TaskContext,
): Promise<SpreadsheetTable | SpreadsheetWritten | Uint8Array | string> {
  context.signal.throwIfAborted();
  return task.parameters.operation === "write"
    ? await writeSpreadsheet(task)
    : await readSpreadsheet(task);
}
