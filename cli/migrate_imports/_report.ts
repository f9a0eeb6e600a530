import type { Io } from "../_common/io.ts";
import type { DependencyAdvice } from "./_deps.ts";
import type { Finding, Rewrite } from "./_rewrite.ts";
import type { Style } from "../_common/style.ts";

/** What the migration did (or would do) to one file. */
export interface FileOutcome {
  /** The path as printed: relative to the working folder. */
  readonly path: string;
  readonly changed: boolean;
  readonly rewrites: readonly Rewrite[];
  readonly manual: readonly Finding[];
  readonly unchanged: readonly Finding[];
  /** The unified diff, for a dry run. */
  readonly diff?: string;
}

/** The whole run, for the report. */
export interface MigrationOutcome {
  readonly dryRun: boolean;
  readonly scanned: number;
  readonly files: readonly FileOutcome[];
  readonly advice: DependencyAdvice;
  readonly exitCode: number;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** The run as JSON Lines on standard output: one object per fact, a summary last. */
export function printJson(io: Io, outcome: MigrationOutcome): void {
  const line = (value: Record<string, unknown>): void => io.stdout(`${JSON.stringify(value)}\n`);
  for (const file of outcome.files) {
    for (const rewrite of file.rewrites) line({ type: "rewrite", file: file.path, ...rewrite });
    for (const finding of file.manual) line({ type: "manual", file: file.path, ...finding });
    for (const finding of file.unchanged) line({ type: "unchanged", file: file.path, ...finding });
    if (file.diff) line({ type: "diff", file: file.path, diff: file.diff });
  }
  const { advice } = outcome;
  line({
    type: "dependencies",
    add: advice.add,
    ...(advice.npm ? { npm: advice.npm } : {}),
    ...(advice.deno ? { deno: advice.deno } : {}),
    manifests: advice.manifests,
    removeCore: advice.coreLeft === 0 && advice.listsCore,
    coreLeft: advice.coreLeft,
  });
  line({
    type: "summary",
    dryRun: outcome.dryRun,
    scanned: outcome.scanned,
    ...totals(outcome),
    exitCode: outcome.exitCode,
  });
}

/**
 * The run for a person. A real run prints everything to standard output; a dry
 * run prints the diff there (so it can be saved and applied) and the rest to
 * standard error.
 */
export function printHuman(io: Io, style: Style, outcome: MigrationOutcome): void {
  const { dryRun, files } = outcome;
  const say = dryRun ? io.stderr : io.stdout;
  if (dryRun) {
    for (const file of files) if (file.diff) io.stdout(colourDiff(file.diff, style));
  }
  const verb = dryRun ? "would rewrite" : "rewrote";
  for (const file of files.filter((f) => f.changed)) {
    const count = file.rewrites.length;
    say(`${style.green(verb)} ${file.path}: ${plural(count, "import")}\n`);
  }
  const place = (file: FileOutcome, finding: Finding): string =>
    `  ${style.bold(`${file.path}:${finding.line}:${finding.column}`)}  ${finding.message}\n` +
    `      ${style.dim(finding.code)}\n`;
  const manual = files.flatMap((file) => file.manual.map((finding) => place(file, finding)));
  if (manual.length) {
    say(
      `\n${
        style.yellow("needs manual work")
      } (${manual.length}): uses of exports whose API changed\n`,
    );
    say(manual.join(""));
  }
  const left = files.flatMap((file) => file.unchanged.map((finding) => place(file, finding)));
  if (left.length) {
    say(`\n${style.yellow("left unchanged")} (${left.length}):\n`);
    say(left.join(""));
  }
  const { advice } = outcome;
  if (advice.add.length || advice.listsCore) say(`\n${style.bold("dependencies")}:\n`);
  if (advice.add.length) {
    say(
      `  the ${dryRun ? "rewrites would need" : "rewritten imports need"} ${
        advice.add.join(", ")
      }\n`,
    );
    if (advice.npm) say(`    ${style.cyan(advice.npm)}\n`);
    if (advice.deno) say(`    ${style.cyan(advice.deno)}\n`);
  }
  if (advice.listsCore) {
    say(
      advice.coreLeft === 0
        ? `  nothing names @atomiton/core any more: remove it (${
          style.cyan("npm uninstall @atomiton/core")
        } or ${style.cyan("deno remove @atomiton/core")})\n`
        : `  keep @atomiton/core for now: ${plural(advice.coreLeft, "place")} still ${
          advice.coreLeft === 1 ? "names" : "name"
        } it\n`,
    );
  }
  const sum = totals(outcome);
  say(
    `\n${dryRun ? "dry run: " : ""}${plural(sum.filesChanged, "file")} ${
      dryRun ? "would be " : ""
    }rewritten ` +
      `(${plural(sum.importsRewritten, "import")}), ${sum.manual} needing manual work, ` +
      `${sum.unchanged} left unchanged; ${plural(outcome.scanned, "file")} scanned` +
      `${dryRun ? "; nothing was written" : ""}. MIGRATION.md maps every old export.\n`,
  );
}

function totals(outcome: MigrationOutcome): {
  filesChanged: number;
  importsRewritten: number;
  manual: number;
  unchanged: number;
} {
  const { files } = outcome;
  return {
    filesChanged: files.filter((file) => file.changed).length,
    importsRewritten: files.reduce((n, file) => n + file.rewrites.length, 0),
    manual: files.reduce((n, file) => n + file.manual.length, 0),
    unchanged: files.reduce((n, file) => n + file.unchanged.length, 0),
  };
}

function colourDiff(diff: string, style: Style): string {
  if (!style.enabled) return diff;
  return diff.split("\n").map((line) =>
    line.startsWith("---") || line.startsWith("+++")
      ? style.bold(line)
      : line.startsWith("@@")
      ? style.cyan(line)
      : line.startsWith("-")
      ? style.red(line)
      : line.startsWith("+")
      ? style.green(line)
      : line
  ).join("\n");
}
