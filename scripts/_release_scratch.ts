// A scratch clone of the repository for the release and new-member tests: they commit, tag
// and write files there, never in the checkout they run from.
import { join } from "node:path";
import { capture, root } from "./_workspace.ts";

/**
 * Clones the committed repository into a temporary folder with `node_modules` linked from
 * this checkout (no install) and a git identity of its own; returns the folder.
 */
export async function scratchClone(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-scratch-" });
  await capture("git", ["clone", "--quiet", "--no-hardlinks", root, dir], dir);
  await Deno.symlink(join(root, "node_modules"), join(dir, "node_modules"));
  // The link is not a folder, so `.gitignore`'s `node_modules/` does not cover it.
  await Deno.writeTextFile(join(dir, ".git", "info", "exclude"), "node_modules\n", {
    append: true,
  });
  await capture("git", ["config", "user.email", "scratch@atomiton.invalid"], dir);
  await capture("git", ["config", "user.name", "Scratch"], dir);
  return dir;
}

/** Runs `deno <args>` in `dir`; resolves with its exit code and both outputs. */
export async function denoIn(
  dir: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [...args],
    cwd: dir,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** `git status --porcelain` of `dir`: empty when nothing changed. */
export async function gitStatus(dir: string): Promise<string> {
  return (await capture("git", ["status", "--porcelain"], dir)).trim();
}
