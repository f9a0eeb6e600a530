import type { Command, OptionSpec } from "./command.ts";
import type { CommandEntry } from "../_commands.ts";
import type { Style } from "./style.ts";

/** Flags every command takes. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: "boolean", short: "h", description: "Show help for the command" },
  verbose: { type: "boolean", description: "Print stack traces and details of errors" },
  "no-color": { type: "boolean", description: "No colour (also: the NO_COLOR variable)" },
};

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`).join("\n");
}

function flag(name: string, spec: OptionSpec): string {
  const short = spec.short ? `-${spec.short}, ` : "    ";
  const value = spec.type === "string" ? ` <${spec.value ?? "value"}>` : "";
  return `${short}--${name}${value}`;
}

/** `atomiton --help`: the commands and the global flags. */
export function rootHelp(commands: Readonly<Record<string, CommandEntry>>, style: Style): string {
  return [
    `${style.bold("atomiton")}: run blueprints, and inspect storage, events and execution`,
    "",
    `${style.bold("Usage:")} atomiton <command> [options]`,
    "",
    style.bold("Commands:"),
    table(Object.entries(commands).map(([name, entry]) => [name, entry.summary])),
    "",
    style.bold("Options:"),
    table([
      ["-V, --version", "Print the version"],
      ...Object.entries(GLOBAL_OPTIONS).map(([name, spec]) =>
        [flag(name, spec), spec.description] as const
      ),
    ]),
    "",
    `Run ${style.cyan("atomiton <command> --help")} for a command's options.`,
    "",
  ].join("\n");
}

/** `atomiton <command> [<subcommand>] --help`. */
export function commandHelp(path: string, command: Command, style: Style): string {
  const lines = [
    `${style.bold(`atomiton ${path}`)}: ${command.summary}`,
    "",
  ];
  if (command.subcommands) {
    lines.push(
      `${style.bold("Usage:")} atomiton ${path} <subcommand> [options]`,
      "",
      style.bold("Subcommands:"),
      table(Object.values(command.subcommands).map((sub) => [sub.name, sub.summary])),
      "",
      `Run ${style.cyan(`atomiton ${path} <subcommand> --help`)} for its options.`,
    );
  } else {
    lines.push(`${style.bold("Usage:")} atomiton ${path} ${command.usage}`.trimEnd());
  }
  if (command.description) lines.push("", command.description);
  const options = { ...command.options, ...GLOBAL_OPTIONS };
  lines.push(
    "",
    style.bold("Options:"),
    table(
      Object.entries(options).map(([name, spec]) => {
        const fallback = spec.default !== undefined && spec.type === "string"
          ? ` (default: ${spec.default})`
          : "";
        return [flag(name, spec), spec.description + fallback];
      }),
    ),
  );
  if (command.examples?.length) {
    lines.push("", style.bold("Examples:"), ...command.examples.map((line) => `  ${line}`));
  }
  lines.push("");
  return lines.join("\n");
}
