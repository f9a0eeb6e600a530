// `deno task new-member`: the name check, the edits, and a member made in a scratch clone that
// passes its test, type-checks, doc-lints and is in the workspace, the npm build and the docs.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { HOSTILE_KEYS, hostileString } from "./testing/hostile.ts";
import { checkMemberName, NewMemberError } from "./_new_member_name.ts";
import { addPackageRow, addToWorkspace } from "./_new_member_files.ts";
import { scratchClone } from "./_api_clone.ts";
import { committable, git } from "./_release_scratch.ts";

const refusedWith = (code: string) => (error: unknown): boolean =>
  error instanceof NewMemberError && error.code === code;

Deno.test("checkMemberName() takes lowercase letters, digits and dashes, and refuses the rest", () => {
  const taken = new Set(["events", "scripts"]);
  for (const good of ["queue", "blob-store", "s3", "constructor"]) {
    assert.equal(checkMemberName(good, taken), good);
  }
  for (const bad of ["", "Queue", "blob_store", "3d", "-a", "a-", "a--b", "a/b", "x".repeat(41)]) {
    assert.throws(() => checkMemberName(bad, taken), refusedWith("BAD_NAME"));
  }
  assert.throws(() => checkMemberName(undefined, taken), /null is not a member name/);
  assert.throws(() => checkMemberName("events", taken), refusedWith("EXISTS"));
  assert.throws(() => checkMemberName("scripts", taken), refusedWith("EXISTS"));
});

Deno.test("checkMemberName() returns a valid name or throws NewMemberError, for hostile input", () => {
  const valid = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
  const check = (name: string): void => {
    try {
      assert.match(checkMemberName(name, new Set()), valid);
    } catch (error) {
      assert.ok(refusedWith("BAD_NAME")(error), String(error));
    }
  };
  HOSTILE_KEYS.forEach(check);
  fc.assert(fc.property(hostileString(), (name) => check(name)));
});

Deno.test("addToWorkspace() appends the folder to the list; addPackageRow() adds a row", () => {
  const config = `{\n  "workspace": [\n    "./platform",\n    "./cli"\n  ],\n  "x": [1]\n}\n`;
  assert.equal(
    addToWorkspace(config, "queue"),
    `{\n  "workspace": [\n    "./platform",\n    "./cli",\n    "./queue"\n  ],\n  "x": [1]\n}\n`,
  );
  assert.throws(() => addToWorkspace("{}", "queue"), refusedWith("NO_WORKSPACE_LIST"));
  const readme = "| package | job | status |\n| --- | --- | --- |\n" +
    "| [`@atomiton/di`](di/README.md) | injection | released |\n\nAfter.\n";
  assert.equal(
    addPackageRow(readme, "queue", "A job queue | fast."),
    readme.replace(
      "|\n\nAfter",
      "|\n| [`@atomiton/queue`](queue/README.md) | A job queue \\| fast | new |\n\nAfter",
    ),
  );
});

Deno.test("new-member makes a member that passes its checks, in the workspace, npm build and docs", async () => {
  await using clone = await scratchClone(/^_?new_member/);
  await committable(clone.dir);
  await git(clone.dir, "add", "scripts");
  await git(clone.dir, "commit", "--quiet", "--allow-empty", "-m", "scripts under test");
  for (const [name, code] of [["Queue", "BAD_NAME"], ["events", "EXISTS"], ["docs", "EXISTS"]]) {
    const refused = await clone.run("scripts/new_member.ts", name!);
    assert.equal(refused.code, 1, refused.output);
    assert.match(refused.output, new RegExp(`\\[${code}\\]`));
  }
  assert.equal(await git(clone.dir, "status", "--porcelain"), "");

  const made = await clone.run("scripts/new_member.ts", "job-queue", "--description=A job queue.");
  assert.equal(made.code, 0, made.output);
  const deno = async (...args: string[]): Promise<void> => {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args,
      cwd: clone.dir,
      env: { NO_COLOR: "1" },
    }).output();
    const decoder = new TextDecoder();
    assert.equal(
      code,
      0,
      `deno ${args.join(" ")}:\n${decoder.decode(stdout)}${decoder.decode(stderr)}`,
    );
  };
  await deno("test", "-A", "--doc", "job-queue/");
  await deno("check", "job-queue/mod.ts");
  await deno("doc", "--lint", "job-queue/mod.ts");
  await deno("fmt", "--check", "job-queue/", "deno.json", "README.md");
  await deno("lint", "job-queue/");
  const root = JSON.parse(await Deno.readTextFile(join(clone.dir, "deno.json")));
  assert.equal(root.workspace.at(-1), "./job-queue");
  const manifest = JSON.parse(
    await Deno.readTextFile(join(clone.dir, "npm", "job-queue", "package.json")),
  );
  assert.deepEqual([manifest.name, manifest.version], ["@atomiton/job-queue", "0.1.0"]);
  assert.equal(manifest.description, "A job queue.");
  const readme = await Deno.readTextFile(join(clone.dir, "README.md"));
  assert.match(
    readme,
    /\| \[`@atomiton\/job-queue`\]\(job-queue\/README\.md\) +\| A job queue +\| new +\|/,
  );
  assert.match(readme, /\| `@atomiton\/job-queue` +\| +\d+ B \| +\d+ B \|.*5120 B \| ok \|/);
  assert.ok(existsSync(join(clone.dir, "docs", "api", "job-queue.md")), "its API report");
  await deno("run", "-A", "scripts/api.ts", "--check");
});
