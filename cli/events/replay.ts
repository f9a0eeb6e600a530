import type { Command } from "../_common/command.ts";
import { numberOption, positionals, stringOption } from "../_common/args.ts";
import {
  eventPrinter,
  FILTER_OPTION,
  filterOption,
  JSON_EVENTS_OPTION,
  STREAM_OPTION,
} from "./_common.ts";
import { findLog, readLog } from "./_log.ts";
import { openRedisStream, type RedisStream } from "./_redis.ts";
import { CliError } from "../cli_error.ts";

/** `atomiton events replay <log>`: the log's events at their recorded pace, printed or published. */
export const eventsReplayCommand: Command = {
  name: "replay",
  summary: "Replay a log at its recorded pace (or faster), printed or published to Redis",
  usage: "<log> [options]",
  description:
    "Replays the events with the gaps they were recorded with, divided by --speed (2 is twice\n" +
    "as fast, 0 instant), printing each as it is replayed. With --to the events are also\n" +
    "published to a Redis stream, with their type and data, as events of --source at the time\n" +
    "they are replayed, so live consumers see them as new events.",
  options: {
    speed: {
      type: "string",
      value: "x",
      description: "Pace: 1 as recorded, 2 twice as fast, 0 at once (default: 1)",
    },
    filter: FILTER_OPTION,
    json: JSON_EVENTS_OPTION,
    to: { type: "string", value: "url", description: "Publish the events to this Redis server" },
    stream: STREAM_OPTION,
    source: {
      type: "string",
      value: "name",
      default: "atomiton-replay",
      description: "With --to: the source the published events carry",
    },
  },
  examples: [
    "atomiton events replay run.jsonl",
    "atomiton events replay run.jsonl --speed 10 --filter 'node:*'",
    "atomiton events replay incident.jsonl --speed 0 --to redis://127.0.0.1:6379",
  ],
  async run(context): Promise<number> {
    const [log] = positionals(context, "events replay", ["log"]) as [string];
    const speed = numberOption(context, "speed", { min: 0, integer: false, fallback: 1 })!;
    const filter = await filterOption(context);
    const to = stringOption(context, "to");
    const path = await findLog(context.io.cwd, log);
    const { io, signal } = context;
    const print = eventPrinter(context);
    const { EventClient } = await import("@atomiton/events");
    const { replay } = await import("@atomiton/events/recorder");
    let target: RedisStream | undefined;
    if (to !== undefined) {
      target = await openRedisStream(to, {
        stream: stringOption(context, "stream", "atomiton:events")!,
        source: stringOption(context, "source", "atomiton-replay")!,
        signal,
        io,
        style: context.style,
      });
    }
    const client = new EventClient();
    let replayed = 0;
    client.on("*", (data, type) => {
      replayed++;
      print(client.origin!);
      // A new local event of the stream's client: its transport publishes it (a replayed one it would not).
      target?.client.emit(type, data);
    });
    try {
      await replay(readLog(path, io), client, {
        speed,
        filter,
        signal,
      });
    } catch (error) {
      if (!signal.aborted) throw error;
    } finally {
      // Waits for the publishes in flight.
      await target?.close();
    }
    // Read errors do not matter here; events that did not leave do.
    const failed =
      target?.errors.filter((error) =>
        error.code === "TRANSPORT_CLOSED" || error.message.startsWith("could not publish")
      ).length ?? 0;
    io.stderr(
      `replayed ${replayed} event${replayed === 1 ? "" : "s"}${
        target ? ` to ${target.where}` : ""
      }${signal.aborted ? " (stopped)" : ""}\n`,
    );
    if (failed > 0) {
      throw new CliError(
        "UNAVAILABLE",
        `${failed} event${failed === 1 ? "" : "s"} could not be published to ${target!.where}.`,
      );
    }
    return 0;
  },
};
