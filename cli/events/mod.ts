import type { Command } from "../_common/command.ts";
import { eventsRecordCommand } from "./record.ts";
import { eventsReplayCommand } from "./replay.ts";
import { eventsStatsCommand } from "./stats.ts";
import { eventsTailCommand } from "./tail.ts";
import { CliError } from "../cli_error.ts";

/** `atomiton events tail | record | replay | stats`. */
export const eventsCommand: Command = {
  name: "events",
  summary: "Tail, record, replay and summarise event logs",
  usage: "<subcommand> [options]",
  description:
    "Event logs are JSON Lines files of event envelopes ({type, source, timestamp, data}), as\n" +
    "EventRecorder of @atomiton/events/recorder and `atomiton run` write them. A log that does not\n" +
    "exist exits 3 (NOT_FOUND); a line that is not an event exits 3 (INVALID_INPUT), naming it.",
  options: {},
  subcommands: {
    tail: eventsTailCommand,
    record: eventsRecordCommand,
    replay: eventsReplayCommand,
    stats: eventsStatsCommand,
  },
  run(): Promise<number> {
    // main dispatches to a subcommand; this runs only if it is called directly.
    return Promise.reject(
      new CliError("USAGE", 'atomiton events needs a subcommand: see "atomiton events --help".'),
    );
  },
};
