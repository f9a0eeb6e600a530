import { ConductorError } from "../../conductor_error.ts";
import type { FlowTaskInput } from "../_task.ts";
import { readBytes } from "./_file.ts";
import { chooseDelimiter, chooseFormat, TEXT_FORMATS, ZIPPED_FORMATS } from "./_format.ts";
import { isBlankRow, parseRange, sliceRange, toRecords } from "./_rows.ts";
import { readSheet } from "./_sheet.ts";
import type { SpreadsheetFormat, SpreadsheetTable } from "./task.ts";

interface Source {
  readonly content: Uint8Array | string;
  readonly format: SpreadsheetFormat;
  readonly path?: string | undefined;
}

async function findSource(task: FlowTaskInput): Promise<Source> {
  const { parameters, input, filePath, data: dataPort } = task;
  const path = parameters.path ?? filePath;
  const data = parameters.data ?? dataPort ??
    (typeof input === "string" || input instanceof Uint8Array ? input : undefined);
  if (path !== undefined && parameters.data !== undefined) {
    throw new ConductorError(
      "SPREADSHEET_PARAMETERS",
      `spreadsheet: give "path" or "data", not both`,
    );
  }
  if (typeof path === "string") {
    const format = chooseFormat(parameters.format, path); // before reading: a bad name fails first
    return { content: await readBytes(path), format, path };
  }
  if (typeof data === "string" || data instanceof Uint8Array) {
    return { content: data, format: chooseFormat(parameters.format, undefined) };
  }
  throw new ConductorError(
    "SPREADSHEET_PARAMETERS",
    `spreadsheet: nothing to read; give "path" (a file) or "data" (the content as text)`,
  );
}

/** UTF-8 text without its byte-order mark; bytes that are not UTF-8 are refused, not replaced. */
function decodeText(content: Uint8Array | string, where: string): string {
  let text: string;
  try {
    text = typeof content === "string"
      ? content
      : new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(content);
  } catch (error) {
    throw new ConductorError(
      "SPREADSHEET_ENCODING",
      `spreadsheet: ${where} is not UTF-8 text; save it as UTF-8 (CSV UTF-8 in Excel)`,
      { cause: error },
    );
  }
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

async function parseDelimited(text: string, delimiter: string): Promise<string[][]> {
  // @ts-types="@types/papaparse"
  const Papa = (await import("papaparse")).default;
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const broken = parsed.errors.find((error) => error.type === "Quotes");
  if (broken) {
    throw new ConductorError(
      "SPREADSHEET_PARSE",
      `spreadsheet: ${broken.message} (row ${(broken.row ?? 0) + 1}); ` +
        `a quoted field must end with a closing quote`,
    );
  }
  const rows = parsed.data;
  // A final line break ends the last record; it does not start an empty one.
  const last = rows[rows.length - 1];
  if (last?.length === 1 && last[0] === "" && /\r?\n$/.test(text)) rows.pop();
  return rows;
}

/** Reads the table the node's parameters (or its input) point at. */
export async function readSpreadsheet(task: FlowTaskInput): Promise<SpreadsheetTable> {
  const { parameters } = task;
  const source = await findSource(task);
  const format = source.format;
  const where = source.path ?? `"data"`;
  const range = typeof parameters.range === "string" ? parameters.range : undefined;
  const skipEmpty = parameters.skipEmptyLines !== false;
  const hasHeaders = parameters.hasHeaders !== false;
  if (format === "csv" || format === "tsv") {
    const delimiter = chooseDelimiter(parameters.delimiter, format);
    let rows: unknown[][] = await parseDelimited(decodeText(source.content, where), delimiter);
    if (range !== undefined) rows = sliceRange(rows, parseRange(range));
    if (skipEmpty) rows = rows.filter((row) => !isBlankRow(row));
    const table = toRecords(rows, hasHeaders);
    const sheetName = "Sheet1";
    return { ...table, rowCount: table.records.length, format, sheetName, sheetNames: [sheetName] };
  }
  const content = TEXT_FORMATS.has(format) ? decodeText(source.content, where) : source.content;
  checkZip(content, format, where);
  const sheet = await readSheet(content, parameters, { range, skipEmpty });
  const table = toRecords(sheet.rows, hasHeaders);
  return { ...table, rowCount: table.records.length, format, ...sheet.names };
}

function checkZip(content: Uint8Array | string, format: string, where: string): void {
  if (!ZIPPED_FORMATS.has(format)) return;
  const head = typeof content === "string"
    ? content.slice(0, 2)
    : String.fromCharCode(...content.subarray(0, 2));
  // base64 of "PK" starts with "UE"; SheetJS would read anything else as text without complaint.
  if (head !== "PK" && head !== "UE") {
    throw new ConductorError(
      "SPREADSHEET_PARSE",
      `spreadsheet: ${where} is not ${format} (an ${format} file is a zip archive); ` +
        `check "format" or the file`,
    );
  }
}
