// The files a release writes: versions where a member states its own, and its CHANGELOG.md.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { root } from "./_workspace.ts";
import type { PlannedRelease } from "./_release_plan.ts";
import { changelogHead, changelogSection, insertSection } from "./_release_changelog.ts";

/** Where a member states its version, beside deno.json (the CLI prints its own). */
const VERSION_MARKS: readonly { file: string; pattern: RegExp }[] = [
  { file: "deno.json", pattern: /("version":\s*")([^"]+)(")/ },
  { file: "_common/version.ts", pattern: /(export const VERSION = ")([^"]+)(")/ },
  { file: "_doctor_sizes.ts", pattern: /(\bversion: ")([^"]+)(")/ },
];

/** Each file a release of these members writes, relative to the root, with its new text. */
export function releaseEdits(
  releases: readonly PlannedRelease[],
  date: Date,
  base: string = root,
): Map<string, string> {
  const edits = new Map<string, string>();
  for (const release of releases) {
    for (const { file, pattern } of VERSION_MARKS) {
      const path = join(release.folder, file);
      if (!existsSync(join(base, path))) continue;
      const text = Deno.readTextFileSync(join(base, path));
      const match = text.match(pattern);
      if (!match || match[2] !== release.from) {
        throw new Error(`${path} does not state version ${release.from} where expected`);
      }
      if (release.to !== release.from) edits.set(path, text.replace(pattern, `$1${release.to}$3`));
    }
    const changelog = join(release.folder, "CHANGELOG.md");
    const old = existsSync(join(base, changelog))
      ? Deno.readTextFileSync(join(base, changelog))
      : changelogHead(release.name);
    edits.set(changelog, insertSection(old, changelogSection(release, date)));
  }
  return edits;
}

/**
 * Writes the edits and returns a function that puts every file back as it was (a file that
 * did not exist is removed), for a release whose checks fail.
 */
export function applyEdits(edits: ReadonlyMap<string, string>, base: string = root): () => void {
  const originals = new Map<string, string | undefined>();
  for (const [path, text] of edits) {
    const full = join(base, path);
    originals.set(full, existsSync(full) ? Deno.readTextFileSync(full) : undefined);
    Deno.writeTextFileSync(full, text);
  }
  return () => {
    for (const [full, text] of originals) {
      if (text === undefined) Deno.removeSync(full);
      else Deno.writeTextFileSync(full, text);
    }
  };
}
