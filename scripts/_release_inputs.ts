// What a release reads from the repository: release tags, commits per member, sibling imports.
import { join, relative } from "node:path";
import { capture, type Member, root } from "./_workspace.ts";
import type { Commit, MemberState } from "./_release_plan.ts";
import { compareVersions } from "./_release_version.ts";

/** A member's release tag: `@atomiton/events@0.1.1`, one per package and version. */
export function tagName(name: string, version: string): string {
  return `${name}@${version}`;
}

/** The newest of a member's release tags, or undefined when it was never released. */
export function latestTag(name: string, tags: readonly string[]): string | undefined {
  const prefix = `${name}@`;
  const versions = tags.filter((tag) => tag.startsWith(prefix)).map((tag) =>
    tag.slice(prefix.length)
  ).filter((version) => /^\d+\.\d+\.\d+$/.test(version));
  const newest = versions.sort(compareVersions).at(-1);
  return newest === undefined ? undefined : tagName(name, newest);
}

/** The files `git status` reports changed or untracked, for refusing a dirty tree. */
export async function dirtyFiles(cwd: string = root): Promise<string[]> {
  const status = await capture("git", ["status", "--porcelain"], cwd);
  return status.split("\n").filter(Boolean);
}

/** The commits since `tag` (all, without one) that touched `folder`, oldest first. */
export async function commitsSince(
  tag: string | undefined,
  folder: string,
  cwd: string = root,
): Promise<Commit[]> {
  const range = tag === undefined ? ["HEAD"] : [`${tag}..HEAD`];
  const log = await capture("git", [
    "log",
    "--reverse",
    "--format=%H%x09%s",
    ...range,
    "--",
    `${folder}/`,
  ], cwd);
  return log.split("\n").filter(Boolean).map((line) => {
    const tab = line.indexOf("\t");
    return { hash: line.slice(0, tab), subject: line.slice(tab + 1) };
  });
}

// A quoted specifier naming this project's packages: "@atomiton/events" or "@atomiton/events/redis".
const SIBLING = /["'](@atomiton\/[a-z0-9-]+)(?:\/[^"'\s]*)?["']/g;

/** The sibling packages a member's sources (not its tests) import, by name. */
export function siblingImports(member: Member, members: readonly Member[]): string[] {
  const names = new Set(members.map((other) => other.name));
  const found = new Set<string>();
  for (const file of sourceFiles(member.dir)) {
    for (const match of Deno.readTextFileSync(file).matchAll(SIBLING)) {
      if (names.has(match[1]!) && match[1] !== member.name) found.add(match[1]!);
    }
  }
  return [...found].sort();
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of Deno.readDirSync(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory && entry.name !== "testdata" && entry.name !== "node_modules") {
      yield* sourceFiles(path);
    } else if (entry.isFile && /\.tsx?$/.test(entry.name) && !/_test\.tsx?$/.test(entry.name)) {
      yield path;
    }
  }
}

/** Every member's state for the release plan, with its newest release tag. */
export async function memberStates(
  members: readonly Member[],
): Promise<{ states: MemberState[]; tags: Map<string, string | undefined> }> {
  const allTags = (await capture("git", ["tag", "--list", "@atomiton/*"])).split("\n");
  const tags = new Map<string, string | undefined>();
  const states: MemberState[] = [];
  for (const member of members) {
    const tag = latestTag(member.name, allTags);
    tags.set(member.name, tag);
    states.push({
      name: member.name,
      folder: relative(root, member.dir),
      version: member.version,
      released: tag !== undefined,
      commits: await commitsSince(tag, relative(root, member.dir)),
      siblings: siblingImports(member, members),
    });
  }
  return { states, tags };
}
