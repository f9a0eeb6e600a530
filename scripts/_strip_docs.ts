import ts from "typescript";

// Kept: legal comments (`/*!`, `@license`, `@preserve`) and bundler annotations.
const KEEP = /^\/\*!|@license|@preserve|__PURE__|__NO_SIDE_EFFECTS__/;

/**
 * Removes the JSDoc comments (`/** … *\/`, examples included) from bundled JavaScript: the
 * npm `.d.ts` files carry the docs, the `.js` files carry code. The comments are found by
 * the TypeScript parser, so a `/**` inside a string, template or regular expression stays.
 *
 * @param js An ES module.
 * @returns The module without its doc comments; lines they filled alone are removed.
 */
export function stripDocComments(js: string): string {
  const file = ts.createSourceFile("x.js", js, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const starts = new Map<number, number>();
  const visit = (node: ts.Node): void => {
    for (const range of ts.getLeadingCommentRanges(js, node.getFullStart()) ?? []) {
      const text = js.slice(range.pos, range.end);
      if (text.startsWith("/**") && !KEEP.test(text)) starts.set(range.pos, range.end);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  visit(file.endOfFileToken);
  let out = "";
  let at = 0;
  for (const [start, end] of [...starts].sort(([a], [b]) => a - b)) {
    // A comment alone on its lines goes with its indentation and line break.
    const lineStart = js.lastIndexOf("\n", start - 1) + 1;
    const alone = /^[ \t]*$/.test(js.slice(lineStart, start)) &&
      /^[ \t]*(\r?\n|$)/.test(js.slice(end));
    const from = alone ? lineStart : start;
    const to = end + js.slice(end).match(alone ? /^[ \t]*(\r?\n|$)/ : /^[ \t]*/)![0].length;
    out += js.slice(at, Math.max(at, from));
    at = to;
  }
  return out + js.slice(at);
}
