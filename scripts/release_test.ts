// `deno task release` in a scratch clone: the dry run, the refusals, and the release's own
// steps (versions, changelogs, commit, tags; every file back when a check fails).
import assert from "node:assert/strict";
import { join } from "node:path";
import type { Member } from "./_workspace.ts";
import { type ScratchClone, scratchClone } from "./_api_clone.ts";
import { committable, git } from "./_release_scratch.ts";

/** The members of the clone, read as the clone's own scripts read them. */
async function membersOf(dir: string): Promise<Member[]> {
  const workspace = await import(join(dir, "scripts", "_workspace.ts"));
  return workspace.readMembers();
}

const patched = (version: string): string => version.replace(/\d+$/, (p) => String(+p + 1));

/**
 * A scratch clone with the release scripts under test committed and every member tagged as
 * released at its version, at HEAD or at the first commit (so that every member has changed).
 */
async function releasedClone(at: "HEAD" | "first commit"): Promise<ScratchClone> {
  const clone = await scratchClone(/^_?release/);
  await committable(clone.dir);
  await git(clone.dir, "add", "scripts");
  await git(clone.dir, "commit", "--quiet", "--allow-empty", "-m", "scripts under test");
  const ref = at === "HEAD" ? "HEAD" : await git(clone.dir, "rev-list", "--max-parents=0", "HEAD");
  for (const member of await membersOf(clone.dir)) {
    await git(clone.dir, "tag", `${member.name}@${member.version}`, ref);
  }
  return clone;
}

Deno.test("release --dry-run prints each member with its next version and changes nothing", async () => {
  await using clone = await releasedClone("first commit");
  const members = await membersOf(clone.dir);
  const tagsBefore = await git(clone.dir, "tag");
  const { code, output } = await clone.run("scripts/release.ts", "patch", "--dry-run");
  assert.equal(code, 0, output);
  for (const member of members) {
    const line = new RegExp(`${member.name}\\s+${member.version} -> ${patched(member.version)}\\s`);
    assert.match(output, line);
    assert.match(output, new RegExp(`${member.folder}/CHANGELOG.md, new entry:`));
  }
  assert.match(output, /deno task test/);
  assert.match(output, /npm pack --dry-run \(in npm\/platform\)/);
  assert.match(output, /deno task bench --check/);
  assert.match(output, /Dry run: nothing was changed/);
  assert.equal(await git(clone.dir, "status", "--porcelain"), "");
  assert.equal(await git(clone.dir, "tag"), tagsBefore);
});

Deno.test("release refuses a dirty tree, with a non-zero exit and the reason", async () => {
  await using clone = await scratchClone(/^_?release/);
  await committable(clone.dir);
  await Deno.writeTextFile(join(clone.dir, "di", "notes.txt"), "work in progress\n");
  const { code, output } = await clone.run("scripts/release.ts", "patch", "--dry-run");
  assert.equal(code, 1, output);
  assert.match(output, /uncommitted changes .*di\/notes\.txt.*\[DIRTY_TREE\]/);
  assert.doesNotMatch(output, /Release plan/);
});

Deno.test("release refuses a changed public signature in a patch, naming it; a minor may", async () => {
  await using clone = await releasedClone("HEAD");
  await clone.edit("di/token.ts", "token<T>(name: string)", "token<T>(name: string, tag = 0)");
  await git(clone.dir, "commit", "--quiet", "-am", "di: token() takes a tag");
  const patch = await clone.run("scripts/release.ts", "patch", "--dry-run");
  assert.equal(patch.code, 1, patch.output);
  assert.match(patch.output, /REFUSED @atomiton\/di: changed @atomiton\/di#token/);
  assert.match(patch.output, /\[BREAKING_API\]/);
  const minor = await clone.run("scripts/release.ts", "minor", "--dry-run");
  assert.equal(minor.code, 0, minor.output);
  assert.match(minor.output, /@atomiton\/di\s+0\.1\.0 -> 0\.2\.0/);
  assert.match(
    minor.output,
    /breaking, which 0\.1\.0 -> 0\.2\.0 allows: changed @atomiton\/di#token/,
  );
});

Deno.test("release writes versions and changelogs, commits and tags; a failing check puts all back", async () => {
  await using clone = await releasedClone("HEAD");
  await clone.edit("di/lazy.ts", "export function lazy", "// a comment\nexport function lazy");
  await git(clone.dir, "commit", "--quiet", "-am", "di: a comment on lazy()");
  const { release } = await import(join(clone.dir, "scripts", "release.ts"));
  const failing = [{ command: "git", args: ["this-is-no-command"], cwd: clone.dir }];
  await assert.rejects(
    release(["patch"], { checks: failing }),
    (error: Error & { code?: string }) =>
      error.name === "ReleaseError" && error.code === "CHECK_FAILED",
  );
  assert.equal(await git(clone.dir, "status", "--porcelain"), "");
  assert.equal(await git(clone.dir, "tag", "--list", "@atomiton/di@0.1.1"), "");

  await release(["patch"], { checks: [] });
  assert.equal(await git(clone.dir, "status", "--porcelain"), "");
  assert.equal(await git(clone.dir, "log", "-1", "--format=%s"), "release: @atomiton/di 0.1.1");
  assert.equal(await git(clone.dir, "tag", "--points-at", "HEAD"), "@atomiton/di@0.1.1");
  const config = JSON.parse(await Deno.readTextFile(join(clone.dir, "di", "deno.json")));
  assert.equal(config.version, "0.1.1");
  const changelog = await Deno.readTextFile(join(clone.dir, "di", "CHANGELOG.md"));
  assert.match(
    changelog,
    /^## 0\.1\.1 \(\d{4}-\d\d-\d\d\)\n\n### Changes\n\n- a comment on lazy\(\) \([0-9a-f]{7}\)$/m,
  );
  const events = JSON.parse(await Deno.readTextFile(join(clone.dir, "events", "deno.json")));
  assert.equal(events.version, "0.1.0"); // unchanged members keep their version
});
