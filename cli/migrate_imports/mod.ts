import { readFile, stat, writeFile } from "node:fs/promises";
import { dirname, extname, relative } from "node:path";
import type { Command } from "../_common/command.ts";
import { positionals } from "../_common/args.ts";
import { dependencyAdvice } from "./_deps.ts";
import { unifiedDiff } from "./_diff.ts";
import { type FileOutcome, type MigrationOutcome, printHuman, printJson } from "./_report.ts";
import { rewriteImports, type TypeScript } from "./_rewrite.ts";
import { loadTypeScript } from "./_typescript.ts";
import { findSourceFiles, SOURCE_EXTENSIONS } from "./_walk.ts";
import { resolvePath } from "../_common/open_storage.ts";
import { CliError } from "../cli_error.ts";
import { ExitCode } from "../exit_code.ts";

/** `atomiton migrate-imports <dir>`: the old `@atomiton/core` imports, rewritten to the new packages. */
export const migrateImportsCommand: Command = {
  name: "migrate-imports",
  summary: "Rewrite imports of the old @atomiton/core to the new packages",
  usage: "<dir> [options]",
  description:
    "Rewrites the imports and re-exports of the old @atomiton/core (and its subpaths) in the\n" +
    ".ts, .tsx, .mts, .cts, .js, .jsx, .mjs and .cjs files under <dir> (or in one such file),\n" +
    "skipping node_modules, .git, dist and build: one import per new entry, keeping aliases,\n" +
    "`type` modifiers, quotes, semicolons and comments. Uses of exports whose API changed are\n" +
    "listed for manual work. What it cannot rewrite safely (namespace and default imports,\n" +
    "`export *`, import(), require(), names with no counterpart) is left as it is and listed.\n" +
    "Running it again changes nothing. It also says which new packages to add.\n\n" +
    "Exit codes: 0 everything was rewritten; 1 something needs manual work (listed);\n" +
    "2 a usage error; 3 <dir> does not exist.",
  options: {
    "dry-run": {
      type: "boolean",
      description: "Print the changes as a unified diff; write nothing",
    },
    json: {
      type: "boolean",
      description: "Print JSON Lines: each rewrite, each place to look at, then a summary",
    },
  },
  examples: [
    "atomiton migrate-imports src --dry-run > migration.diff",
    "atomiton migrate-imports src",
    "atomiton migrate-imports . --json | jq 'select(.type == \"unchanged\")'",
  ],
  async run(context): Promise<number> {
    const [target] = positionals(context, "migrate-imports", ["dir"]);
    const dryRun = context.values["dry-run"] === true;
    const { io } = context;
    const root = resolvePath(io.cwd, target!);
    const info = await stat(root).catch(() => undefined);
    if (!info) {
      throw new CliError("NOT_FOUND", `No such folder or file: ${JSON.stringify(target)}.`);
    }
    if (!info.isDirectory() && !SOURCE_EXTENSIONS.has(extname(root).toLowerCase())) {
      throw new CliError(
        "USAGE",
        `${JSON.stringify(target)} is neither a folder nor a source file: expected a folder or a ` +
          `file ending in ${[...SOURCE_EXTENSIONS].join(", ")}.`,
      );
    }
    const files = info.isDirectory() ? await findSourceFiles(root) : [root];
    let ts: TypeScript | undefined;
    const outcomes: FileOutcome[] = [];
    const packages = new Set<string>();
    let coreLeft = 0;
    for (const file of files) {
      if (context.signal.aborted) throw context.signal.reason;
      const path = relative(io.cwd, file) || file;
      const text = await readText(file);
      if (text === undefined) {
        outcomes.push(unreadable(path));
        coreLeft++;
        continue;
      }
      if (!text.includes("@atomiton/core")) continue;
      ts ??= await loadTypeScript();
      const result = rewriteImports(ts, text, file);
      const changed = result.text !== text;
      if (changed && !dryRun) {
        await writeFile(file, result.text).catch((error: Error) => {
          throw new CliError(
            "UNAVAILABLE",
            `Could not write ${path} (${error.message}); the files before it are rewritten.`,
            { cause: error },
          );
        });
      }
      for (const name of result.packages) packages.add(name);
      coreLeft += result.coreLeft;
      outcomes.push({
        path,
        changed,
        rewrites: result.rewrites,
        manual: result.manual,
        unchanged: result.unchanged,
        ...(dryRun && changed ? { diff: unifiedDiff(path, text, result.edits) } : {}),
      });
    }
    const advice = await dependencyAdvice(
      info.isDirectory() ? root : dirname(root),
      packages,
      coreLeft,
    );
    const needsWork = outcomes.some((file) => file.manual.length || file.unchanged.length);
    const outcome: MigrationOutcome = {
      dryRun,
      scanned: files.length,
      files: outcomes,
      advice,
      exitCode: needsWork ? ExitCode.FAILURE : ExitCode.OK,
    };
    if (context.values.json === true) printJson(io, outcome);
    else printHuman(io, context.style, outcome);
    return outcome.exitCode;
  },
};

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The file as text, or undefined when it is not UTF-8 but names the old package. */
async function readText(file: string): Promise<string | undefined> {
  const bytes = await readFile(file);
  try {
    return decoder.decode(bytes);
  } catch {
    // Latin-1 keeps every byte: enough to tell whether it names the package at all.
    const raw = new TextDecoder("latin1").decode(bytes);
    return raw.includes("@atomiton/core") ? undefined : "";
  }
}

function unreadable(path: string): FileOutcome {
  return {
    path,
    changed: false,
    rewrites: [],
    manual: [],
    unchanged: [{
      kind: "parse-error",
      line: 1,
      column: 1,
      message: "not UTF-8 text: left as it is; convert it to UTF-8, then run it again",
      code: "",
    }],
  };
}
