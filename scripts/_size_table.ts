/** One measured entry. */
export interface SizeRow {
  readonly entry: string;
  /** What an import loads (the entry's output and the chunks it imports statically), minified. */
  readonly minified: number;
  /** The same, each output gzipped on its own and summed: what the budget holds. */
  readonly gzip: number;
  /** What only a dynamic `import()` reaches, gzipped the same way: loaded on first use. */
  readonly lazyGzip: number;
  /** In gzip bytes; undefined for a peer, measured for comparison only. */
  readonly budget: number | undefined;
  readonly nodeModules: readonly string[];
}

/** One row of a committed table (the doctor's figures have the entry and gzip only). */
export interface CommittedRow {
  readonly entry: string;
  readonly gzip: number;
  readonly minified?: number | undefined;
  readonly lazyGzip?: number | undefined;
  /** A number, or undefined for a peer. */
  readonly budget?: number | undefined;
  readonly ok?: boolean;
}

/**
 * How far a committed figure may be from a fresh one, as a share of it: a change of a few
 * bytes does not make the tables stale (they would fail on every commit), a change a reader
 * would notice (2%, at least {@linkcode MIN_DRIFT_BYTES}) does.
 */
export const DRIFT = 0.02;
/** The smallest difference that counts as stale, so a 200-byte entry may move a little. */
export const MIN_DRIFT_BYTES = 32;

/** Whether a row is within its budget and pulls no `node:` module (a peer always is). */
export function withinBudget(row: SizeRow): boolean {
  return row.budget === undefined || (row.gzip <= row.budget && row.nodeModules.length === 0);
}

const bytes = (cell: string): number | undefined => {
  const match = cell.replaceAll(",", "").match(/^(\d+) B$/);
  return match ? Number(match[1]) : undefined;
};

/** How the lazy column shows an entry that loads nothing on first use. */
export const NOTHING_LAZY = "—";

/** A lazy cell as a table shows it: bytes, or {@linkcode NOTHING_LAZY} for none. */
export const lazyCell = (gzip: number): string => gzip === 0 ? NOTHING_LAZY : `${gzip} B`;

/**
 * Reads the rows of a generated size table
 * (`| \`entry\` | 4272 B | 2041 B | 830 B | 2048 B | ok |`: minified, gzip, on first use, budget).
 * A row of another layout (the five columns before issue 17) is not read, so an old table is stale.
 *
 * @param markdown The table, or a README part holding it.
 * @returns Its rows, in order.
 */
export function parseSizeTable(markdown: string): CommittedRow[] {
  const rows: CommittedRow[] = [];
  for (const line of markdown.split("\n")) {
    const cells = line.split("|").slice(1, -1).map((cell) => cell.trim());
    const entry = cells[0]?.match(/^`(.+)`$/)?.[1];
    const gzip = bytes(cells[2] ?? "");
    if (cells.length !== 6 || entry === undefined || gzip === undefined) continue;
    const lazyGzip = cells[3] === NOTHING_LAZY ? 0 : bytes(cells[3]!);
    const budget = cells[4] === "peer" ? undefined : bytes(cells[4]!);
    rows.push({ entry, minified: bytes(cells[1]!), gzip, lazyGzip, budget, ok: cells[5] === "ok" });
  }
  return rows;
}

/**
 * What makes committed rows stale against measured ones: an entry missing or extra, a
 * different budget, a different ok/over verdict, or a figure off by more than
 * {@linkcode DRIFT}. Each is a failure of `deno task test`, since the README would mislead.
 *
 * @param committed The rows a file holds.
 * @param measured The rows measured now.
 * @returns One line per problem; empty when the file is current.
 */
export function staleRows(
  committed: readonly CommittedRow[],
  measured: readonly SizeRow[],
): string[] {
  const problems: string[] = [];
  const fresh = new Map(measured.map((row) => [row.entry, row]));
  const listed = new Set(committed.map((row) => row.entry));
  for (const row of measured) {
    if (!listed.has(row.entry)) problems.push(`${row.entry} is missing`);
  }
  for (const old of committed) {
    const now = fresh.get(old.entry);
    if (!now) {
      problems.push(`${old.entry} is listed but is no longer an entry`);
      continue;
    }
    if ("budget" in old && old.budget !== now.budget) {
      problems.push(`${old.entry}: budget ${old.budget ?? "peer"}, now ${now.budget ?? "peer"}`);
    }
    if (old.ok !== undefined && old.ok !== withinBudget(now)) {
      problems.push(
        `${old.entry}: says ${old.ok ? "ok" : "OVER"}, now ${withinBudget(now) ? "ok" : "OVER"}`,
      );
    }
    for (const figure of ["gzip", "minified", "lazyGzip"] as const) {
      const was = old[figure];
      if (was === undefined) continue;
      if (Math.abs(was - now[figure]) > Math.max(DRIFT * now[figure], MIN_DRIFT_BYTES)) {
        problems.push(`${old.entry}: ${figure} ${was} B, now ${now[figure]} B`);
      }
    }
  }
  return problems;
}
