import { ConductorError } from "../../conductor_error.ts";

/** A cell range, 0-based and inclusive, as `A1:D10` names it. */
export interface CellRange {
  readonly firstRow: number;
  readonly lastRow: number;
  readonly firstColumn: number;
  readonly lastColumn: number;
}

const CELL = /^([A-Za-z]{1,3})([1-9][0-9]{0,6})$/;

function parseCell(text: string, range: string): { row: number; column: number } {
  const match = CELL.exec(text.trim());
  if (!match) {
    throw new ConductorError(
      "SPREADSHEET_RANGE",
      `spreadsheet: range "${range}" is not a cell range; write it like "A1:D10" or "B2"`,
    );
  }
  let column = 0;
  for (const letter of match[1]!.toUpperCase()) column = column * 26 + letter.charCodeAt(0) - 64;
  return { row: Number(match[2]) - 1, column: column - 1 };
}

/** Parses `A1:D10` (or one cell, `B2`) into 0-based inclusive bounds. */
export function parseRange(range: string): CellRange {
  const [from, to = from, ...rest] = range.split(":");
  if (rest.length > 0 || from === undefined) parseCell("", range);
  const start = parseCell(from!, range);
  const end = parseCell(to!, range);
  return {
    firstRow: Math.min(start.row, end.row),
    lastRow: Math.max(start.row, end.row),
    firstColumn: Math.min(start.column, end.column),
    lastColumn: Math.max(start.column, end.column),
  };
}

/** The cells of `matrix` inside `range`, short rows padded with `""`. */
export function sliceRange(matrix: readonly unknown[][], range: CellRange): unknown[][] {
  const width = range.lastColumn - range.firstColumn + 1;
  return matrix.slice(range.firstRow, range.lastRow + 1).map((row) =>
    Array.from({ length: width }, (_, index) => row[range.firstColumn + index] ?? "")
  );
}

/** Whether every cell of a row is empty or white space. */
export function isBlankRow(row: readonly unknown[]): boolean {
  return row.every((cell) =>
    cell === null || cell === undefined || (typeof cell === "string" && cell.trim() === "")
  );
}

/** A cell as JSON can hold it: dates become ISO strings. */
export function plainCell(cell: unknown): unknown {
  return cell instanceof Date ? cell.toISOString() : cell ?? "";
}

/** Header names, unique and non-empty the way SheetJS names them (`__EMPTY`, `name_1`). */
export function headerNames(cells: readonly unknown[], width: number): string[] {
  const seen = new Set<string>();
  const names: string[] = [];
  for (let index = 0; index < width; index++) {
    const cell = plainCell(cells[index]);
    const base = cell === "" ? "__EMPTY" : String(cell);
    let name = base;
    for (let copy = 1; seen.has(name); copy++) name = `${base}_${copy}`;
    seen.add(name);
    names.push(name);
  }
  return names;
}

/** The rows of a table: objects keyed by the first row's names, or the rows themselves. */
export function toRecords(
  matrix: readonly unknown[][],
  hasHeaders: boolean,
): { records: unknown[]; headers: string[] } {
  const cells = matrix.map((row) => row.map(plainCell));
  if (!hasHeaders) return { records: cells, headers: [] };
  const [first = [], ...rest] = cells;
  const width = rest.reduce((widest, row) => Math.max(widest, row.length), first.length);
  const headers = headerNames(first, width);
  // Object.fromEntries makes own data properties: a header "__proto__" stays a plain key.
  const records = rest.map((row) =>
    Object.fromEntries(headers.map((name, i) => [name, row[i] ?? ""]))
  );
  return { records, headers };
}
