// Makes a scratch clone (scripts/_api_clone.ts) fit for commits and tags: the tests of the
// release and of new-member refuse or make commits there, never in this checkout.
import { join } from "node:path";
import { capture } from "./_workspace.ts";

/** Hides the clone's `node_modules` link from git and gives the clone an identity to commit. */
export async function committable(dir: string): Promise<void> {
  // The link is not a folder, so `.gitignore`'s `node_modules/` does not cover it.
  await Deno.writeTextFile(join(dir, ".git", "info", "exclude"), "node_modules\n", {
    append: true,
  });
  await capture("git", ["config", "user.email", "scratch@atomiton.invalid"], dir);
  await capture("git", ["config", "user.name", "Scratch"], dir);
}

/** Runs git in `dir` and returns its output, trimmed. */
export async function git(dir: string, ...args: string[]): Promise<string> {
  return (await capture("git", args, dir)).trim();
}
