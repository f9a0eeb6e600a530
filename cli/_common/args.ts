import type { CommandContext } from "./command.ts";
import { CliError } from "../cli_error.ts";

/** A string flag's value, or `fallback`. */
export function stringOption(
  context: CommandContext,
  name: string,
  fallback?: string,
): string | undefined {
  const value = context.values[name];
  return typeof value === "string" ? value : fallback;
}

/** A numeric flag, checked against a range; `--flag` with anything else is a usage error. */
export function numberOption(
  context: CommandContext,
  name: string,
  range: { min: number; max?: number; integer?: boolean; fallback?: number },
): number | undefined {
  const raw = context.values[name];
  if (typeof raw !== "string") return range.fallback;
  const value = Number(raw);
  const max = range.max ?? Number.MAX_SAFE_INTEGER;
  const integer = range.integer ?? true;
  if (
    raw.trim() === "" || !Number.isFinite(value) || value < range.min || value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new CliError(
      "USAGE",
      `Invalid --${name} ${JSON.stringify(raw)}: expected ${integer ? "an integer" : "a number"} ` +
        `from ${range.min}${range.max === undefined ? " up" : ` to ${range.max}`}.`,
    );
  }
  return value;
}

/** The positional arguments, exactly `names.length` of them (optional ones end with `?`). */
export function positionals(
  context: CommandContext,
  path: string,
  names: readonly string[],
): string[] {
  const required = names.filter((name) => !name.endsWith("?")).length;
  const given = context.positionals;
  if (given.length < required || given.length > names.length) {
    const expected = names.map((name) =>
      name.endsWith("?") ? `[${name.slice(0, -1)}]` : `<${name}>`
    );
    throw new CliError(
      "USAGE",
      `atomiton ${path} takes ${expected.join(" ") || "no arguments"}, got ${
        given.length ? given.map((arg) => JSON.stringify(arg)).join(" ") : "none"
      }. See "atomiton ${path} --help".`,
    );
  }
  return [...given];
}
