import type { Command } from "./_command.ts";
import { CliError } from "./cli_error.ts";

/** Placeholder until its helper lands. */
export const profileCommand: Command = {
  name: "profile",
  summary: "(not built yet)",
  usage: "",
  options: {},
  run(): Promise<number> {
    return Promise.reject(new CliError("FAILED", "Not built yet."));
  },
};
