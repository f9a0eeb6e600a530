import type { BuiltinSpec } from "../_spec.ts";

/**
 * The `spreadsheet` node type: Atomiton's spreadsheet reader (its schema's
 * parameters, defaults and limits, and its definition's `sheetIndex: 0`), plus
 * `operation: "write"`. Runs everywhere on `data`; a `path` needs a file system.
 */
export const spec: BuiltinSpec = {
  type: "spreadsheet",
  description: "Read CSV, TSV, XLSX, XLS, ODS (path or data); write CSV, TSV, XLSX, ODS",
  task: "spreadsheet",
  parameters: {
    operation: {
      type: "string",
      description: "read the table, or write the node's input rows",
      enum: ["read", "write"],
      default: "read",
    },
    path: {
      type: "string",
      description: "The file to read or write (not in a browser: use data)",
      path: true,
    },
    data: {
      type: "string",
      description: "The content to read: CSV/TSV/FODS text, or base64 of XLSX/XLS/XLSB/ODS",
    },
    format: {
      type: "string",
      description: "The format; default: from the path's extension, else csv",
      enum: ["csv", "tsv", "xlsx", "xls", "xlsb", "ods", "fods"],
    },
    sheetName: {
      type: "string",
      description: "The sheet to read (default: sheetIndex), or the name of the sheet written",
    },
    sheetIndex: {
      type: "number",
      description: "The sheet to read, counted from 0, when sheetName is not given",
      default: 0,
      min: 0,
      integer: true,
    },
    hasHeaders: {
      type: "boolean",
      description: "The first row holds the column names: rows are objects, not lists",
      default: true,
    },
    range: {
      type: "string",
      description: "The cells to read, such as A1:D10 (default: the whole sheet)",
    },
    delimiter: {
      type: "string",
      description: 'The CSV field separator; default "," (a tab for tsv)',
      min: 1,
    },
    skipEmptyLines: {
      type: "boolean",
      description: "Leave out rows whose cells are all empty or white space",
      default: true,
    },
  },
};
