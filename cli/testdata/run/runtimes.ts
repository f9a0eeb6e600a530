/**
 * `atomiton` as a child process on Deno (from source) and on Node.js (cli/bin.ts
 * bundled by esbuild with the workspace's packages from source, as the npm copy
 * would pick them), for tests of what only a real process shows: closed pipes,
 * SIGKILL, Node's `__proto__` setter.
 *
 * @module
 */
import { bundleEntry } from "../../../scripts/testing/bundle.ts";

/** The runtimes `atomiton` runs on. */
export const RUNTIMES = ["deno", "node"] as const;

const ROOT = new URL("../../../", import.meta.url).pathname;
let bundled: Promise<string> | undefined;

// Under the repository's .tmp/ so Node finds the npm packages left external in its node_modules.
async function nodeBin(): Promise<string> {
  const dir = `${ROOT}.tmp/cli-node-${Deno.pid}`;
  const outfile = await bundleEntry(`${ROOT}cli/bin.ts`, {
    platform: "node",
    outfile: `${dir}/bin.mjs`,
  });
  globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
  return outfile;
}

/** Options of {@linkcode startCli}. */
export interface StartCliOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Starts `atomiton <args>` on `runtime`, its output piped, nothing on standard input. */
export async function startCli(
  runtime: (typeof RUNTIMES)[number],
  args: readonly string[],
  options: StartCliOptions,
): Promise<Deno.ChildProcess> {
  const [command, prefix] = runtime === "deno"
    ? [Deno.execPath(), ["run", "-A", "--quiet", `${ROOT}cli/mod.ts`]]
    : ["node", [await (bundled ??= nodeBin())]];
  const env: Record<string, string> = { NO_COLOR: "1" };
  for (const name of ["PATH", "HOME", "DENO_DIR"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  return new Deno.Command(command, {
    args: [...prefix, ...args],
    cwd: options.cwd,
    env: { ...env, ...options.env },
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

/** Reads a stream's text until a line matches, then hands back the reader (still open). */
export async function readUntil(
  stream: ReadableStream<Uint8Array>,
  pattern: RegExp,
): Promise<{ text: string; reader: ReadableStreamDefaultReader<string> }> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.split("\n").slice(0, -1).some((line) => pattern.test(line))) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`The output ended without a line matching ${pattern}:\n${text}`);
    text += value;
  }
  return { text, reader };
}

/** All of a stream's text. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  let text = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) text += chunk;
  return text;
}
