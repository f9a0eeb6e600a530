import type { Command } from "../_common/command.ts";
import { positionals } from "../_common/args.ts";
import { formatDuration } from "../_common/progress_bar.ts";
import { formatBytes, isoTime, JSON_OPTION, statAll, STORE_OPTION, withStore } from "./_common.ts";
import { CliError } from "../cli_error.ts";

/** Up to this many keys, `stat` without a key also adds up their sizes. */
const SIZE_LIMIT = 10_000;

/** `atomiton storage stat [key]`: the store (location, keys, bytes), or one key. */
export const storageStatCommand: Command = {
  name: "stat",
  summary: "Describe the store (location, keys, bytes) or one key (size, times)",
  usage: "[key] [options]",
  description:
    "Without a key: where the store is, how many keys it has and, up to 10,000 keys, their\n" +
    "total size. With a key: the value's size in bytes, when it was written and when it expires.",
  options: { store: STORE_OPTION, json: JSON_OPTION },
  examples: ["atomiton storage stat", "atomiton storage stat user:1 --json"],
  async run(context): Promise<number> {
    const [key] = positionals(context, "storage stat", ["key?"]);
    const json = context.values.json === true;
    const { io, style } = context;
    const table = (rows: [string, string][]): void => {
      const width = Math.max(...rows.map(([name]) => name.length));
      for (const [name, value] of rows) io.stdout(`${style.bold(name.padEnd(width))}  ${value}\n`);
    };
    return await withStore(context, async ({ client, location }) => {
      if (key === undefined) {
        const keys = await client.keys();
        let bytes: number | undefined;
        if (keys.length <= SIZE_LIMIT) {
          bytes = (await statAll(client, keys)).reduce((sum, stat) => sum + (stat?.size ?? 0), 0);
        }
        if (json) {
          io.stdout(`${JSON.stringify({ location, keys: keys.length, bytes })}\n`);
        } else {
          table([
            ["location", location],
            ["keys", keys.length.toLocaleString("en-US")],
            [
              "bytes",
              bytes === undefined
                ? style.dim(`not added up (over ${SIZE_LIMIT.toLocaleString("en-US")} keys)`)
                : formatBytes(bytes),
            ],
          ]);
        }
        return 0;
      }
      const stat = await client.stat(key);
      if (!stat) {
        throw new CliError("NOT_FOUND", `No value for key ${JSON.stringify(key)} in ${location}.`);
      }
      if (json) {
        io.stdout(`${JSON.stringify({ key, ...stat })}\n`);
        return 0;
      }
      const rows: [string, string][] = [
        ["key", JSON.stringify(key)],
        ["size", formatBytes(stat.size)],
        ["modified", isoTime(stat.modified)],
      ];
      if (stat.expires !== undefined) {
        const left = stat.expires - Date.now();
        rows.push([
          "expires",
          `${isoTime(stat.expires)} (in ${formatDuration(Math.max(0, left))})`,
        ]);
      }
      table(rows);
      return 0;
    });
  },
};
