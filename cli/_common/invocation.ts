import { existsSync, realpathSync } from "node:fs";
import { delimiter, join, relative } from "node:path";
import type { Io } from "./io.ts";

/** What a process knows of how it was started; {@linkcode currentInvocation} reads the real one. */
export interface Invocation {
  readonly runtime: "deno" | "node";
  /** The runtime's executable. */
  readonly execPath: string;
  /** Deno's version (`2.9.6`), for `npx -y deno@2.9.6`. */
  readonly denoVersion?: string | undefined;
  /** The script that was started: Node's `argv[1]`, Deno's main module (a path or a URL). */
  readonly script: string | undefined;
  readonly cwd: string;
  readonly env: (name: string) => string | undefined;
  /** The real path of the executable `name` on the PATH, if there is one. */
  readonly onPath: (name: string) => string | undefined;
}

/**
 * The command a user types to run `atomiton` the way this process was started:
 * `atomiton` (on the PATH), `npx atomiton`, `deno task atomiton`,
 * `npx -y deno@2.9.6 task atomiton`, `node …/bin.js` or `deno run -A …/mod.ts`.
 */
export function howToRun(at: Invocation): string {
  const script = at.script?.startsWith("file:") ? new URL(at.script).pathname : at.script;
  if (script !== undefined && at.onPath("atomiton") === script) return "atomiton";
  if (at.runtime === "node") {
    if (at.env("npm_command") === "exec" || at.env("npm_lifecycle_event") === "npx") {
      return "npx atomiton";
    }
    return `${at.onPath("node") === at.execPath ? "node" : at.execPath} ${shown(script, at.cwd)}`;
  }
  const deno = at.execPath.includes("/_npx/") || at.execPath.includes("\\_npx\\")
    ? `npx -y deno@${at.denoVersion}`
    : at.onPath("deno") === at.execPath
    ? "deno"
    : at.execPath;
  const isTask = at.env("npm_config_user_agent")?.startsWith("deno/") === true &&
    at.env("INIT_CWD") !== undefined;
  if (isTask && script !== undefined && /[\\/]cli[\\/]mod\.ts$/.test(script)) {
    return `${deno} task atomiton`;
  }
  return `${deno} run -A ${shown(script ?? "jsr:@atomiton/cli", at.cwd)}`;
}

// A path inside the working folder reads better relative to it.
function shown(script: string | undefined, cwd: string): string {
  if (script === undefined) return "atomiton";
  if (!script.startsWith("/") && !/^[a-z]:[\\/]/i.test(script)) return script;
  const inside = relative(cwd, script);
  return inside && !inside.startsWith("..") ? inside : script;
}

/** How this process was started. */
export function currentInvocation(io: Io): Invocation {
  const onPath = (name: string): string | undefined => {
    for (const dir of (io.env("PATH") ?? "").split(delimiter)) {
      const file = join(dir, name);
      if (dir && existsSync(file)) return realpath(file);
    }
    return undefined;
  };
  if ("Deno" in globalThis) {
    return {
      runtime: "deno",
      execPath: Deno.execPath(),
      denoVersion: Deno.version.deno,
      script: Deno.mainModule,
      cwd: io.cwd,
      env: io.env,
      onPath,
    };
  }
  const process = (globalThis as unknown as {
    process: { execPath: string; argv: string[] };
  }).process;
  const script = process.argv[1];
  return {
    runtime: "node",
    execPath: realpath(process.execPath),
    script: script === undefined ? undefined : realpath(script),
    cwd: io.cwd,
    env: io.env,
    onPath,
  };
}

function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
