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
}

const encoder = new TextEncoder();

function writeAllSync(file: { writeSync(p: Uint8Array): number }, text: string): void {
  let bytes = encoder.encode(text);
  // A pipe may take fewer bytes than offered.
  while (bytes.byteLength > 0) bytes = bytes.subarray(file.writeSync(bytes));
}

/** The process's own streams, environment and folder, on Deno or Node.js. */
export function systemIo(): Io {
  if ("Deno" in globalThis) {
    return {
      stdout: (text) => writeAllSync(Deno.stdout, text),
      stderr: (text) => writeAllSync(Deno.stderr, text),
      isTTY: Deno.stdout.isTerminal(),
      columns: Deno.stdout.isTerminal() ? Deno.consoleSize().columns : 80,
      env: (name) => Deno.env.get(name),
      cwd: Deno.cwd(),
    };
  }
  const process = (globalThis as unknown as { process: NodeProcess }).process;
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.columns ?? 80,
    env: (name) => process.env[name],
    cwd: process.cwd(),
  };
}

/** The part of Node's `process` this file uses (no @types/node in the workspace). */
export interface NodeProcess {
  readonly stdout: { write(text: string): boolean; isTTY?: boolean; columns?: number };
  readonly stderr: { write(text: string): boolean };
  readonly env: Record<string, string | undefined>;
  readonly argv: string[];
  exitCode?: number | undefined;
  cwd(): string;
  exit(code?: number): never;
  on(event: string, listener: () => void): unknown;
  off(event: string, listener: () => void): unknown;
}
