import type { Command } from "../_common/command.ts";
import { CliError } from "../cli_error.ts";
import { runsLsCommand } from "./ls.ts";
import { runsShowCommand } from "./show.ts";

/** `atomiton runs ls | show`: the runs `atomiton run` recorded. */
export const runsCommand: Command = {
  name: "runs",
  summary: "List the recorded runs and show one, node by node",
  usage: "<subcommand> [options]",
  description:
    "Reads the run records `atomiton run` keeps in its store (the default store, or --store where\n" +
    "the runs were recorded). Resume a failed, cancelled or crashed run with\n" +
    "`atomiton run --resume <run id>`.",
  options: {},
  subcommands: { ls: runsLsCommand, show: runsShowCommand },
  run(): Promise<number> {
    // main dispatches to a subcommand; this runs only if it is called directly.
    return Promise.reject(
      new CliError("USAGE", 'atomiton runs needs a subcommand: see "atomiton runs --help".'),
    );
  },
};
