// deno-lint-ignore-file no-console
/**
 * `deno task new-member <name> [--description="One paragraph."]`: starts a workspace member
 * `@atomiton/<name>` in `<name>/` (deno.json, README.md, a documented mod.ts with an example,
 * a passing test), adds it to the root deno.json's workspace (so the npm build, the size
 * budget at its default, the consumer tests and the README tables take it) and to the
 * README's Packages table, then regenerates what the tests compare with the source: the API
 * report, the architecture diagrams and the size tables.
 *
 * @module
 */
import { join } from "node:path";
import { readMembers, readRootConfig, root } from "./_workspace.ts";
import { checkMemberName, NewMemberError } from "./_new_member_name.ts";
import { addPackageRow, addToWorkspace, memberFiles } from "./_new_member_files.ts";

/** The generated files a member appears in, as root tasks: run when the task exists. */
const GENERATORS: readonly (readonly string[])[] = [
  ["api"],
  ["architecture"],
  ["size", "--update-readme"],
];

/** Names a new member cannot take: every member's and every entry at the repository's root. */
function takenNames(): Set<string> {
  const taken = new Set([...Deno.readDirSync(root)].map((entry) => entry.name));
  for (const member of readMembers()) {
    taken.add(member.folder);
    taken.add(member.name.replace(/^@atomiton\//, ""));
  }
  return taken;
}

/** Writes the member and wires it in; returns the files written or changed. */
function writeMember(name: string, description: string): string[] {
  const license = readMembers()[0]?.license ?? "MIT";
  Deno.mkdirSync(join(root, name));
  const written: string[] = [];
  for (const [file, text] of memberFiles(name, description, license)) {
    Deno.writeTextFileSync(join(root, name, file), text);
    written.push(join(name, file));
  }
  const config = join(root, "deno.json");
  Deno.writeTextFileSync(config, addToWorkspace(Deno.readTextFileSync(config), name));
  const readme = join(root, "README.md");
  Deno.writeTextFileSync(readme, addPackageRow(Deno.readTextFileSync(readme), name, description));
  return [...written, "deno.json", "README.md"];
}

/** Runs deno in the repository, its output shown; resolves with whether it succeeded. */
async function deno(args: readonly string[]): Promise<boolean> {
  console.log(`\n== deno ${args.join(" ")}`);
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: [...args],
    cwd: root,
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  return code === 0;
}

/** The new member, as the command line asks for it; returns its folder. */
export async function newMember(args: readonly string[]): Promise<string> {
  const [wanted] = args.filter((arg) => !arg.startsWith("--"));
  const name = checkMemberName(wanted, takenNames());
  const description = args.find((arg) => arg.startsWith("--description="))
    ?.slice("--description=".length).trim() ||
    `@atomiton/${name}: what it does, in one paragraph (npm and JSR show it).`;
  const written = writeMember(name, description);
  if (!await deno(["fmt", "--quiet", ...written])) throw new Error("deno fmt failed");
  const tasks = readRootConfig() as { tasks?: Record<string, string> };
  const failed: string[] = [];
  for (const generator of GENERATORS) {
    if (tasks.tasks?.[generator[0]!] === undefined) continue;
    if (!await deno(["task", ...generator])) failed.push(`deno task ${generator.join(" ")}`);
  }
  if (failed.length > 0) {
    throw new NewMemberError(
      "GENERATOR_FAILED",
      `${name}/ is written and in the workspace, but ${failed.join(", ")} failed (its output is ` +
        "above): fix that and run it again before committing",
    );
  }
  console.log(`\nCreated ${name}/ (@atomiton/${name} 0.1.0) and wired it in. Next:`);
  console.log(`  write ${name}/mod.ts and its README, then \`deno task test\` and commit.`);
  return join(root, name);
}

if (import.meta.main) {
  try {
    await newMember(Deno.args);
  } catch (error) {
    if (!(error instanceof NewMemberError)) throw error;
    console.error(`new-member: ${error.message} [${error.code}]`);
    Deno.exit(1);
  }
}
