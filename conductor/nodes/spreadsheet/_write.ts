import { ConductorError } from "../../conductor_error.ts";
import type { FlowTaskInput } from "../_task.ts";
import { writeBytes } from "./_file.ts";
import { chooseDelimiter, chooseFormat } from "./_format.ts";
import type { SpreadsheetFormat, SpreadsheetWritten } from "./task.ts";

const WRITABLE: ReadonlySet<string> = new Set(["csv", "tsv", "xlsx", "ods"]);

function asRows(input: unknown): unknown[] {
  if (Array.isArray(input)) return input;
  if (input !== null && typeof input === "object") return [input]; // one object: a list of one
  throw new ConductorError(
    "SPREADSHEET_INPUT",
    `spreadsheet: write needs rows as its input (a list of objects, or of lists), ` +
      `got ${input === undefined ? "nothing" : typeof input}`,
  );
}

/** The table as a matrix: a header line of every key in order of first appearance, then the rows. */
function toMatrix(rows: unknown[], hasHeaders: boolean): unknown[][] {
  if (rows.every(Array.isArray)) return rows as unknown[][];
  const columns = new Set<string>();
  for (const row of rows) {
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new ConductorError(
        "SPREADSHEET_INPUT",
        `spreadsheet: write needs every row to be an object (or every row a list); got ${
          JSON.stringify(row) ?? String(row)
        }`,
      );
    }
    for (const key of Object.keys(row)) columns.add(key);
  }
  const header = [...columns];
  const body = rows.map((row) =>
    header.map((key) => Object.getOwnPropertyDescriptor(row, key)?.value)
  );
  return hasHeaders ? [header, ...body] : body;
}

/** A cell as a spreadsheet holds it: text, number or boolean; anything else as JSON. */
function toCell(value: unknown, text: boolean): string | number | boolean {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return text ? String(value) : value;
  return JSON.stringify(value) ?? String(value);
}

async function encode(
  matrix: unknown[][],
  format: SpreadsheetFormat,
  task: FlowTaskInput,
): Promise<Uint8Array | string> {
  const { parameters } = task;
  if (format === "csv" || format === "tsv") {
    // @ts-types="@types/papaparse"
    const Papa = (await import("papaparse")).default;
    const delimiter = chooseDelimiter(parameters.delimiter, format);
    const cells = matrix.map((row) => row.map((value) => toCell(value, true)));
    return Papa.unparse(cells, { delimiter, newline: "\r\n" });
  }
  const XLSX = await import("@e965/xlsx");
  const cells = matrix.map((row) => row.map((value) => toCell(value, false)));
  const workbook = XLSX.utils.book_new();
  const name = typeof parameters.sheetName === "string" ? parameters.sheetName : "Sheet1";
  try {
    XLSX.utils.book_append_sheet(workbook, XLSX.utils.aoa_to_sheet(cells), name);
    return new Uint8Array(XLSX.write(workbook, { type: "array", bookType: format as "xlsx" }));
  } catch (error) {
    throw new ConductorError(
      "SPREADSHEET_WRITE",
      `spreadsheet: cannot write the ${format} workbook: ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/**
 * Writes the node's input rows. With `path`, to that file (returns where, how
 * many rows, how many bytes); without, returns the content itself: text for
 * csv and tsv, bytes for xlsx and ods.
 */
export async function writeSpreadsheet(
  task: FlowTaskInput,
): Promise<SpreadsheetWritten | Uint8Array | string> {
  const { parameters } = task;
  const path = typeof parameters.path === "string" ? parameters.path : undefined;
  if (parameters.data !== undefined) {
    throw new ConductorError(
      "SPREADSHEET_PARAMETERS",
      `spreadsheet: "data" is what a read parses; a write takes its rows from the node's input`,
    );
  }
  const format = chooseFormat(parameters.format, path);
  if (!WRITABLE.has(format)) {
    throw new ConductorError(
      "SPREADSHEET_FORMAT",
      `spreadsheet: cannot write ${format}; write one of ${[...WRITABLE].join(", ")}`,
    );
  }
  const rows = asRows(task.input);
  const content = await encode(toMatrix(rows, parameters.hasHeaders !== false), format, task);
  if (path === undefined) return content;
  return { path, format, rowCount: rows.length, size: await writeBytes(path, content) };
}
