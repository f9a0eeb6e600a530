import type { Command } from "../_common/command.ts";
import { storageGetCommand } from "./get.ts";
import { storageLsCommand } from "./ls.ts";
import { storageMigrateCommand } from "./migrate.ts";
import { storageRmCommand } from "./rm.ts";
import { storageSetCommand } from "./set.ts";
import { storageStatCommand } from "./stat.ts";
import { CliError } from "../cli_error.ts";

/** `atomiton storage ls | get | set | rm | stat | migrate`. */
export const storageCommand: Command = {
  name: "storage",
  summary: "List, read, write, remove and migrate keys of a store",
  usage: "<subcommand> [options]",
  description:
    "Works on the default file-system store (the atomiton home's storage/, $ATOMITON_HOME or\n" +
    "~/.local/share/atomiton) or on the one --store names: a folder, file:///path,\n" +
    "redis://host:port[/db][?namespace=prefix:] or memory:.",
  options: {},
  subcommands: {
    ls: storageLsCommand,
    get: storageGetCommand,
    set: storageSetCommand,
    rm: storageRmCommand,
    stat: storageStatCommand,
    migrate: storageMigrateCommand,
  },
  run(): Promise<number> {
    // main dispatches to a subcommand; this runs only if it is called directly.
    return Promise.reject(
      new CliError("USAGE", 'atomiton storage needs a subcommand: see "atomiton storage --help".'),
    );
  },
};
