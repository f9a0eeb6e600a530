import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import { type Api, apiFromDoc, diffApi, parseApiReport } from "./_api.ts";
import { renderPackageReport } from "./_api_report.ts";
import { capture } from "./_workspace.ts";

const name = fc.stringMatching(/^[A-Za-z_$][\w$.]{0,12}$/);
const signature = fc.array(fc.string({ unit: "grapheme" }).filter((line) => !line.includes("\r")))
  .map((lines) => lines.join("\n"));
const symbols = fc.uniqueArray(fc.tuple(name, signature), { selector: ([key]) => key })
  .map((pairs) => new Map(pairs));
const api = fc.uniqueArray(
  fc.tuple(fc.constantFrom("", "/a", "/b-c", "/redis"), symbols),
  { selector: ([suffix]) => suffix },
).map((entries) => new Map(entries.map(([suffix, map]) => [`@atomiton/x${suffix}`, map])) as Api);

Deno.test("parseApiReport() reads back what renderPackageReport() wrote, any signature text", () => {
  fc.assert(fc.property(api, (value) => {
    assert.deepEqual(parseApiReport(renderPackageReport(value, "@atomiton/x")), value);
  }));
  const tricky = new Map([["@atomiton/x", new Map([["T", "type T = `${string}```\n```\n### U"]])]]);
  assert.deepEqual(parseApiReport(renderPackageReport(tricky, "@atomiton/x")), tricky);
});

Deno.test("renderPackageReport() keeps to its own package and sorts, so the text is stable", () => {
  const value: Api = new Map([
    ["@atomiton/xy", new Map([["Other", "const Other: 1;"]])],
    ["@atomiton/x/b", new Map([["b", "1"], ["a", "2"]])],
    ["@atomiton/x", new Map()],
  ]);
  const text = renderPackageReport(value, "@atomiton/x");
  assert.doesNotMatch(text, /Other/);
  assert.ok(text.indexOf("## @atomiton/x\n") < text.indexOf("## @atomiton/x/b\n"));
  assert.ok(text.indexOf("### a") < text.indexOf("### b"));
  assert.doesNotMatch(text, /\/work\/|:\d+:\d+/);
});

Deno.test("diffApi() sorts symbols into added, changed and removed, across entries", () => {
  const before: Api = new Map([
    ["@atomiton/x", new Map([["kept", "a"], ["changed", "b"], ["gone", "c"]])],
    ["@atomiton/x/old", new Map([["all", "d"]])],
  ]);
  const after: Api = new Map([
    ["@atomiton/x", new Map([["kept", "a"], ["changed", "B"], ["new", "e"]])],
    ["@atomiton/x/new", new Map([["fresh", "f"]])],
  ]);
  assert.deepEqual(diffApi(before, after), {
    added: ["@atomiton/x#new", "@atomiton/x/new#fresh"],
    changed: ["@atomiton/x#changed"],
    removed: ["@atomiton/x#gone", "@atomiton/x/old#all"],
  });
  assert.deepEqual(diffApi(after, after), { added: [], changed: [], removed: [] });
});

Deno.test("diffApi() against a model: every id lands in exactly the list the two maps imply", () => {
  fc.assert(fc.property(api, api, (before, after) => {
    const diff = diffApi(before, after);
    const ids = (value: Api) =>
      new Map([...value].flatMap(([entry, map]) => [...map].map(([k, v]) => [`${entry}#${k}`, v])));
    const [old, now] = [ids(before), ids(after)];
    assert.deepEqual(diff.added, [...now.keys()].filter((id) => !old.has(id)).sort());
    assert.deepEqual(diff.removed, [...old.keys()].filter((id) => !now.has(id)).sort());
    assert.deepEqual(
      diff.changed,
      [...now.keys()].filter((id) => old.has(id) && old.get(id) !== now.get(id)).sort(),
    );
  }));
});

const BASE = `
export interface Options { readonly size?: number; name: string }
export class Client<T = string> {
  constructor(options?: Options) {}
  get(key: string): Promise<T | undefined> { return Promise.resolve(undefined); }
  set(key: string, value: T): void {}
  private secret = 1;
}
export function make(options: Options = { name: "" }): Client { return new Client(options); }
export type Mode = "a" | "b";
export const VERSION: string = "1";
`;

/** The API of one module text, as readApi() reads a member entry. */
async function signaturesOf(source: string): Promise<Map<string, string>> {
  const dir = await Deno.makeTempDir();
  try {
    const file = join(dir, "mod.ts");
    await Deno.writeTextFile(file, source);
    const json = await capture(Deno.execPath(), ["doc", "--json", file]);
    return apiFromDoc(json, [{ entry: "@atomiton/x", file }]).get("@atomiton/x")!;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("readApi()'s signatures change with any change a caller can see, and only then", async () => {
  const base = await signaturesOf(BASE);
  assert.deepEqual([...base.keys()].sort(), ["Client", "Mode", "Options", "VERSION", "make"]);
  assert.equal(
    base.get("Client"),
    "class Client<T = string> {\n  constructor(options?: Options);\n" +
      "  get(key: string): Promise<T | undefined>;\n  set(key: string, value: T): void;\n}",
  );
  const changes: [string, string, string][] = [
    ["Client", "get(key: string)", "get(key: number)"],
    ["Client", ": Promise<T | undefined>", ": Promise<T>"],
    [
      "Client",
      "set(key: string, value: T): void {}",
      "set(key: string, value: T): void {}\n  has(): boolean { return false; }",
    ],
    ["Client", "constructor(options?: Options)", "constructor(options: Options)"],
    ["Options", "readonly size?: number", "readonly size: number"],
    ["Options", "readonly size?: number;", ""],
    ["make", '(options: Options = { name: "" }): Client', "(options: Options): Client"],
    ["Mode", '"a" | "b"', '"a" | "c"'],
    ["VERSION", "VERSION: string", "VERSION: number"],
  ];
  for (const [symbol, from, to] of changes) {
    const changed = await signaturesOf(BASE.replace(from, to));
    const diff = diffApi(new Map([["x", base]]), new Map([["x", changed]]));
    assert.deepEqual(diff.changed, [`x#${symbol}`], `${from} -> ${to}`);
  }
  const invisible = BASE.replace("private secret = 1;", "private secret = 2; private other = 3;")
    .replace(
      "  get(key: string): Promise<T | undefined> { return Promise.resolve(undefined); }\n",
      "",
    ).replace(
      "  set(key",
      "  get(key: string): Promise<T | undefined> { return Promise.resolve(undefined); }\n  set(key",
    );
  assert.deepEqual(await signaturesOf(invisible), base);
});
