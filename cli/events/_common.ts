import type { SystemEvent } from "@atomiton/events";
import type { CommandContext, OptionSpec } from "../_common/command.ts";
import type { Style } from "../_common/style.ts";
import { CliError } from "../cli_error.ts";

/** `--filter pattern`, repeatable. */
export const FILTER_OPTION: OptionSpec = {
  type: "string",
  multiple: true,
  value: "pattern",
  description: 'Only these event types: exact, "job:*" or "*" (repeat it for several)',
};

/** `--json`: one event envelope per line on standard output, itself a valid event log. */
export const JSON_EVENTS_OPTION: OptionSpec = {
  type: "boolean",
  description: "Print each event as a JSON line (the log's own format) on standard output",
};

/** `--stream name`. */
export const STREAM_OPTION: OptionSpec = {
  type: "string",
  value: "name",
  default: "atomiton:events",
  description: "The Redis stream key",
};

/**
 * The `--filter` patterns, checked at once by an `EventClient` (which knows
 * the pattern rules); `undefined` when none were given.
 */
export async function filterOption(context: CommandContext): Promise<string[] | undefined> {
  const raw = context.values.filter;
  const patterns = Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : [];
  if (patterns.length === 0) return undefined;
  const { EventClient } = await import("@atomiton/events");
  const probe = new EventClient();
  for (const pattern of patterns) {
    try {
      probe.on(pattern as "*", () => {});
    } catch (error) {
      throw new CliError(
        "USAGE",
        `Invalid --filter ${JSON.stringify(pattern)}: ${(error as Error).message}.`,
        { cause: error },
      );
    }
  }
  probe.clear();
  return patterns;
}

/**
 * One event on one line for people: ISO time (UTC), type, source, and the
 * data as compact JSON, cut to the terminal's width when there is one.
 */
export function formatEvent(event: SystemEvent, style: Style, columns?: number): string {
  const time = new Date(event.timestamp).toISOString();
  const data = event.data === undefined ? "" : JSON.stringify(event.data);
  const head = `${time}  ${event.type}  ${event.source}`;
  let tail = data;
  if (columns !== undefined && head.length + 2 + data.length > columns) {
    tail = `${data.slice(0, Math.max(0, columns - head.length - 3))}…`;
  }
  return `${style.dim(time)}  ${style.cyan(event.type)}  ${style.dim(event.source)}${
    tail ? `  ${tail}` : ""
  }`;
}

/** Prints events as `tail`, `replay` and friends do: human lines, or JSON Lines with `--json`. */
export function eventPrinter(context: CommandContext): (event: SystemEvent) => void {
  const { io, style } = context;
  const json = context.values.json === true;
  const columns = io.isTTY ? io.columns : undefined;
  return (event) =>
    io.stdout(`${json ? JSON.stringify(event) : formatEvent(event, style, columns)}\n`);
}
