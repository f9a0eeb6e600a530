/** One code example of a README. */
export interface ReadmeExample {
  /** The README, relative to the repository. */
  readonly file: string;
  /** The line of the opening fence (1-based). */
  readonly line: number;
  /** `ts`, `tsx`, `js` or `jsx`. */
  readonly language: "ts" | "tsx" | "js" | "jsx";
  readonly code: string;
}

const LANGUAGES: Readonly<Record<string, ReadmeExample["language"]>> = {
  ts: "ts",
  typescript: "ts",
  mts: "ts",
  tsx: "tsx",
  js: "js",
  javascript: "js",
  mjs: "js",
  jsx: "jsx",
};

/**
 * The runnable examples of a Markdown file, as `deno test --doc` picks them: fenced blocks
 * in a TypeScript or JavaScript language, except those whose info string says `ignore`
 * (```` ```ts ignore ````). Shell, JSON and text blocks are not code.
 *
 * @param markdown The README's text.
 * @param file Its path, for messages.
 * @returns The examples in order.
 */
export function readmeExamples(markdown: string, file: string): ReadmeExample[] {
  const examples: ReadmeExample[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i]!.match(/^(`{3,}|~{3,})\s*([^\s`]*)(.*)$/);
    if (!open) continue;
    const fence = open[1]!;
    const end = lines.findIndex((text, j) => j > i && text.trimEnd() === fence);
    const close = end < 0 ? lines.length : end;
    const language = LANGUAGES[open[2]!.toLowerCase()];
    const attributes = open[3]!.trim().split(/[\s,]+/);
    if (language && !attributes.includes("ignore")) {
      examples.push({ file, line: i + 1, language, code: lines.slice(i + 1, close).join("\n") });
    }
    i = close;
  }
  return examples;
}
