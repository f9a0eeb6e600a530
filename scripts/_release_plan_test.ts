import assert from "node:assert/strict";
import { ReleaseError } from "./_release_error.ts";
import {
  allowsBreaking,
  caretHolds,
  nextVersion,
  parseBump,
  parseVersion,
} from "./_release_version.ts";
import { type MemberState, type PlannedRelease, planRelease } from "./_release_plan.ts";
import { changelogSection, classify, insertSection } from "./_release_changelog.ts";
import { apiVerdict } from "./_release_api.ts";
import { latestTag } from "./_release_inputs.ts";
import { type Api, diffApi } from "./_api.ts";

const refusedWith = (code: string) => (error: unknown): boolean =>
  error instanceof ReleaseError && error.code === code;

Deno.test("parseBump() takes patch, minor, major or X.Y.Z and refuses anything else by name", () => {
  assert.equal(parseBump("minor"), "minor");
  assert.deepEqual(parseBump("1.2.3"), { exact: "1.2.3" });
  for (const bad of [undefined, "Patch", "1.2", "01.2.3", "1.2.3-rc.1", "__proto__"]) {
    assert.throws(() => parseBump(bad), refusedWith("BAD_BUMP"));
  }
  assert.throws(() => parseVersion("x"), refusedWith("BAD_VERSION"));
});

Deno.test("nextVersion() steps a released version, keeps an unreleased one, refuses an older", () => {
  assert.equal(nextVersion("0.1.9", "patch", true), "0.1.10");
  assert.equal(nextVersion("0.1.9", "minor", true), "0.2.0");
  assert.equal(nextVersion("0.1.9", "major", true), "1.0.0");
  assert.equal(nextVersion("0.2.0", "patch", false), "0.2.0");
  assert.equal(nextVersion("0.1.0", { exact: "0.1.0" }, false), "0.1.0");
  assert.throws(() => nextVersion("0.1.0", { exact: "0.1.0" }, true), refusedWith("NOT_NEWER"));
  assert.throws(() => nextVersion("0.2.0", { exact: "0.1.5" }, false), refusedWith("NOT_NEWER"));
});

Deno.test("allowsBreaking() needs a major version, or a minor one before 1.0", () => {
  assert.equal(allowsBreaking("0.1.0", "0.1.1"), false);
  assert.equal(allowsBreaking("0.1.0", "0.2.0"), true);
  assert.equal(allowsBreaking("0.1.0", "1.0.0"), true);
  assert.equal(allowsBreaking("1.2.3", "1.3.0"), false);
  assert.equal(allowsBreaking("1.2.3", "2.0.0"), true);
});

Deno.test("caretHolds() follows npm's caret ranges, 0.x included", () => {
  assert.equal(caretHolds("0.1.0", "0.1.7"), true);
  assert.equal(caretHolds("0.1.0", "0.2.0"), false);
  assert.equal(caretHolds("0.0.3", "0.0.4"), false);
  assert.equal(caretHolds("1.2.0", "1.9.9"), true);
  assert.equal(caretHolds("1.2.0", "2.0.0"), false);
});

Deno.test("latestTag() picks the newest version by number, not by text", () => {
  const tags = ["@atomiton/di@0.9.0", "@atomiton/di@0.10.0", "@atomiton/dix@9.0.0", ""];
  assert.equal(latestTag("@atomiton/di", tags), "@atomiton/di@0.10.0");
  assert.equal(latestTag("@atomiton/events", tags), undefined);
});

const commit = (subject: string) => ({ hash: "0123456789abcdef", subject });
const state = (name: string, changed: boolean, siblings: string[] = []): MemberState => ({
  name: `@atomiton/${name}`,
  folder: name,
  version: name === "core" ? "0.2.0" : "0.1.0",
  released: true,
  commits: changed ? [commit(`${name}: a change`)] : [],
  siblings: siblings.map((sibling) => `@atomiton/${sibling}`),
});
const family = [
  state("platform", true),
  state("events", false, ["platform"]),
  state("storage", false, ["events"]),
  state("core", true, ["storage"]),
];
const versions = (releases: PlannedRelease[]): string[] =>
  releases.map((release) => `${release.folder} ${release.from}->${release.to}`);

Deno.test("planRelease() takes changed members, each from its own version", () => {
  assert.deepEqual(versions(planRelease(family, "patch")), [
    "platform 0.1.0->0.1.1",
    "core 0.2.0->0.2.1",
  ]);
});

Deno.test("planRelease() takes every importer whose caret range a new version outgrows", () => {
  const releases = planRelease(family, "minor");
  assert.deepEqual(versions(releases), [
    "platform 0.1.0->0.2.0",
    "events 0.1.0->0.1.1",
    "core 0.2.0->0.3.0",
  ]);
  assert.deepEqual(releases[1]!.followsSiblings, ["@atomiton/platform"]);
});

Deno.test("planRelease() takes named members only, and refuses an unknown or an empty release", () => {
  assert.deepEqual(versions(planRelease(family, "patch", ["events"])), ["events 0.1.0->0.1.1"]);
  assert.throws(() => planRelease(family, "patch", ["constructor"]), refusedWith("UNKNOWN_MEMBER"));
  const quiet = family.map((member) => ({ ...member, commits: [] }));
  assert.throws(() => planRelease(quiet, "patch"), refusedWith("NOTHING_TO_RELEASE"));
});

Deno.test("classify() groups subjects by their lead and drops it", () => {
  assert.deepEqual(classify("store: persist() loads lazily"), {
    group: "Changes",
    text: "persist() loads lazily",
  });
  assert.equal(classify("execution test: worker-b's exit awaited").group, "Tests");
  assert.equal(classify("conductor README: sizes").group, "Documentation");
  assert.equal(classify("events bench: a probe group").group, "Benchmarks");
  assert.deepEqual(classify("Workspace skeleton"), {
    group: "Changes",
    text: "Workspace skeleton",
  });
});

Deno.test("changelogSection() writes the version, date and grouped commits; insertSection() puts it first", () => {
  const release: PlannedRelease = {
    name: "@atomiton/store",
    folder: "store",
    from: "0.1.0",
    to: "0.1.1",
    released: true,
    commits: [commit("store test: buffered changes kept"), commit("store: lazy persist")],
    followsSiblings: [],
  };
  const section = changelogSection(release, new Date("2025-03-04T12:00:00Z"));
  assert.equal(
    section,
    "## 0.1.1 (2025-03-04)\n\n### Changes\n\n- lazy persist (0123456)\n\n" +
      "### Tests\n\n- buffered changes kept (0123456)\n",
  );
  const old = "# Changelog\n\nIntro.\n\n## 0.1.0 (2025-01-01)\n\nThe first release.\n";
  const next = insertSection(old, section);
  assert.ok(next.indexOf("## 0.1.1") < next.indexOf("## 0.1.0"));
  assert.ok(next.startsWith("# Changelog\n\nIntro.\n\n## 0.1.1"));
  assert.equal(insertSection("# Changelog\n", section), `# Changelog\n\n${section}`);
});

const api = (signature: string, extra = false): Api =>
  new Map([
    ["@atomiton/di", new Map([["x", signature], ...(extra ? [["y", "y"]] as const : [])])],
    ["@atomiton/dio", new Map([["z", signature]])],
  ]);
const plannedDi = (to: string): PlannedRelease => ({
  name: "@atomiton/di",
  folder: "di",
  from: "0.1.0",
  to,
  released: true,
  commits: [],
  followsSiblings: [],
});

Deno.test("apiVerdict() refuses a changed or removed symbol without a breaking version", () => {
  const changed = apiVerdict(plannedDi("0.1.1"), api("a"), api("b"), diffApi);
  assert.equal(changed.refused, true);
  assert.match(changed.note, /changed @atomiton\/di#x/);
  assert.doesNotMatch(changed.note, /dio/); // another package's entries are not this one's
  const removed = apiVerdict(plannedDi("0.1.1"), api("a", true), api("a"), diffApi);
  assert.equal(removed.refused, true);
  assert.match(removed.note, /removed @atomiton\/di#y/);
  assert.equal(apiVerdict(plannedDi("0.2.0"), api("a"), api("b"), diffApi).refused, false);
  const added = apiVerdict(plannedDi("0.1.1"), api("a"), api("a", true), diffApi);
  assert.deepEqual([added.refused, added.note], [false, "added @atomiton/di#y"]);
  const first = apiVerdict(plannedDi("0.1.1"), undefined, api("a"), diffApi);
  assert.deepEqual([first.refused, first.note], [
    false,
    "no release tag yet: no earlier public API to compare",
  ]);
});
