import type { Edit } from "./_rewrite.ts";

interface Block {
  /** 0-based first and last line of the original that the edits touch. */
  readonly first: number;
  last: number;
  readonly edits: Edit[];
}

/**
 * A unified diff (as `diff -u` and `git diff` print it) of a text and the same
 * text with `edits` applied; built from the edits, so it costs one pass over
 * the text however large. Empty when there are no edits.
 *
 * @param path The file's path for the `--- a/` and `+++ b/` lines.
 * @param original The text before.
 * @param edits Non-overlapping replacements, in order of position.
 * @param context Unchanged lines shown around each change.
 * @returns The diff, each line ending in "\n" (after the "\r" of a CRLF line, as
 *   `git diff` shows them, so that `patch` applies it).
 */
export function unifiedDiff(
  path: string,
  original: string,
  edits: readonly Edit[],
  context = 3,
): string {
  if (edits.length === 0) return "";
  const starts = [0];
  for (let i = original.indexOf("\n"); i >= 0; i = original.indexOf("\n", i + 1)) {
    starts.push(i + 1);
  }
  // A final newline ends the last line rather than starting an empty one.
  if (starts.at(-1) === original.length && starts.length > 1) starts.pop();
  const lineOf = (offset: number): number => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  };
  const lineText = (line: number): string =>
    original.slice(starts[line], starts[line + 1] ?? original.length).replace(/\n$/, "");

  const blocks: Block[] = [];
  for (const edit of edits) {
    const first = lineOf(edit.start);
    const last = Math.max(first, lineOf(Math.max(edit.start, edit.end - 1)));
    const previous = blocks.at(-1);
    if (previous && first <= previous.last) {
      previous.last = Math.max(previous.last, last);
      previous.edits.push(edit);
    } else blocks.push({ first, last, edits: [edit] });
  }

  const out = [`--- a/${path}\n`, `+++ b/${path}\n`];
  let delta = 0;
  for (let i = 0; i < blocks.length;) {
    // One hunk: blocks whose context would touch or overlap.
    let j = i;
    while (j + 1 < blocks.length && blocks[j + 1]!.first - blocks[j]!.last - 1 <= 2 * context) j++;
    const from = Math.max(0, blocks[i]!.first - context);
    const to = Math.min(starts.length - 1, blocks[j]!.last + context);
    const lines: string[] = [];
    let oldCount = 0;
    let newCount = 0;
    let line = from;
    const newStart = from + delta;
    for (let k = i; k <= j; k++) {
      const block = blocks[k]!;
      for (; line < block.first; line++, oldCount++, newCount++) lines.push(` ${lineText(line)}`);
      const regionStart = starts[block.first]!;
      const regionEnd = starts[block.last + 1] ?? original.length;
      let region = "";
      let cursor = regionStart;
      for (const edit of block.edits) {
        region += original.slice(cursor, edit.start) + edit.text;
        cursor = edit.end;
      }
      region += original.slice(cursor, Math.max(cursor, regionEnd));
      const added = region === "" ? [] : region.replace(/\n$/, "").split("\n");
      for (; line <= block.last; line++, oldCount++) lines.push(`-${lineText(line)}`);
      for (const text of added) lines.push(`+${text}`);
      newCount += added.length;
      delta += added.length - (block.last - block.first + 1);
    }
    for (; line <= to; line++, oldCount++, newCount++) lines.push(` ${lineText(line)}`);
    const range = (start: number, count: number): string =>
      `${count === 0 ? start : start + 1}${count === 1 ? "" : `,${count}`}`;
    out.push(`@@ -${range(from, oldCount)} +${range(newStart, newCount)} @@\n`);
    for (const text of lines) out.push(`${text}\n`);
    i = j + 1;
  }
  return out.join("");
}
