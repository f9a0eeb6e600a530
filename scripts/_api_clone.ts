// A scratch clone of the repository for tests that change sources and run a script on them.
import { copyFileSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { capture, root } from "./_workspace.ts";

/** A committed copy of the repository in a temp folder; removed with `await using`. */
export interface ScratchClone extends AsyncDisposable {
  readonly dir: string;
  /** Runs `deno run -A <script> ...args` in the clone; never throws on a non-zero exit. */
  run(script: string, ...args: string[]): Promise<{ code: number; output: string }>;
  /** Replaces `from` by `to` in a file of the clone; throws when `from` is not there. */
  edit(path: string, from: string, to: string): Promise<void>;
}

/**
 * Clones the last commit, then lays the working tree's copies of the scripts that match
 * `scripts` over it, so the scripts under test are the ones being edited. `node_modules` is
 * a link to the repository's, so nothing is installed.
 */
export async function scratchClone(scripts: RegExp): Promise<ScratchClone> {
  const dir = await Deno.makeTempDir({ prefix: "atomiton-clone-" });
  await capture("git", ["clone", "--quiet", "--no-hardlinks", root, dir]);
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"));
  for (const name of readdirSync(join(root, "scripts"))) {
    if (scripts.test(name)) copyFileSync(join(root, "scripts", name), join(dir, "scripts", name));
  }
  return {
    dir,
    async run(script, ...args): Promise<{ code: number; output: string }> {
      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "-A", script, ...args],
        cwd: dir,
        env: { NO_COLOR: "1" },
        stdout: "piped",
        stderr: "piped",
      }).output();
      const decoder = new TextDecoder();
      return { code, output: decoder.decode(stdout) + decoder.decode(stderr) };
    },
    async edit(path, from, to): Promise<void> {
      const text = await Deno.readTextFile(join(dir, path));
      if (!text.includes(from)) throw new Error(`${path} in the clone has no "${from}"`);
      await Deno.writeTextFile(join(dir, path), text.replace(from, to));
    },
    async [Symbol.asyncDispose](): Promise<void> {
      await Deno.remove(dir, { recursive: true });
    },
  };
}
