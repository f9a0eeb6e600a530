import assert from "node:assert/strict";
import { unifiedDiff } from "./_diff.ts";
import type { Edit } from "./_rewrite.ts";

/** Applies a unified diff the way `patch` does, checking every context and removed line. */
function applyDiff(original: string, diff: string): string {
  const lines = original.split("\n");
  const hasFinalNewline = original.endsWith("\n");
  if (hasFinalNewline) lines.pop();
  const out: string[] = [];
  let next = 0;
  const body = diff.split("\n").slice(2, -1);
  for (let i = 0; i < body.length;) {
    const header = body[i++]!.match(/^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$/);
    assert.ok(header, `a hunk header, got ${body[i - 1]}`);
    const oldCount = Number(header[2] ?? 1);
    const oldStart = Number(header[1]) - (oldCount === 0 ? 0 : 1);
    while (next < oldStart) out.push(lines[next++]!);
    for (; i < body.length && !body[i]!.startsWith("@@"); i++) {
      const [mark, text] = [body[i]![0], body[i]!.slice(1)];
      if (mark === "+") out.push(text);
      else {
        assert.equal(lines[next], text, `line ${next + 1} of the original`);
        if (mark === " ") out.push(text);
        next++;
      }
    }
  }
  while (next < lines.length) out.push(lines[next++]!);
  return out.join("\n") + (hasFinalNewline && out.length ? "\n" : "");
}

function apply(text: string, edits: readonly Edit[]): string {
  let out = text;
  for (const edit of [...edits].reverse()) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}

const FILE = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
const at = (line: number): number => FILE.indexOf(`line ${line}\n`);

Deno.test("unifiedDiff() is empty without edits", () => {
  assert.equal(unifiedDiff("a.ts", FILE, []), "");
});

Deno.test("unifiedDiff() shows a replaced line with three lines of context", () => {
  const edits = [{ start: at(10), end: at(10) + "line 10".length, text: "ten\nand a half" }];
  const diff = unifiedDiff("src/a.ts", FILE, edits);
  assert.equal(
    diff,
    [
      "--- a/src/a.ts",
      "+++ b/src/a.ts",
      "@@ -7,7 +7,8 @@",
      " line 7",
      " line 8",
      " line 9",
      "-line 10",
      "+ten",
      "+and a half",
      " line 11",
      " line 12",
      " line 13",
      "",
    ].join("\n"),
  );
  assert.equal(applyDiff(FILE, diff), apply(FILE, edits));
});

Deno.test("unifiedDiff() joins nearby changes in one hunk and keeps far ones apart", () => {
  const edits = [
    { start: at(2), end: at(2) + 6, text: "LINE 2" },
    { start: at(5), end: at(6), text: "" }, // line 5 removed, with its newline
    { start: at(25), end: at(25), text: "inserted\n" }, // shown as line 25 replaced
  ];
  const diff = unifiedDiff("a.ts", FILE, edits);
  const headers = diff.split("\n").filter((line) => line.startsWith("@@"));
  assert.deepEqual(headers, ["@@ -1,8 +1,7 @@", "@@ -22,7 +21,8 @@"]);
  assert.equal(applyDiff(FILE, diff), apply(FILE, edits));
});

Deno.test("unifiedDiff() handles several edits on one line, the first and the last line", () => {
  const text = 'import { A } from "x";\nmiddle\nimport { B } from "y";';
  const edits = [
    { start: 9, end: 10, text: "AA" },
    { start: 18, end: 21, text: '"xx"' },
    { start: text.lastIndexOf("import"), end: text.length, text: "removed();\nadded();" },
  ];
  const diff = unifiedDiff("a.ts", text, edits, 0);
  assert.deepEqual(diff.split("\n").filter((line) => line.startsWith("@@")), [
    "@@ -1 +1 @@",
    "@@ -3 +3,2 @@",
  ]);
  assert.equal(applyDiff(text, diff), apply(text, edits));
});

Deno.test("unifiedDiff() keeps the carriage return of CRLF lines, as patch needs", () => {
  const text = "one\r\ntwo\r\nthree\r\n";
  const diff = unifiedDiff("a.ts", text, [{ start: 5, end: 8, text: "2\r\n2b" }]);
  assert.equal(
    diff,
    "--- a/a.ts\n+++ b/a.ts\n@@ -1,3 +1,4 @@\n one\r\n-two\r\n+2\r\n+2b\r\n three\r\n",
  );
});

Deno.test("unifiedDiff() counts an emptied file's removed lines", () => {
  const text = "only\n";
  const diff = unifiedDiff("a.ts", text, [{ start: 0, end: 5, text: "" }]);
  assert.equal(diff, "--- a/a.ts\n+++ b/a.ts\n@@ -1 +0,0 @@\n-only\n");
  assert.equal(applyDiff(text, diff), "");
});
