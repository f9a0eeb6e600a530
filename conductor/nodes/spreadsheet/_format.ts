import { ConductorError } from "../../conductor_error.ts";
import type { SpreadsheetFormat } from "./task.ts";

/** The formats the spreadsheet node reads (and, but for xls, xlsb and fods, writes). */
export const SPREADSHEET_FORMATS: readonly SpreadsheetFormat[] = [
  "csv",
  "tsv",
  "xlsx",
  "xls",
  "xlsb",
  "ods",
  "fods",
];

/** The formats held in a zip archive: their bytes start with `PK`. */
export const ZIPPED_FORMATS: ReadonlySet<string> = new Set(["xlsx", "xlsb", "ods"]);

/** The formats that are text: read with papaparse (csv, tsv) or as a string (fods). */
export const TEXT_FORMATS: ReadonlySet<string> = new Set(["csv", "tsv", "fods"]);

/** The format given, else the one the path's extension names, else csv. */
export function chooseFormat(given: unknown, path: string | undefined): SpreadsheetFormat {
  if (typeof given === "string") return given as SpreadsheetFormat;
  const extension = path?.match(/\.([A-Za-z]+)$/)?.[1]?.toLowerCase();
  if (extension === undefined) return "csv";
  if ((SPREADSHEET_FORMATS as readonly string[]).includes(extension)) {
    return extension as SpreadsheetFormat;
  }
  if (extension === "txt") return "csv";
  throw new ConductorError(
    "SPREADSHEET_FORMAT",
    `spreadsheet: cannot tell the format of "${path}" from its extension; ` +
      `set "format" to one of ${SPREADSHEET_FORMATS.join(", ")}`,
  );
}

/** The delimiter given, else a tab for tsv and a comma otherwise; refuses what papaparse cannot use. */
export function chooseDelimiter(given: unknown, format: SpreadsheetFormat): string {
  const delimiter = typeof given === "string" ? given : format === "tsv" ? "\t" : ",";
  if (delimiter === "" || /["\r\n\uFEFF]/.test(delimiter)) {
    throw new ConductorError(
      "SPREADSHEET_DELIMITER",
      `spreadsheet: delimiter ${JSON.stringify(delimiter)} cannot separate fields; ` +
        `use a character other than a quote, a line break or a BOM (",", ";", "\\t", "|")`,
    );
  }
  return delimiter;
}
