// deno-lint-ignore-file no-console
/**
 * The table of the flow node types in conductor/README.md, generated from
 * `builtinNodeTypes()` so that it never drifts from the code:
 * `deno run -A scripts/node_types_table.ts --update-readme` rewrites it, and
 * conductor/node_types_readme_test.ts fails while it is stale.
 *
 * @module
 */
import type { NodeType, ParameterSpec } from "@atomiton/conductor";
import { builtinNodeTypes } from "@atomiton/conductor/node-types";

/** The README of the conductor, whose table this writes. */
export const README: URL = new URL("../conductor/README.md", import.meta.url);
const START = "<!-- node-types:start -->";
const END = "<!-- node-types:end -->";

/** One parameter in a cell: its name, and its default or `required`. */
function parameter(name: string, spec: ParameterSpec): string {
  if (spec.required) return `\`${name}\` (required)`;
  return spec.default === undefined
    ? `\`${name}\``
    : `\`${name}\` = ${JSON.stringify(spec.default)}`;
}

function row(type: NodeType): string {
  const runs = type.runtimes?.join(", ") ?? "deno, node, browser";
  const params = Object.entries(type.parameters).map(([name, spec]) => parameter(name, spec));
  const cells = [
    `\`${type.type}\``,
    type.description.replaceAll("|", "\\|"),
    runs + (type.sandbox ? " (sandboxed)" : ""),
    params.join(", ").replaceAll("|", "\\|"),
  ];
  return `| ${cells.join(" | ")} |`;
}

/** The table, between its markers. */
export function renderTable(): string {
  return [
    START,
    "",
    "| type | what it does | runs on | parameters (`= default`) |",
    "| --- | --- | --- | --- |",
    ...builtinNodeTypes().map(row),
    "",
    END,
  ].join("\n");
}

/** The table's cells, row by row, without the padding `deno fmt` adds. */
export function cellsOf(readme: string): string[][] {
  const section = readme.slice(readme.indexOf(START), readme.indexOf(END));
  return section.split("\n").filter((line) => line.startsWith("|")).map((line) =>
    line.split(/(?<!\\)\|/).slice(1, -1).map((cell) => cell.trim().replace(/^-+$/, "---"))
  );
}

/** The README with its table replaced by a fresh one. */
export function withTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${README.pathname} has no ${START} … ${END}`);
  return readme.slice(0, start) + renderTable() + readme.slice(end + END.length);
}

if (import.meta.main) {
  const readme = await Deno.readTextFile(README);
  const fresh = withTable(readme);
  if (Deno.args.includes("--update-readme")) await Deno.writeTextFile(README, fresh);
  else console.log(renderTable());
}
