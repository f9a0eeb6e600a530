import { readFile } from "node:fs/promises";
import type { StorageValue } from "@atomiton/storage";
import type { Command, CommandContext } from "../_common/command.ts";
import { numberOption, positionals, stringOption } from "../_common/args.ts";
import { resolvePath } from "../_common/open_storage.ts";
import { displayKey, STORE_OPTION, withStore } from "./_common.ts";
import { CliError } from "../cli_error.ts";

/** `atomiton storage set <key> <value>`: writes a value, parsed as JSON unless told otherwise. */
export const storageSetCommand: Command = {
  name: "set",
  summary: "Write a key's value (JSON, text or bytes)",
  usage: "<key> [value] [options]",
  description:
    'The value is parsed as JSON (so `42`, `true`, `"text"` and `{"a": 1}` keep their types);\n' +
    "--string stores it as text as it is. It comes from the command line, or from standard\n" +
    "input (--stdin) or a file (--file), where --bytes stores the bytes as they are.",
  options: {
    store: STORE_OPTION,
    string: { type: "boolean", description: "Store the value as text, not parsed as JSON" },
    stdin: { type: "boolean", description: "Read the value from standard input" },
    file: { type: "string", value: "path", description: "Read the value from a file" },
    bytes: {
      type: "boolean",
      description: "With --stdin or --file: store the bytes as they are (a Uint8Array)",
    },
    ttl: {
      type: "string",
      value: "ms",
      description: "Milliseconds until the value expires (default: never)",
    },
  },
  examples: [
    `atomiton storage set user:1 '{"name": "Ada"}'`,
    "atomiton storage set greeting hello --string",
    "atomiton storage set session:1 '{\"user\": 1}' --ttl 3600000",
    "curl -s https://example.com/logo.png | atomiton storage set logo --stdin --bytes",
  ],
  async run(context): Promise<number> {
    const [key, text] = positionals(context, "storage set", ["key", "value?"]) as [
      string,
      string | undefined,
    ];
    const ttl = numberOption(context, "ttl", { min: 1 });
    const value = await readValue(context, text);
    return await withStore(context, async ({ client, location }) => {
      await client.set(key, value, ttl === undefined ? undefined : { ttl });
      context.io.stderr(`set ${displayKey(key)} in ${location}\n`);
      return 0;
    });
  },
};

async function readValue(context: CommandContext, text: string | undefined): Promise<StorageValue> {
  const file = stringOption(context, "file");
  const stdin = context.values.stdin === true;
  const sources = [text !== undefined, stdin, file !== undefined].filter(Boolean).length;
  if (sources !== 1) {
    throw new CliError(
      "USAGE",
      `atomiton storage set takes the value from exactly one place: the command line, --stdin or --file (got ${
        sources === 0 ? "none" : "several"
      }). See "atomiton storage set --help".`,
    );
  }
  const bytes = context.values.bytes === true;
  if (bytes && text !== undefined) {
    throw new CliError("USAGE", "--bytes needs --stdin or --file: a command-line value is text.");
  }
  if (bytes && context.values.string === true) {
    throw new CliError("USAGE", "--bytes and --string exclude each other.");
  }
  let where = "the command line";
  if (text === undefined) {
    let data: Uint8Array;
    if (file !== undefined) {
      const path = resolvePath(context.io.cwd, file);
      where = path;
      try {
        data = await readFile(path);
      } catch (cause) {
        const code = (cause as { code?: string }).code;
        throw new CliError(
          code === "ENOENT" ? "NOT_FOUND" : "INVALID_INPUT",
          code === "ENOENT"
            ? `No file ${path}.`
            : `Cannot read ${path}: ${(cause as Error).message}`,
          { cause },
        );
      }
    } else {
      where = "standard input";
      const { buffer } = await import("node:stream/consumers");
      data = await buffer(
        "Deno" in globalThis
          ? Deno.stdin.readable
          : (globalThis as unknown as { process: { stdin: AsyncIterable<Uint8Array> } }).process
            .stdin,
      );
    }
    // A Buffer from node:fs is a Uint8Array subclass; storage keeps a plain copy either way.
    if (bytes) return new Uint8Array(data);
    text = new TextDecoder().decode(data);
  }
  if (context.values.string === true) return text;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new CliError(
      where === "the command line" ? "USAGE" : "INVALID_INPUT",
      `The value from ${where} is not JSON (${(cause as Error).message}): ` +
        "add --string to store it as text.",
      { cause },
    );
  }
}
