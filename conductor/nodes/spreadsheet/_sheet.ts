import { ConductorError } from "../../conductor_error.ts";
import { isBlankRow, parseRange } from "./_rows.ts";

/** One sheet's cells and which sheet it was. */
export interface SheetCells {
  readonly rows: unknown[][];
  readonly names: { readonly sheetName: string; readonly sheetNames: string[] };
}

function chooseSheet(names: string[], parameters: Readonly<Record<string, unknown>>): string {
  const { sheetName, sheetIndex = 0 } = parameters;
  if (typeof sheetName === "string") {
    if (names.includes(sheetName)) return sheetName;
    throw new ConductorError(
      "SPREADSHEET_SHEET",
      `spreadsheet: no sheet named "${sheetName}"; the sheets are ${JSON.stringify(names)}`,
    );
  }
  const name = names[sheetIndex as number];
  if (name === undefined) {
    throw new ConductorError(
      "SPREADSHEET_SHEET",
      `spreadsheet: sheetIndex ${sheetIndex} is out of range; the workbook has ` +
        `${names.length} sheet(s), numbered from 0`,
    );
  }
  return name;
}

/**
 * Reads one sheet of a workbook (bytes, base64 text, or the XML text of fods)
 * through SheetJS as rows of raw cells: numbers stay numbers, dates become ISO strings.
 */
export async function readSheet(
  content: Uint8Array | string,
  parameters: Readonly<Record<string, unknown>>,
  options: { readonly range: string | undefined; readonly skipEmpty: boolean },
): Promise<SheetCells> {
  const XLSX = await import("@e965/xlsx");
  const isXml = typeof content === "string" && content.trimStart().startsWith("<");
  let workbook;
  try {
    workbook = typeof content === "string"
      ? XLSX.read(content, { type: isXml ? "string" : "base64", cellDates: true })
      : XLSX.read(content, { type: "array", cellDates: true });
  } catch (error) {
    throw new ConductorError(
      "SPREADSHEET_PARSE",
      `spreadsheet: cannot read the workbook: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const sheetName = chooseSheet(workbook.SheetNames, parameters);
  const sheet = workbook.Sheets[sheetName]!;
  if (options.range !== undefined) parseRange(options.range); // the same message as for CSV
  // header: 1 gives arrays; the rows become objects in toRecords, safely keyed.
  const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, {
    header: 1,
    raw: true,
    defval: "",
    blankrows: !options.skipEmpty,
    UTC: true,
    ...(options.range === undefined ? {} : { range: options.range }),
  });
  const kept = options.skipEmpty ? rows.filter((row) => !isBlankRow(row)) : rows;
  return { rows: kept, names: { sheetName, sheetNames: [...workbook.SheetNames] } };
}
