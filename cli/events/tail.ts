import type { SystemEvent } from "@atomiton/events";
import type { StreamEvent } from "@atomiton/events/redis";
import type { Command, CommandContext } from "../_common/command.ts";
import { numberOption, positionals, stringOption } from "../_common/args.ts";
import {
  eventPrinter,
  FILTER_OPTION,
  filterOption,
  JSON_EVENTS_OPTION,
  STREAM_OPTION,
} from "./_common.ts";
import { findLog, readLog } from "./_log.ts";
import { openRedisStream } from "./_redis.ts";
import { CliError } from "../cli_error.ts";

/** `atomiton events tail <log>` (or `--redis URL`): the last events, and with --follow the new ones. */
export const eventsTailCommand: Command = {
  name: "tail",
  summary: "Print the last events of a log (--follow: and new ones), or of a Redis stream",
  usage: "<log> [options] | --redis <url> [options]",
  description:
    "Prints the last --lines events (default 10): time (UTC), type, source and data. --follow\n" +
    "keeps printing events appended to the file until Ctrl-C. With --redis it prints the last\n" +
    "events the stream holds, then follows its new events live (until Ctrl-C), through a\n" +
    "consumer group of its own that it removes on exit.",
  options: {
    follow: {
      type: "boolean",
      short: "f",
      description: "Keep printing events appended to the log",
    },
    lines: {
      type: "string",
      short: "n",
      value: "n",
      description: "How many of the last events to print first (default: 10)",
    },
    filter: FILTER_OPTION,
    json: JSON_EVENTS_OPTION,
    redis: {
      type: "string",
      value: "url",
      description: "Follow a live Redis stream instead of a log",
    },
    stream: STREAM_OPTION,
  },
  examples: [
    "atomiton events tail run.jsonl",
    "atomiton events tail run.jsonl --follow --filter 'node:*'",
    "atomiton events tail --redis redis://127.0.0.1:6379 --lines 0",
  ],
  async run(context): Promise<number> {
    const [log] = positionals(context, "events tail", ["log?"]);
    const redis = stringOption(context, "redis");
    if ((log === undefined) === (redis === undefined)) {
      throw new CliError(
        "USAGE",
        'atomiton events tail takes a <log> file or --redis <url> (one of them). See "atomiton events tail --help".',
      );
    }
    const lines = numberOption(context, "lines", { min: 0, fallback: 10 })!;
    const filter = await filterOption(context);
    // A closed standard output (`tail --follow | head -1`) ends following, as it ends tail(1).
    const { stdoutClosed } = context.io;
    const signal = stdoutClosed ? AbortSignal.any([context.signal, stdoutClosed]) : context.signal;
    if (redis !== undefined) return await tailRedis({ ...context, signal }, redis, lines, filter);
    const path = await findLog(context.io.cwd, log!);
    const print = eventPrinter(context);
    const { EventClient } = await import("@atomiton/events");
    const { replay } = await import("@atomiton/events/recorder");
    // replay() applies --filter exactly as recording and transports do.
    const client = new EventClient();
    const last: SystemEvent[] = [];
    let live = false;
    const flush = (): void => {
      for (const event of last) print(event);
      last.length = 0;
      live = true;
    };
    client.on("*", () => {
      const event = client.origin!;
      if (live) return print(event);
      last.push(event);
      if (last.length > lines) last.shift();
    });
    const follow = context.values.follow === true;
    try {
      await replay(
        readLog(path, context.io, {
          follow,
          signal,
          onCaughtUp: flush,
          onTruncated: () =>
            context.io.stderr(`${path} was truncated: reading it from the start\n`),
        }),
        client,
        { filter, signal },
      );
    } catch (error) {
      if (!signal.aborted) throw error;
    }
    if (!live) flush();
    return 0;
  },
};

async function tailRedis(
  context: CommandContext,
  url: string,
  lines: number,
  filter: readonly string[] | undefined,
): Promise<number> {
  const { io, signal } = context;
  const print = eventPrinter(context);
  const stream = await openRedisStream(url, {
    stream: stringOption(context, "stream", "atomiton:events")!,
    types: filter,
    signal,
    io,
    style: context.style,
  });
  try {
    // New events wait while the stream's last ones print. The group may deliver an entry that
    // history() also read, before or after it: entry ids tell, so each prints once, in order.
    const waiting: StreamEvent[] = [];
    let live = false;
    let seen: string | undefined;
    const show = (event: StreamEvent): void => {
      if (seen !== undefined && !newer(event.id, seen)) return;
      seen = event.id;
      print(event);
    };
    stream.client.on("*", () => {
      const event = stream.client.origin as StreamEvent;
      if (live) show(event);
      else waiting.push(event);
    });
    const last: StreamEvent[] = [];
    if (lines > 0) {
      for await (const event of stream.transport.history({ signal })) {
        last.push(event);
        if (last.length > lines) last.shift();
      }
    }
    last.forEach(show);
    waiting.forEach(show);
    live = true;
    io.stderr(`following ${stream.where} (Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener("abort", () => resolve(), { once: true });
    });
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    await stream.close();
  }
  return 0;
}

/** Whether stream entry id `a` (`<ms>-<seq>`) comes after `b`. */
function newer(a: string, b: string): boolean {
  const [ams = 0, aseq = 0] = a.split("-").map(Number);
  const [bms = 0, bseq = 0] = b.split("-").map(Number);
  return ams !== bms ? ams > bms : aseq > bseq;
}
