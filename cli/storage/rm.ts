import type { Command } from "../_common/command.ts";
import { displayKey, JSON_OPTION, STORE_OPTION, withStore } from "./_common.ts";
import { CliError } from "../cli_error.ts";

// Keys per deleteMany round trip when removing a prefix.
const BATCH = 500;

/** `atomiton storage rm <key...>`: removes keys, or every key under a prefix with --prefix --yes. */
export const storageRmCommand: Command = {
  name: "rm",
  summary: "Remove keys, or every key under a prefix (--prefix, confirmed with --yes)",
  usage: "<key...> [options] | --prefix <prefix> --yes",
  description:
    "Prints how many of the keys had a value. With --prefix the argument is a prefix: it lists\n" +
    "the keys under it and, only with --yes, removes exactly those (an empty prefix is every key).",
  options: {
    store: STORE_OPTION,
    prefix: {
      type: "boolean",
      short: "p",
      description: "The argument is a prefix: remove every key that starts with it",
    },
    yes: { type: "boolean", short: "y", description: "Confirm removing a whole prefix" },
    json: JSON_OPTION,
  },
  examples: [
    "atomiton storage rm user:1 user:2",
    "atomiton storage rm --prefix session: --yes",
  ],
  async run(context): Promise<number> {
    const { io, positionals } = context;
    const byPrefix = context.values.prefix === true;
    if (positionals.length === 0 || (byPrefix && positionals.length !== 1)) {
      throw new CliError(
        "USAGE",
        byPrefix
          ? `atomiton storage rm --prefix takes one prefix, got ${positionals.length}. ` +
            `See "atomiton storage rm --help".`
          : `atomiton storage rm takes at least one <key>. See "atomiton storage rm --help".`,
      );
    }
    return await withStore(context, async ({ client, location }) => {
      let keys: readonly string[] = positionals;
      if (byPrefix) {
        const prefix = positionals[0]!;
        keys = await client.keys(prefix);
        const what = prefix === "" ? "every key" : `every key under ${JSON.stringify(prefix)}`;
        if (context.values.yes !== true && keys.length > 0) {
          throw new CliError(
            "USAGE",
            `This removes ${what} (${keys.length}) from ${location}: add --yes (-y) to confirm.`,
          );
        }
      }
      let removed = 0;
      for (let i = 0; i < keys.length; i += BATCH) {
        removed += await client.deleteMany(keys.slice(i, i + BATCH));
      }
      if (context.values.json === true) {
        io.stdout(`${JSON.stringify({ removed, keys: keys.length })}\n`);
      } else {
        const one = keys.length === 1 && !byPrefix ? ` (${displayKey(keys[0]!)})` : "";
        io.stdout(
          `removed ${removed} of ${keys.length} key${
            keys.length === 1 ? "" : "s"
          }${one} from ${location}\n`,
        );
      }
      return 0;
    });
  },
};
