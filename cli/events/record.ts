import { closeSync, openSync, writeSync } from "node:fs";
import type { Command } from "../_common/command.ts";
import { numberOption, positionals, stringOption } from "../_common/args.ts";
import { FILTER_OPTION, filterOption, STREAM_OPTION } from "./_common.ts";
import { openRedisStream, type RedisStream } from "./_redis.ts";
import { resolvePath } from "../_common/open_storage.ts";
import { formatDuration } from "../_common/progress_bar.ts";
import { CliError } from "../cli_error.ts";
import { ExitCode } from "../exit_code.ts";

/** `atomiton events record <log> --redis URL`: live events of a Redis stream, appended to a log. */
export const eventsRecordCommand: Command = {
  name: "record",
  summary: "Record live events of a Redis stream to a log file",
  usage: "<log> --redis <url> [options]",
  description:
    "Appends every new event of the stream to the log as a JSON line (the format EventRecorder\n" +
    "writes, with the stream entry's id), each as it arrives, until --count events, --duration\n" +
    "or Ctrl-C. What was recorded stays in the file whichever way it stops; Ctrl-C exits 130.",
  options: {
    redis: {
      type: "string",
      value: "url",
      description: "The Redis server (or ATOMITON_REDIS_URL)",
    },
    stream: STREAM_OPTION,
    filter: FILTER_OPTION,
    count: { type: "string", value: "n", description: "Stop after this many events" },
    duration: { type: "string", value: "ms", description: "Stop after this many milliseconds" },
  },
  examples: [
    "atomiton events record incident.jsonl --redis redis://127.0.0.1:6379",
    "atomiton events record jobs.jsonl --redis redis://queue:6379 --filter 'job:*' --count 1000",
  ],
  async run(context): Promise<number> {
    const [log] = positionals(context, "events record", ["log"]) as [string];
    const url = stringOption(context, "redis") ?? context.io.env("ATOMITON_REDIS_URL");
    if (url === undefined) {
      throw new CliError("USAGE", "--redis <url> is required (or ATOMITON_REDIS_URL).");
    }
    const count = numberOption(context, "count", { min: 1 });
    const duration = numberOption(context, "duration", { min: 1 });
    const filter = await filterOption(context);
    const { io, signal } = context;
    const path = resolvePath(io.cwd, log);
    let file: number;
    try {
      file = openSync(path, "a");
    } catch (cause) {
      throw new CliError("UNAVAILABLE", `Cannot write ${path}: ${(cause as Error).message}`, {
        cause,
      });
    }
    const { EventRecorder } = await import("@atomiton/events/recorder");
    let recorded = 0;
    let stream: RedisStream;
    try {
      stream = await openRedisStream(url, {
        stream: stringOption(context, "stream", "atomiton:events")!,
        types: filter,
        signal,
        io,
        style: context.style,
      });
    } catch (error) {
      closeSync(file);
      throw error;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    let finish = (): void => {};
    const finished = new Promise<void>((resolve) => finish = resolve);
    // Subscribed before anything else is awaited, so none of the stream's new events is missed.
    const recorder = new EventRecorder(stream.client, {
      limit: 0,
      // Written at once, so whatever stops the command, what was recorded is in the file.
      sink: (event) => {
        // The rest of a batch that reached --count is not recorded.
        if (recorded === count) return;
        writeSync(file, `${JSON.stringify(event)}\n`);
        if (++recorded === count) finish();
      },
    });
    try {
      const until = [
        count === undefined ? "" : `${count} events`,
        duration === undefined ? "" : formatDuration(duration),
        "Ctrl-C",
      ].filter(Boolean).join(", ");
      if (duration !== undefined) timer = setTimeout(finish, duration);
      if (signal.aborted) finish();
      signal.addEventListener("abort", finish, { once: true });
      io.stderr(`recording ${stream.where} to ${path} (until ${until})\n`);
      await finished;
    } finally {
      recorder.stop();
      clearTimeout(timer);
      signal.removeEventListener("abort", finish);
      await stream.close();
      closeSync(file);
    }
    io.stdout(`recorded ${recorded} event${recorded === 1 ? "" : "s"} to ${path}\n`);
    return signal.aborted ? ExitCode.INTERRUPTED : 0;
  },
};
