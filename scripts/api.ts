// deno-lint-ignore-file no-console
/**
 * Writes the public API report, `docs/api/<member>.md`: each entry of each member, each
 * exported symbol and its signature, from `deno doc --json`. With `--check` it writes
 * nothing and fails when the committed report differs from the source, naming the symbols
 * added, changed or removed.
 *
 * Run: `deno task api` (write) or `deno task api --check`.
 *
 * @module
 */
import { join } from "node:path";
import {
  type Api,
  API_FOLDER,
  type ApiDiff,
  diffApi,
  readApi,
  readCommittedApi,
  renderApiReport,
  reportFileNames,
} from "./_api.ts";
import { readMembers, root } from "./_workspace.ts";

/** Each report file (relative to the root) and the text it should hold; `undefined`: delete it. */
export async function expectedReports(api: Api): Promise<Map<string, string | undefined>> {
  const files = new Map<string, string | undefined>();
  for (const name of await reportFileNames()) files.set(`${API_FOLDER}/${name}`, undefined);
  for (const { folder } of readMembers()) {
    files.set(`${API_FOLDER}/${folder}.md`, renderApiReport(api, folder));
  }
  return files;
}

/** The report files whose text differs from `expected`. */
export async function staleReports(expected: Map<string, string | undefined>): Promise<string[]> {
  const stale: string[] = [];
  for (const [path, text] of expected) {
    const current = await Deno.readTextFile(join(root, path)).catch(() => undefined);
    if (current !== text) stale.push(path);
  }
  return stale;
}

/** The lines that tell a reader what changed, one per symbol. */
export function describeDiff(diff: ApiDiff): string[] {
  return [
    ...diff.added.map((id) => `  added:   ${id}`),
    ...diff.changed.map((id) => `  changed: ${id}`),
    ...diff.removed.map((id) => `  removed: ${id}`),
  ];
}

async function write(expected: Map<string, string | undefined>): Promise<void> {
  await Deno.mkdir(join(root, API_FOLDER), { recursive: true });
  for (const [path, text] of expected) {
    if (text === undefined) await Deno.remove(join(root, path));
    else await Deno.writeTextFile(join(root, path), text);
  }
}

if (import.meta.main) {
  const api = await readApi();
  const expected = await expectedReports(api);
  if (!Deno.args.includes("--check")) {
    await write(expected);
    console.log(
      `wrote ${[...expected.values()].filter(Boolean).length} API reports to ${API_FOLDER}/`,
    );
  } else {
    const stale = await staleReports(expected);
    if (stale.length === 0) {
      console.log(`the API reports in ${API_FOLDER}/ match the source`);
    } else {
      const lines = describeDiff(diffApi(await readCommittedApi(), api));
      console.log(`the public API differs from the committed report (${stale.join(", ")}):`);
      console.log(
        lines.length ? lines.join("\n") : "  (no symbol changed: the report's layout did)",
      );
      console.log("if this change is meant, regenerate and commit the report: deno task api");
      Deno.exit(1);
    }
  }
}
