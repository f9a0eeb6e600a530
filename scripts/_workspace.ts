// What the scripts know about the workspace: its members and the one import map.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root folder. */
export const root: string = join(dirname(fileURLToPath(import.meta.url)), "..");

/** One workspace member, as its deno.json describes it. */
export interface Member {
  /** The folder name, such as `platform`. */
  readonly folder: string;
  /** The absolute folder path. */
  readonly dir: string;
  /** The package name, such as `@atomiton/platform`. */
  readonly name: string;
  readonly version: string;
  readonly license: string;
  /** Export keys (`.`, `./fs`) to files relative to the folder (`./mod.ts`). */
  readonly exports: Readonly<Record<string, string>>;
  /** The first paragraph of the member's README, for package.json. */
  readonly description: string;
}

interface RootConfig {
  workspace: string[];
  imports: Record<string, string>;
}

/** Reads the root deno.json. */
export function readRootConfig(): RootConfig {
  return JSON.parse(Deno.readTextFileSync(join(root, "deno.json")));
}

/** Reads every workspace member, in the order the root deno.json lists them. */
export function readMembers(): Member[] {
  return readRootConfig().workspace.map((path) => {
    const dir = join(root, path);
    const config = JSON.parse(Deno.readTextFileSync(join(dir, "deno.json")));
    const exports = typeof config.exports === "string" ? { ".": config.exports } : config.exports;
    const readme = Deno.readTextFileSync(join(dir, "README.md"));
    const description = readme.split(/\n\s*\n/).find((block) => !block.startsWith("#"))
      ?.replace(/\s+/g, " ").trim() ?? "";
    return {
      folder: path.replace(/^\.\//, ""),
      dir,
      name: config.name,
      version: config.version,
      license: config.license,
      exports,
      description,
    };
  });
}

/** Runs a command and returns its standard output; throws when it exits non-zero. */
export async function capture(
  command: string,
  args: string[],
  cwd: string = root,
): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(command, {
    args,
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(stdout);
  if (code !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited with code ${code}:\n${new TextDecoder().decode(stderr)}`,
    );
  }
  return text;
}

/**
 * Runs a command in the repository, showing its standard output as it comes (standard error
 * goes straight through) and keeping it; resolves with its exit code and that output.
 */
export async function runShowing(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  const child = new Deno.Command(command, {
    args,
    cwd: root,
    env,
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  let output = "";
  const decoder = new TextDecoder();
  for await (const chunk of child.stdout) {
    await Deno.stdout.write(chunk);
    output += decoder.decode(chunk, { stream: true });
  }
  const { code } = await child.status;
  return { code, output };
}
