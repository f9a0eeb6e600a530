import type { Io } from "./io.ts";
import type { Style } from "./style.ts";

/** One flag of a command, as `node:util` `parseArgs` takes it, plus its help. */
export interface OptionSpec {
  readonly type: "string" | "boolean";
  readonly short?: string;
  readonly multiple?: boolean;
  readonly default?: string | boolean;
  /** One line for `--help`. */
  readonly description: string;
  /** The value's placeholder in `--help`, such as `URL` or `N`. */
  readonly value?: string;
}

/** The parsed command line and the means to print, handed to a command. */
export interface CommandContext {
  /** Arguments after the command (and subcommand) name that are not flags. */
  readonly positionals: readonly string[];
  /** Flag values by long name. */
  readonly values: Readonly<Record<string, string | boolean | string[] | undefined>>;
  readonly io: Io;
  readonly style: Style;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: stop, clean up, return. */
  readonly signal: AbortSignal;
  /** `--verbose`: print stacks and details. */
  readonly verbose: boolean;
}

/** A command (or subcommand) of `atomiton`. */
export interface Command {
  /** The name typed, such as `run` or `ls`. */
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** Arguments after the name, for the usage line, such as `<blueprint.json>`. */
  readonly usage: string;
  /** Paragraphs for `--help` beyond the summary. */
  readonly description?: string;
  /** The command's own flags (`--help`, `--verbose` and `--no-color` are global). */
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Example command lines for `--help`. */
  readonly examples?: readonly string[];
  /** Subcommands (for `storage` and `events`); then `run` is not called. */
  readonly subcommands?: Readonly<Record<string, Command>>;
  /** Does the work; resolves to an exit code (default 0). Throw a CliError to fail. */
  run(context: CommandContext): Promise<number | void>;
}
