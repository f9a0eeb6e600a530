import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import {
  assertPrototypeClean,
  HOSTILE_KEYS,
  INVALID_UTF8,
  PROTOTYPE_KEYS,
} from "../../../scripts/testing/hostile.ts";
import { ConductorError } from "../../conductor_error.ts";
import type { TaskContext } from "../_task.ts";
import { spec } from "./spec.ts";
import { spreadsheet } from "./task.ts";

const context: TaskContext = {
  signal: new AbortController().signal,
  progress(): void {},
  transfer(): void {},
  nodeId: "sheet",
  baseUrl: "",
};

/** The spec's defaults, then the given parameters: what the flow translation hands the task. */
function withDefaults(given: Record<string, unknown>): Record<string, unknown> {
  const defaults = Object.entries(spec.parameters)
    .filter(([, parameter]) => parameter.default !== undefined)
    .map(([name, parameter]) => [name, parameter.default]);
  return { ...Object.fromEntries(defaults), ...given };
}

// deno-lint-ignore no-explicit-any
async function run(parameters: Record<string, unknown>, input?: unknown): Promise<any> {
  return await spreadsheet({ parameters: withDefaults(parameters), input }, context);
}

async function rejectsWith(
  promise: Promise<unknown>,
  code: string,
  message: RegExp,
): Promise<void> {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof ConductorError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

async function tempDir(): Promise<string> {
  return await Deno.makeTempDir({ prefix: "atomiton_sheet_" });
}

const PEOPLE = [
  { name: "Ada", note: 'said "hi", then left', city: "London\nUK" },
  { name: "Grace", note: "", city: "Arlington" },
];

for (const format of ["csv", "tsv", "xlsx", "ods"] as const) {
  Deno.test(`spreadsheet() writes ${format} to a file and reads it back unchanged`, async () => {
    const dir = await tempDir();
    const path = join(dir, `people.${format}`);
    const written = await run({ operation: "write", path }, PEOPLE);
    assert.equal(written.path, path);
    assert.equal(written.format, format);
    assert.equal(written.rowCount, 2);
    assert.equal(written.size, (await Deno.stat(path)).size);
    const read = await run({ path });
    assert.deepEqual(read.records, PEOPLE);
    assert.deepEqual(read.headers, ["name", "note", "city"]);
    assert.equal(read.rowCount, 2);
    assert.equal(read.format, format);
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("spreadsheet() writes tsv with tabs and csv with commas, quoting what needs it", async () => {
  const tsv = await run({ operation: "write", format: "tsv" }, PEOPLE);
  assert.equal(tsv.split("\r\n")[0], "name\tnote\tcity");
  const csv = await run({ operation: "write", format: "csv" }, PEOPLE);
  assert.equal(
    csv,
    'name,note,city\r\nAda,"said ""hi"", then left","London\nUK"\r\nGrace,,Arlington',
  );
});

Deno.test("spreadsheet() reads quoted fields holding commas, quotes and line breaks", async () => {
  const data = 'a,b\r\n"x, y","line one\nline two"\r\n"say ""no""",plain\r\n';
  const read = await run({ data });
  assert.deepEqual(read.records, [
    { a: "x, y", b: "line one\nline two" },
    { a: 'say "no"', b: "plain" },
  ]);
});

Deno.test("spreadsheet() refuses an unterminated quoted field", async () => {
  await rejectsWith(run({ data: 'a,b\n"open,1\n' }), "SPREADSHEET_PARSE", /closing quote/);
});

Deno.test("spreadsheet() drops a file's byte-order mark from the first header", async () => {
  const dir = await tempDir();
  const path = join(dir, "bom.csv");
  await Deno.writeFile(
    path,
    new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("id,v\n1,2\n")]),
  );
  const read = await run({ path });
  assert.deepEqual(read.headers, ["id", "v"]);
  assert.deepEqual(read.records, [{ id: "1", v: "2" }]);
  assert.deepEqual((await run({ data: "\uFEFFid\n7" })).records, [{ id: "7" }]);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("spreadsheet() refuses a file that is not UTF-8 rather than replacing bytes", async () => {
  const dir = await tempDir();
  for (const [index, bytes] of INVALID_UTF8.entries()) {
    const path = join(dir, `bad${index}.csv`);
    await Deno.writeFile(path, new Uint8Array([...new TextEncoder().encode("a\n"), ...bytes]));
    await rejectsWith(run({ path }), "SPREADSHEET_ENCODING", /is not UTF-8 text/);
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("spreadsheet() reads an empty file as no rows", async () => {
  const dir = await tempDir();
  const path = join(dir, "empty.csv");
  await Deno.writeTextFile(path, "");
  const read = await run({ path });
  assert.deepEqual(read, {
    records: [],
    headers: [],
    rowCount: 0,
    format: "csv",
    sheetName: "Sheet1",
    sheetNames: ["Sheet1"],
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("spreadsheet() keeps a header named __proto__ as a plain own field", async () => {
  const keys = [...new Set([...PROTOTYPE_KEYS, "toString", "hasOwnProperty"])];
  const data = `${keys.join(",")}\n${keys.map((_, i) => `v${i}`).join(",")}\n`;
  for (const format of ["csv", "xlsx"] as const) {
    const source = format === "csv"
      ? data
      : await run({ operation: "write", format, hasHeaders: false }, [
        keys,
        keys.map((_, i) => `v${i}`),
      ]);
    const parameters = format === "csv"
      ? { data }
      : { data: btoa(String.fromCharCode(...source)), format };
    const [row] = (await run(parameters)).records;
    assert.equal(Object.getPrototypeOf(row), Object.prototype, "the row's prototype is untouched");
    assert.deepEqual(Object.keys(row), keys);
    for (const [index, key] of keys.entries()) {
      assert.equal(Object.getOwnPropertyDescriptor(row, key)?.value, `v${index}`, key);
    }
    assert.deepEqual(Object.keys(structuredClone(row)), keys, "a worker's copy keeps them");
  }
  assertPrototypeClean();
});

Deno.test("spreadsheet() writes rows keyed by hostile names and reads the same rows back", async () => {
  const row = Object.fromEntries(HOSTILE_KEYS.map((key, i) => [key, `v${i}`]));
  const text = await run({ operation: "write" }, row);
  const [back] = (await run({ data: text })).records;
  assert.deepEqual(Object.entries(back), Object.entries(row).map(([k, v]) => [k || "__EMPTY", v]));
  assertPrototypeClean();
});

Deno.test("spreadsheet() chooses a sheet by name or by index, and names the sheets when it cannot", async () => {
  const XLSX = await import("@e965/xlsx");
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["n"], [1]]), "First");
  XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([["n"], [2]]), "Second");
  const dir = await tempDir();
  const path = join(dir, "book.xlsx");
  await Deno.writeFile(path, new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx" })));
  assert.deepEqual((await run({ path })).records, [{ n: 1 }]);
  const second = await run({ path, sheetIndex: 1 });
  assert.deepEqual([second.records, second.sheetName, second.sheetNames], [[{ n: 2 }], "Second", [
    "First",
    "Second",
  ]]);
  assert.deepEqual((await run({ path, sheetName: "Second", sheetIndex: 0 })).records, [{ n: 2 }]);
  await rejectsWith(run({ path, sheetName: "Third" }), "SPREADSHEET_SHEET", /"First","Second"/);
  await rejectsWith(run({ path, sheetIndex: 2 }), "SPREADSHEET_SHEET", /has 2 sheet\(s\)/);
  await Deno.remove(dir, { recursive: true });
});

const GRID = "a,b,c,d\n1,2,3,4\n5,6,7,8\n9,10,11,12\n";

Deno.test("spreadsheet() reads only the cells of a range, in CSV and in a workbook alike", async () => {
  const rows = GRID.trim().split("\n").map((line) => line.split(",").map(Number));
  const xlsx = await run({ operation: "write", format: "xlsx", hasHeaders: false }, rows);
  const base64 = btoa(String.fromCharCode(...xlsx));
  const csv = await run({ data: GRID, range: "B2:C3" });
  assert.deepEqual(csv.records, [{ "2": "6", "3": "7" }]);
  const sheet = await run({ data: base64, format: "xlsx", range: "B2:C3" });
  assert.deepEqual(sheet.records, [{ "2": 6, "3": 7 }]);
  const lists = await run({ data: GRID, range: "c3:a2", hasHeaders: false });
  assert.deepEqual(lists.records, [["1", "2", "3"], ["5", "6", "7"]]);
  await rejectsWith(run({ data: GRID, range: "2B" }), "SPREADSHEET_RANGE", /like "A1:D10"/);
  await rejectsWith(
    run({ data: base64, format: "xlsx", range: "A1:" }),
    "SPREADSHEET_RANGE",
    /A1:D10/,
  );
});

Deno.test("spreadsheet() keeps or skips empty lines as skipEmptyLines says", async () => {
  const data = "a\n1\n\n  \n2\n";
  assert.deepEqual((await run({ data })).records, [{ a: "1" }, { a: "2" }]);
  const kept = await run({ data, skipEmptyLines: false });
  assert.deepEqual(kept.records, [{ a: "1" }, { a: "" }, { a: "  " }, { a: "2" }]);
});

Deno.test("spreadsheet() takes the delimiter given, a tab for .tsv, and refuses one that cannot separate", async () => {
  assert.deepEqual((await run({ data: "a;b\n1;2", delimiter: ";" })).records, [{ a: "1", b: "2" }]);
  assert.deepEqual((await run({ data: "a\tb\n1\t2", format: "tsv" })).records, [{
    a: "1",
    b: "2",
  }]);
  await rejectsWith(
    run({ data: "a", delimiter: '"' }),
    "SPREADSHEET_DELIMITER",
    /other than a quote/,
  );
});

Deno.test("spreadsheet() names empty and repeated headers rather than losing their columns", async () => {
  const read = await run({ data: "a,,a\n1,2,3,4\n" });
  assert.deepEqual(read.headers, ["a", "__EMPTY", "a_1", "__EMPTY_1"]);
  assert.deepEqual(read.records, [{ a: "1", __EMPTY: "2", a_1: "3", __EMPTY_1: "4" }]);
});

Deno.test("spreadsheet() reads the node's input text when no path or data is given", async () => {
  assert.deepEqual((await run({}, "x\n1")).records, [{ x: "1" }]);
});

Deno.test("spreadsheet() refuses bad requests with a clear reason", async () => {
  await rejectsWith(run({}), "SPREADSHEET_PARAMETERS", /give "path"/);
  await rejectsWith(run({ path: "/x.csv", data: "a" }), "SPREADSHEET_PARAMETERS", /not both/);
  await rejectsWith(
    run({ path: "/no/such/file.csv" }),
    "SPREADSHEET_NOT_FOUND",
    /\/no\/such\/file\.csv/,
  );
  await rejectsWith(run({ path: "/x.pdf" }), "SPREADSHEET_FORMAT", /set "format"/);
  await rejectsWith(run({ data: "a,b", format: "xlsx" }), "SPREADSHEET_PARSE", /zip archive/);
  await rejectsWith(
    run({ operation: "write", format: "xls" }, []),
    "SPREADSHEET_FORMAT",
    /csv, tsv/,
  );
  await rejectsWith(run({ operation: "write" }, "text"), "SPREADSHEET_INPUT", /got string/);
  await rejectsWith(run({ operation: "write" }, [{ a: 1 }, 2]), "SPREADSHEET_INPUT", /got 2/);
  await rejectsWith(run({ operation: "write", data: "a" }, []), "SPREADSHEET_PARAMETERS", /input/);
});

Deno.test("spreadsheet() writes one object as a list of one, values as text, objects as JSON", async () => {
  const text = await run({ operation: "write" }, { a: 1, b: true, c: null, d: { e: [1] } });
  assert.equal(text, 'a,b,c,d\r\n1,true,,"{""e"":[1]}"');
  const bytes = await run({ operation: "write", format: "xlsx" }, { a: 1, b: true });
  assert.ok(bytes instanceof Uint8Array && bytes[0] === 0x50 && bytes[1] === 0x4b, "a zip archive");
});

Deno.test("spreadsheet() round-trips any table of text through CSV and TSV (property)", async () => {
  const cell = fc.string({ unit: "grapheme", maxLength: 8 });
  const table = fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), {
    minLength: 1,
    maxLength: 5,
  })
    .filter((rows) => rows.every((row) => row.some((value) => value.trim() !== "")));
  await fc.assert(
    fc.asyncProperty(table, fc.constantFrom("csv", "tsv"), async (rows, format) => {
      const text = await run({ operation: "write", format, hasHeaders: false }, rows);
      const back = await run({ data: text, format, hasHeaders: false });
      assert.deepEqual(back.records, rows);
    }),
  );
});
