import type { Command } from "../_common/command.ts";
import { positionals } from "../_common/args.ts";
import { displayKey, isoTime, JSON_OPTION, statAll, STORE_OPTION, withStore } from "./_common.ts";

/** `atomiton storage ls [prefix]`: the keys, sorted. */
export const storageLsCommand: Command = {
  name: "ls",
  summary: "List the keys (under a prefix), sorted",
  usage: "[prefix] [options]",
  description: "Keys are sorted by UTF-16 code units, the order `storage migrate` copies them in.",
  options: {
    store: STORE_OPTION,
    long: {
      type: "boolean",
      short: "l",
      description: "Also print each value's size in bytes and when it was written (and expires)",
    },
    json: JSON_OPTION,
  },
  examples: [
    "atomiton storage ls",
    "atomiton storage ls user: --long",
    "atomiton storage ls --store redis://127.0.0.1:6379 --json",
  ],
  async run(context): Promise<number> {
    const [prefix] = positionals(context, "storage ls", ["prefix?"]);
    const long = context.values.long === true;
    const json = context.values.json === true;
    const { io, style } = context;
    return await withStore(context, async ({ client }) => {
      const keys = (await client.keys(prefix)).sort();
      if (!long) {
        for (const key of keys) {
          io.stdout(json ? `${JSON.stringify({ key })}\n` : `${displayKey(key)}\n`);
        }
        return 0;
      }
      const stats = await statAll(client, keys);
      const rows = keys.flatMap((key, i) => {
        const stat = stats[i];
        // Gone or expired since it was listed.
        return stat ? [{ key, ...stat }] : [];
      });
      if (json) {
        for (const row of rows) io.stdout(`${JSON.stringify(row)}\n`);
        return 0;
      }
      const width = Math.max(0, ...rows.map((row) => String(row.size).length));
      for (const { key, size, modified, expires } of rows) {
        const expiry = expires === undefined ? "" : style.dim(`  expires ${isoTime(expires)}`);
        io.stdout(
          `${String(size).padStart(width)}  ${style.dim(isoTime(modified))}  ${
            displayKey(key)
          }${expiry}\n`,
        );
      }
      return 0;
    });
  },
};
