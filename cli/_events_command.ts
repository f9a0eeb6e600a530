import type { Command } from "./_command.ts";
import { CliError } from "./cli_error.ts";

/** Placeholder until its helper lands. */
export const eventsCommand: Command = {
  name: "events",
  summary: "(not built yet)",
  usage: "",
  options: {},
  run(): Promise<number> {
    return Promise.reject(new CliError("FAILED", "Not built yet."));
  },
};
