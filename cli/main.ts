/**
 * {@linkcode main}: the whole `atomiton` command as a function, for the bin
 * script, `deno run`, and tests that run it in-process.
 *
 * @module
 */
import type { Command } from "./_common/command.ts";
import { COMMANDS } from "./_commands.ts";
import { commandHelp, GLOBAL_OPTIONS, rootHelp } from "./_common/help.ts";
import { type Io, type NodeProcess, systemIo } from "./_common/io.ts";
import { createStyle, type Style, wantsColor } from "./_common/style.ts";
import { report } from "./_common/report.ts";
import { suggest } from "./_common/suggest.ts";
import { VERSION } from "./_common/version.ts";
import { CliError } from "./cli_error.ts";
import { ExitCode } from "./exit_code.ts";

/** Options of {@linkcode main}; a test passes its own streams and signal. */
export interface MainOptions {
  /** Where to print and what terminal there is. Default: the process's own. */
  readonly io?: Io | undefined;
  /**
   * Cancels the command, as Ctrl-C does. Default: SIGINT and SIGTERM of the
   * process (a second one ends the process at once).
   */
  readonly signal?: AbortSignal | undefined;
}

/**
 * Runs the `atomiton` command line and resolves to its exit code (see
 * {@linkcode ExitCode}). It never throws: errors are printed to standard
 * error, with a stack only under `--verbose`.
 *
 * @param args The arguments after the program's name.
 * @param options Streams and a cancel signal, for embedding and tests.
 * @returns The exit code.
 *
 * @example Run it in-process and read what it printed
 * ```ts
 * import { main } from "@atomiton/cli";
 * import assert from "node:assert/strict";
 *
 * let out = "";
 * const io = {
 *   stdout: (text: string) => void (out += text),
 *   stderr: () => {},
 *   isTTY: false,
 *   columns: 80,
 *   env: () => undefined,
 *   cwd: ".",
 * };
 * assert.equal(await main(["--version"], { io }), 0);
 * assert.match(out, /^\d+\.\d+\.\d+\n$/);
 * ```
 */
export async function main(args: readonly string[], options: MainOptions = {}): Promise<number> {
  const io = options.io ?? systemIo();
  const verbose = args.includes("--verbose");
  const style = createStyle(wantsColor(io, args.includes("--no-color")));
  const interrupt = options.signal ? undefined : onInterrupt();
  const signal = options.signal ?? interrupt!.signal;
  try {
    const code = await dispatch(args, io, style, signal, verbose);
    return signal.aborted && code === ExitCode.OK ? ExitCode.INTERRUPTED : code;
  } catch (error) {
    return report(error, io, style, verbose, signal);
  } finally {
    interrupt?.dispose();
  }
}

async function dispatch(
  args: readonly string[],
  io: Io,
  style: Style,
  signal: AbortSignal,
  verbose: boolean,
): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout(rootHelp(COMMANDS, style));
    return name === undefined ? ExitCode.USAGE : ExitCode.OK;
  }
  if (name === "--version" || name === "-V") {
    io.stdout(`${VERSION}\n`);
    return ExitCode.OK;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    const close = suggest(name, Object.keys(COMMANDS));
    throw new CliError(
      "USAGE",
      `Unknown ${name.startsWith("-") ? "option" : "command"} "${name}"${
        close ? `: did you mean "${close}"?` : "."
      } Commands: ${Object.keys(COMMANDS).join(", ")}.`,
    );
  }
  let command = await entry.load();
  let path = name;
  let argv = rest;
  if (command.subcommands) {
    const [subName, ...subRest] = rest;
    if (subName === undefined || subName === "--help" || subName === "-h") {
      io.stdout(commandHelp(path, command, style));
      return subName === undefined ? ExitCode.USAGE : ExitCode.OK;
    }
    const sub: Command | undefined = Object.hasOwn(command.subcommands, subName)
      ? command.subcommands[subName]
      : undefined;
    if (!sub) {
      const names = Object.keys(command.subcommands);
      const close = suggest(subName, names);
      throw new CliError(
        "USAGE",
        `Unknown subcommand "${name} ${subName}"${close ? `: did you mean "${close}"?` : "."} ` +
          `Subcommands: ${names.join(", ")}.`,
      );
    }
    [command, path, argv] = [sub, `${name} ${subName}`, subRest];
  }
  const { values, positionals } = await parse(path, command, argv);
  if (values.help) {
    io.stdout(commandHelp(path, command, style));
    return ExitCode.OK;
  }
  return (await command.run({ positionals, values, io, style, signal, verbose })) ?? ExitCode.OK;
}

async function parse(
  path: string,
  command: Command,
  args: readonly string[],
): Promise<
  { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] }
> {
  // Loaded here, not at the top: any `node:` import starts Deno's Node layer (~10 ms), which
  // `--version` and `--help` do not need.
  const { parseArgs } = await import("node:util");
  const specs = { ...command.options, ...GLOBAL_OPTIONS };
  const options = Object.fromEntries(
    Object.entries(specs).map(([name, spec]) => [name, {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      ...(spec.multiple ? { multiple: true } : {}),
      ...(spec.default !== undefined ? { default: spec.default } : {}),
    }]),
  ) as NonNullable<Parameters<typeof import("node:util").parseArgs>[0]>["options"];
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const unknown = code === "ERR_PARSE_ARGS_UNKNOWN_OPTION"
      ? message.match(/'(-[^']*)'/)?.[1]
      : undefined;
    const close = unknown && suggest(unknown.replace(/^-+/, ""), Object.keys(specs));
    // parseArgs's own text for an unknown flag is about positionals; say what is allowed instead.
    const text = unknown
      ? `Unknown option "${unknown}" for "atomiton ${path}"${
        close ? `: did you mean "--${close}"?` : "."
      }`
      : message;
    const sentence = /[.?!]$/.test(text) ? text : `${text}.`;
    throw new CliError("USAGE", `${sentence} See "atomiton ${path} --help".`, { cause: error });
  }
}

/** SIGINT and SIGTERM abort a signal; a second one ends the process with 130 at once. */
function onInterrupt(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const signals = ["SIGINT", "SIGTERM"] as const;
  const handler = (): void => {
    if (controller.signal.aborted) exitNow(ExitCode.INTERRUPTED);
    controller.abort(new CliError("INTERRUPTED", "Cancelled."));
  };
  if ("Deno" in globalThis) {
    for (const name of signals) Deno.addSignalListener(name, handler);
    return {
      signal: controller.signal,
      dispose: () => signals.forEach((name) => Deno.removeSignalListener(name, handler)),
    };
  }
  const process = (globalThis as unknown as { process: NodeProcess }).process;
  for (const name of signals) process.on(name, handler);
  return {
    signal: controller.signal,
    dispose: () => signals.forEach((name) => process.off(name, handler)),
  };
}

function exitNow(code: number): never {
  if ("Deno" in globalThis) Deno.exit(code);
  return (globalThis as unknown as { process: NodeProcess }).process.exit(code);
}
