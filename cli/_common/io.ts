/** Where a command writes and what it knows of its terminal; tests pass their own. */
export interface Io {
  /** Writes text to standard output as is (add the newline yourself). */
  readonly stdout: (text: string) => void;
  /** Writes text to standard error as is. */
  readonly stderr: (text: string) => void;
  /** Whether standard output is a terminal (live progress and colour need one). */
  readonly isTTY: boolean;
  /** The terminal's width in columns (80 when unknown). */
  readonly columns: number;
  /** Reads an environment variable. */
  readonly env: (name: string) => string | undefined;
  /** The working folder, for relative paths. */
  readonly cwd: string;
  /**
   * Aborts when standard output's reader went away (`atomiton run --json | head -1`):
   * writes after that are dropped, and a long command stops as a killed pipe would.
   */
  readonly stdoutClosed?: AbortSignal | undefined;
}

const encoder = new TextEncoder();

function writeAllSync(file: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  // A pipe may take fewer bytes than offered.
  while (bytes.byteLength > 0) bytes = bytes.subarray(file.writeSync(bytes));
}

/**
 * A writer that stops at the first failed write (a closed pipe: EPIPE, BrokenPipe)
 * instead of throwing or crashing, and aborts `closed` then.
 */
function closable(write: (text: string) => void): {
  write: (text: string) => void;
  close: () => void;
  closed: AbortSignal;
} {
  const controller = new AbortController();
  const close = (): void => {
    if (!controller.signal.aborted) controller.abort(new Error("The output was closed."));
  };
  return {
    write(text): void {
      if (controller.signal.aborted) return;
      try {
        write(text);
      } catch {
        close();
      }
    },
    close,
    closed: controller.signal,
  };
}

/** The process's own streams, environment and folder, on Deno or Node.js. */
export function systemIo(): Io {
  if ("Deno" in globalThis) {
    const out = closable((text) => writeAllSync(Deno.stdout, text));
    const err = closable((text) => writeAllSync(Deno.stderr, text));
    return {
      stdout: out.write,
      stderr: err.write,
      stdoutClosed: out.closed,
      isTTY: Deno.stdout.isTerminal(),
      columns: Deno.stdout.isTerminal() ? Deno.consoleSize().columns : 80,
      env: (name) => Deno.env.get(name),
      cwd: Deno.cwd(),
    };
  }
  const process = (globalThis as unknown as { process: NodeProcess }).process;
  const out = closable((text) => void process.stdout.write(text));
  const err = closable((text) => void process.stderr.write(text));
  // Node reports a closed pipe as an 'error' event, which crashes the process when unheard.
  process.stdout.on("error", out.close);
  process.stderr.on("error", err.close);
  return {
    stdout: out.write,
    stderr: err.write,
    stdoutClosed: out.closed,
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns ?? 80,
    env: (name) => process.env[name],
    cwd: process.cwd(),
  };
}

/** The part of Node's `process` this file uses (no @types/node in the workspace). */
export interface NodeProcess {
  readonly stdout: {
    write(text: string): boolean;
    on(event: "error", listener: () => void): unknown;
    isTTY?: boolean;
    columns?: number;
  };
  readonly stderr: {
    write(text: string): boolean;
    on(event: "error", listener: () => void): unknown;
  };
  readonly env: Record<string, string | undefined>;
  readonly argv: string[];
  exitCode?: number | undefined;
  cwd(): string;
  exit(code?: number): never;
  on(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}
