// A member's CHANGELOG.md entry, from the commit subjects since its last release.
import type { Commit, PlannedRelease } from "./_release_plan.ts";

/** The groups of an entry, in the order they appear. */
const GROUPS = ["Changes", "Documentation", "Tests", "Benchmarks"] as const;
type Group = typeof GROUPS[number];

// A subject's lead ("events", "store README", "platform, di, store") names packages and a kind.
const LEAD = /^([\w@/ ,.+-]{1,60}):\s+(.+)$/;

/** The group a commit belongs to and its text without the package lead. */
export function classify(subject: string): { group: Group; text: string } {
  const lead = subject.match(LEAD);
  if (!lead) return { group: "Changes", text: subject };
  const words = lead[1]!.toLowerCase().split(/[\s,]+/);
  const has = (...kinds: string[]): boolean => words.some((word) => kinds.includes(word));
  const group: Group = has("test", "tests")
    ? "Tests"
    : has("readme", "docs", "doc")
    ? "Documentation"
    : has("bench", "benchmark", "benchmarks")
    ? "Benchmarks"
    : "Changes";
  return { group, text: lead[2]! };
}

/** The Markdown section of one release: `## 0.1.1 (date)`, then each group's commits. */
export function changelogSection(release: PlannedRelease, date: Date): string {
  const lines = [`## ${release.to} (${date.toISOString().slice(0, 10)})`, ""];
  if (!release.released) lines.push("The first release.", "");
  if (release.followsSiblings.length > 0) {
    lines.push(
      `Released for its npm copy's ranges on ${release.followsSiblings.join(", ")}.`,
      "",
    );
  }
  const grouped = new Map<Group, Commit[]>();
  for (const commit of release.commits) {
    const { group } = classify(commit.subject);
    grouped.set(group, [...grouped.get(group) ?? [], commit]);
  }
  for (const group of GROUPS) {
    const commits = grouped.get(group);
    if (!commits) continue;
    lines.push(`### ${group}`, "");
    for (const commit of commits) {
      lines.push(`- ${classify(commit.subject).text} (${commit.hash.slice(0, 7)})`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** The head of a new CHANGELOG.md. */
export function changelogHead(name: string): string {
  return `# Changelog: ${name}

Each release's changes, newest first, written by \`deno task release\` from the commits since the
release before. Versions follow semver; before 1.0 a minor version may break the public API.
`;
}

/** The changelog with a section added above the newest one (or after the head when none). */
export function insertSection(changelog: string, section: string): string {
  const at = changelog.search(/^## /m);
  if (at < 0) return `${changelog.trimEnd()}\n\n${section.trimEnd()}\n`;
  return `${changelog.slice(0, at)}${section.trimEnd()}\n\n${changelog.slice(at)}`;
}
