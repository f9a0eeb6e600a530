/**
 * Test helpers: the CLI as a user runs it (a `deno run` subprocess of
 * cli/mod.ts), and in-process with captured output.
 *
 * @module
 */
import type { Io } from "../_common/io.ts";

/** What a finished CLI run printed and exited with. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for {@linkcode spawnCli}. */
export interface SpawnCliOptions {
  /** The working folder. Default: the repository root. */
  readonly cwd?: string;
  /** Variables added to a clean environment (PATH, HOME, NO_COLOR are kept). */
  readonly env?: Readonly<Record<string, string>>;
  /** Text written to standard input, which is then closed. */
  readonly stdin?: string;
}

/** A running CLI subprocess. */
export interface SpawnedCli {
  readonly child: Deno.ChildProcess;
  /** Resolves when some output (stdout or stderr) matches, with all output so far. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Sends a signal (SIGINT as Ctrl-C does). */
  kill(signal?: Deno.Signal): void;
  /** Waits for the exit and returns everything it printed. */
  result(): Promise<CliResult>;
}

const MOD = new URL("../mod.ts", import.meta.url).pathname;
const ROOT = new URL("../../", import.meta.url).pathname;

/** Starts `atomiton <args>` as a subprocess on Deno. */
export function spawnCli(args: readonly string[], options: SpawnCliOptions = {}): SpawnedCli {
  const env: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "XDG_DATA_HOME", "DENO_DIR", "ATOMITON_REQUIRE_ALL"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", MOD, ...args],
    cwd: options.cwd ?? ROOT,
    env: { ...env, ...options.env },
    clearEnv: true,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    void writer.write(new TextEncoder().encode(options.stdin)).then(() => writer.close());
  }
  let stdout = "";
  let stderr = "";
  const waiters = new Set<() => void>();
  const pump = async (stream: ReadableStream<Uint8Array>, onText: (t: string) => void) => {
    for await (const text of stream.pipeThrough(new TextDecoderStream())) {
      onText(text);
      for (const wake of waiters) wake();
    }
  };
  const pumped = Promise.all([
    pump(child.stdout, (t) => stdout += t),
    pump(child.stderr, (t) => stderr += t),
  ]);
  return {
    child,
    waitFor(pattern, timeoutMs = 30_000): Promise<string> {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const all = stdout + stderr;
          if (!pattern.test(all)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(all);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`No output matching ${pattern} in ${timeoutMs} ms:\n${stdout}${stderr}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    kill(signal = "SIGINT"): void {
      child.kill(signal);
    },
    async result(): Promise<CliResult> {
      const [status] = await Promise.all([child.status, pumped]);
      return { code: status.code, stdout, stderr };
    },
  };
}

/** Runs `atomiton <args>` as a subprocess to its end. */
export function runCli(args: readonly string[], options: SpawnCliOptions = {}): Promise<CliResult> {
  return spawnCli(args, options).result();
}

/** An {@linkcode Io} that records what is printed, for in-process `main()` calls. */
export function captureIo(
  env: Readonly<Record<string, string>> = {},
  options: { isTTY?: boolean; cwd?: string; columns?: number } = {},
): Io & { readonly out: () => string; readonly err: () => string } {
  let out = "";
  let err = "";
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    isTTY: options.isTTY ?? false,
    columns: options.columns ?? 80,
    env: (name) => env[name],
    cwd: options.cwd ?? ROOT,
    out: () => out,
    err: () => err,
  };
}

/** Runs `test` with a new temporary folder, removed afterwards whatever happens. */
export async function withTempDir(
  prefix: string,
  test: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix });
  try {
    await test(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
