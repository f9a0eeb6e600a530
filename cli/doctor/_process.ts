import { now } from "@atomiton/platform/metrics";
import type { NodeProcess } from "../_common/io.ts";

/** How a child process ended, what it printed, and how long it ran. */
export interface ProcessResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** From just before the spawn to its exit, in ms. */
  readonly ms: number;
}

/** Options for {@linkcode runProcess}. */
export interface RunProcessOptions {
  /** The working folder, as a path or a `file:` URL. */
  readonly cwd?: string | URL | undefined;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs a program to its end with standard input closed, by the runtime's own
 * means (`Deno.Command`, or `node:child_process` on Node.js), and times it.
 */
export async function runProcess(
  command: string,
  args: readonly string[],
  options: RunProcessOptions = {},
): Promise<ProcessResult> {
  if ("Deno" in globalThis) {
    const start = now();
    const output = await new Deno.Command(command, {
      args: [...args],
      ...(options.cwd ? { cwd: options.cwd } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const ms = now() - start;
    const decoder = new TextDecoder();
    return {
      code: output.code,
      stdout: decoder.decode(output.stdout),
      stderr: decoder.decode(output.stderr),
      ms,
    };
  }
  const [{ spawn }, { fileURLToPath }] = await Promise.all([
    import("node:child_process"),
    import("node:url"),
  ]);
  const cwd = options.cwd instanceof URL ? fileURLToPath(options.cwd) : options.cwd;
  return await new Promise((resolve, reject) => {
    const start = now();
    const child = spawn(command, [...args], {
      ...(cwd ? { cwd } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => stdout += text);
    child.stderr.setEncoding("utf8").on("data", (text: string) => stderr += text);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, ms: now() - start });
    });
  });
}

/** The running runtime's executable: `deno` or `node`. */
export function runtimeExecutable(): string {
  if ("Deno" in globalThis) return Deno.execPath();
  return (globalThis as unknown as { process: NodeProcess & { execPath: string } }).process
    .execPath;
}
