// The npm build's conditional exports, from the same function the build uses (npmExports).
import { existsSync } from "node:fs";
import { join } from "node:path";
import { npmExports } from "./build_npm.ts";
import { readMembers } from "./_workspace.ts";
import {
  arrowShape,
  type Box,
  boxShape,
  connect,
  labelWidth,
  svgDocument,
  textShape,
} from "./_architecture_svg.ts";

const CONDITIONS = ["types", "deno", "browser", "node", "default"] as const;

/** One npm entry (`@atomiton/storage/fs`) and the file each condition picks. */
export interface NpmEntry {
  readonly entry: string;
  readonly conditions: ReadonlyMap<string, string>;
}

/** Every entry of every member's npm package.json, in workspace order. */
export function readNpmEntries(): NpmEntry[] {
  return readMembers().flatMap((member) => {
    const exports = npmExports(member.exports, (path) => existsSync(join(member.dir, path)));
    return Object.entries(exports).flatMap(([key, value]) =>
      typeof value === "string" ? [] : [{
        entry: key === "." ? member.name : `${member.name}${key.slice(1)}`,
        conditions: new Map(Object.entries(value)),
      }]
    );
  });
}

/** The table of every entry and its condition files. */
export function renderNpmTable(entries: readonly NpmEntry[]): string {
  return [
    `| entry | ${CONDITIONS.join(" | ")} |`,
    `|---|${CONDITIONS.map(() => "---").join("|")}|`,
    ...entries.map(({ entry, conditions }) =>
      `| \`${entry}\` | ${
        CONDITIONS.map((c) => conditions.has(c) ? `\`${conditions.get(c)}\`` : "").join(" | ")
      } |`
    ),
  ].join("\n");
}

/** The build in one line of boxes, then each entry that picks a file per runtime. */
export function renderNpmSvg(entries: readonly NpmEntry[]): string {
  const branching = entries.filter(({ conditions }) => conditions.size > 2);
  const steps = [
    ["member sources", "deno.json exports, *.ts"],
    ["tsc (npm typescript)", ".d.ts per source file"],
    ["esbuild", "one ES module per entry", "shared code in _chunks/"],
    ["npm/<member>/", "package.json exports by condition"],
  ];
  const stepWidth = Math.max(...steps.flat().map(labelWidth));
  const stepBoxes = steps.map((_, i): Box => ({
    x: 20 + i * (stepWidth + 40),
    y: 20,
    width: stepWidth,
    height: 56,
  }));
  const body = [
    ...stepBoxes.slice(1).map((box, i) => arrowShape(...connect(stepBoxes[i]!, box))),
    ...steps.map((lines, i) => boxShape(stepBoxes[i]!, lines, "#fff8c5", "#d4a72c")),
    textShape(
      20,
      110,
      "Entries with a file per runtime (conditions in order: types, deno, browser, node, default):",
    ),
  ];
  const entryWidth = Math.max(...branching.map(({ entry }) => labelWidth(entry)));
  const fileWidth = Math.max(
    ...branching.flatMap(({ conditions }) =>
      [...conditions].map(([c, f]) => labelWidth(`${c}: ${f}`))
    ),
  );
  let y = 130;
  for (const { entry, conditions } of branching) {
    const entryBox = {
      x: 20,
      y: y + ((conditions.size - 1) * 30) / 2,
      width: entryWidth,
      height: 26,
    };
    body.push(boxShape(entryBox, [entry]));
    [...conditions].forEach(([condition, file], i) => {
      const fileBox = { x: entryWidth + 120, y: y + i * 30, width: fileWidth, height: 26 };
      body.push(
        arrowShape(...connect(entryBox, fileBox, true)),
        boxShape(fileBox, [`${condition}: ${file}`], "#f6f8fa", "#d0d7de"),
      );
    });
    y += conditions.size * 30 + 16;
  }
  const width = Math.max(stepBoxes.at(-1)!.x + stepWidth + 20, entryWidth + 140 + fileWidth);
  return svgDocument(width, y + 4, body, "The npm build and its conditional exports");
}
