// deno-lint-ignore-file no-console
/**
 * `deno task release <patch|minor|major|X.Y.Z> [member ...] [--dry-run]`: releases the
 * members that changed since their last release (or those named), each at its own next
 * version, with one tag per package (`@atomiton/events@0.1.1`).
 *
 * It refuses a dirty tree and a changed or removed public symbol without a major version (a
 * minor one before 1.0); writes each member's version and CHANGELOG.md (from the commits since
 * its last tag that touched its folder); runs the whole test command, `deno publish --dry-run`,
 * `npm pack --dry-run` of every npm copy and `deno task bench --check`; then commits and tags.
 * A failing check puts every file back. `--dry-run` prints all of that and changes nothing.
 *
 * @module
 */
import { join } from "node:path";
import { capture, readMembers, root } from "./_workspace.ts";
import { ReleaseError } from "./_release_error.ts";
import { parseBump } from "./_release_version.ts";
import { type PlannedRelease, planRelease } from "./_release_plan.ts";
import { dirtyFiles, memberStates, tagName } from "./_release_inputs.ts";
import { type ApiVerdict, apiVerdict } from "./_release_api.ts";
import { applyEdits, releaseEdits } from "./_release_files.ts";
import { type Api, diffApi, readApi, readCommittedApi } from "./_api.ts";

/** A command a release runs to check itself, in the repository. */
export interface Check {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
}

/** The checks, in order: the whole suite, the JSR dry run, the npm copies, the benchmarks. */
export function releaseChecks(folders: readonly string[]): Check[] {
  const deno = Deno.execPath();
  return [
    { command: deno, args: ["task", "test"], cwd: root },
    { command: deno, args: ["publish", "--dry-run", "--allow-dirty"], cwd: root },
    { command: deno, args: ["task", "build:npm"], cwd: root },
    ...folders.map((folder) => ({
      command: "npm",
      args: ["pack", "--dry-run"],
      cwd: join(root, "npm", folder),
    })),
    { command: deno, args: ["task", "bench", "--check"], cwd: root },
  ];
}

async function runCheck(check: Check): Promise<void> {
  console.log(`\n== ${describe(check)}`);
  const { code } = await new Deno.Command(check.command, {
    args: [...check.args],
    cwd: check.cwd,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) {
    throw new ReleaseError(
      "CHECK_FAILED",
      `${describe(check)} failed (exit code ${code}): nothing was committed or tagged`,
    );
  }
}

function describe(check: Check): string {
  const where = check.cwd === root ? "" : ` (in ${check.cwd.slice(root.length + 1)})`;
  const command = check.command === Deno.execPath() ? "deno" : check.command;
  return `${command} ${check.args.join(" ")}${where}`;
}

/** Each released member's public API against the report at its last release tag. */
async function checkPublicApi(
  releases: readonly PlannedRelease[],
  tags: ReadonlyMap<string, string | undefined>,
): Promise<ApiVerdict[]> {
  const now = await readApi();
  const atTag = new Map<string, Api>();
  const verdicts: ApiVerdict[] = [];
  for (const release of releases) {
    const tag = tags.get(release.name);
    if (tag !== undefined && !atTag.has(tag)) atTag.set(tag, await readCommittedApi(tag));
    const before = tag === undefined ? undefined : atTag.get(tag);
    verdicts.push(apiVerdict(release, before, now, diffApi));
  }
  return verdicts;
}

function printPlan(
  releases: readonly PlannedRelease[],
  verdicts: readonly ApiVerdict[],
  edits: ReadonlyMap<string, string>,
  tags: ReadonlyMap<string, string | undefined>,
): void {
  console.log("Release plan (each package at its own version, one tag per package):");
  const width = Math.max(...releases.map((release) => release.name.length));
  for (const release of releases) {
    const tag = tags.get(release.name);
    const why = release.followsSiblings.length > 0
      ? `its npm range on ${release.followsSiblings.join(", ")} moves`
      : tag === undefined
      ? "first release (no tag yet)"
      : `${release.commits.length} commit${release.commits.length === 1 ? "" : "s"} since ${tag}`;
    console.log(`  ${release.name.padEnd(width)}  ${release.from} -> ${release.to}  (${why})`);
  }
  const taken = new Set(releases.map((release) => release.name));
  const left = [...tags.keys()].filter((name) => !taken.has(name));
  if (left.length > 0) console.log(`Unchanged since their last release: ${left.join(", ")}`);
  console.log("\nPublic API against the last release:");
  for (const verdict of verdicts) {
    console.log(`  ${verdict.refused ? "REFUSED " : ""}${verdict.name}: ${verdict.note}`);
  }
  console.log("\nFiles written:");
  for (const [path, text] of edits) {
    if (!path.endsWith("CHANGELOG.md")) console.log(`  ${path}`);
    else console.log(`  ${path}, new entry:\n${indent(newestSection(text))}`);
  }
}

function newestSection(changelog: string): string {
  const start = changelog.search(/^## /m);
  const next = changelog.slice(start + 3).search(/^## /m);
  return changelog.slice(start, next < 0 ? undefined : start + 3 + next).trimEnd();
}

const indent = (text: string): string => text.replace(/^(?=.)/gm, "      ");

/** Commits the written files and tags each released package. */
async function commitAndTag(releases: readonly PlannedRelease[], paths: string[]): Promise<void> {
  const names = releases.map((release) => `${release.name} ${release.to}`).join(", ");
  await capture("git", ["add", "--", ...paths]);
  await capture("git", ["commit", "-m", `release: ${names}`, "--", ...paths]);
  for (const release of releases) {
    const tag = tagName(release.name, release.to);
    await capture("git", ["tag", "-a", tag, "-m", `${release.name} ${release.to}`]);
    console.log(`tagged ${tag}`);
  }
}

/**
 * The release, as the command line asks for it. `checks` replaces {@linkcode releaseChecks}
 * for the tests of the release's own steps, which must not run the whole suite.
 */
export async function release(
  args: readonly string[],
  options: { checks?: readonly Check[] } = {},
): Promise<void> {
  const dryRun = args.includes("--dry-run");
  const [step, ...named] = args.filter((arg) => !arg.startsWith("--"));
  const bump = parseBump(step);
  const dirty = await dirtyFiles();
  if (dirty.length > 0) {
    throw new ReleaseError(
      "DIRTY_TREE",
      `the working tree has uncommitted changes (${dirty.slice(0, 5).join("; ")}${
        dirty.length > 5 ? "; ..." : ""
      }): commit or stash them, a release is made from committed work only`,
    );
  }
  const members = readMembers();
  const { states, tags } = await memberStates(members);
  const releases = planRelease(states, bump, named);
  const verdicts = await checkPublicApi(releases, tags);
  const edits = releaseEdits(releases, new Date());
  printPlan(releases, verdicts, edits, tags);
  const checks = options.checks ?? releaseChecks(members.map((member) => member.folder));
  console.log(`\nChecks:\n${checks.map((check) => `  ${describe(check)}`).join("\n")}`);
  const tagList = releases.map((release) => tagName(release.name, release.to)).join(", ");
  console.log(`Then: one commit "release: ..." and the tags ${tagList}`);
  const refused = verdicts.filter((verdict) => verdict.refused);
  if (refused.length > 0) {
    throw new ReleaseError("BREAKING_API", `refused: ${refused.map((v) => v.note).join("; ")}`);
  }
  if (dryRun) return console.log("\nDry run: nothing was changed.");
  const restore = applyEdits(edits);
  try {
    await capture(Deno.execPath(), ["fmt", "--quiet", ...edits.keys()]);
    for (const check of checks) await runCheck(check);
  } catch (error) {
    restore();
    throw error;
  }
  await commitAndTag(releases, [...edits.keys()]);
  console.log("\nPush with `git push --follow-tags`, then publish (`deno publish`, npm/<member>).");
}

if (import.meta.main) {
  try {
    await release(Deno.args);
  } catch (error) {
    if (!(error instanceof ReleaseError)) throw error;
    console.error(`release: ${error.message} [${error.code}]`);
    Deno.exit(1);
  }
}
