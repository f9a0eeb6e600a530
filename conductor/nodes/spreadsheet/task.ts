import type { FlowTaskInput, TaskContext } from "../_task.ts";
import { readSpreadsheet } from "./_read.ts";
import { writeSpreadsheet } from "./_write.ts";

/** A format the spreadsheet node reads; it writes csv, tsv, xlsx and ods. */
export type SpreadsheetFormat = "csv" | "tsv" | "xlsx" | "xls" | "xlsb" | "ods" | "fods";

/** What a read returns: Atomiton's shape, whose fields are its output ports. */
export interface SpreadsheetTable {
  /** The rows: objects keyed by the headers, or, without headers, lists of cells. */
  readonly records: unknown[];
  /** The column names (none without headers). */
  readonly headers: string[];
  /** How many rows `records` holds. */
  readonly rowCount: number;
  /** The format read. */
  readonly format: SpreadsheetFormat;
  /** The sheet read (`Sheet1` for csv and tsv). */
  readonly sheetName: string;
  /** Every sheet of the workbook. */
  readonly sheetNames: string[];
}

/** What a write to a file returns. */
export interface SpreadsheetWritten {
  /** The file written. */
  readonly path: string;
  /** The format written. */
  readonly format: SpreadsheetFormat;
  /** How many rows were written (not counting the header line). */
  readonly rowCount: number;
  /** The file's size in bytes. */
  readonly size: number;
}

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
