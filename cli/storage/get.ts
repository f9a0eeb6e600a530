import { Buffer } from "node:buffer";
import { writeFile } from "node:fs/promises";
import type { Command } from "../_common/command.ts";
import { positionals, stringOption } from "../_common/args.ts";
import { resolvePath } from "../_common/open_storage.ts";
import { STORE_OPTION, withStore } from "./_common.ts";
import { CliError } from "../cli_error.ts";

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** `atomiton storage get <key>`: the value as JSON on standard output. */
export const storageGetCommand: Command = {
  name: "get",
  summary: "Print a key's value as JSON (pretty on a terminal)",
  usage: "<key> [options]",
  description:
    "JSON values print as JSON: indented on a terminal, on one line otherwise (for jq and\n" +
    "scripts). Bytes print as a base64 JSON string; --raw prints a string (or bytes that are\n" +
    "UTF-8 text) as it is, and --output writes the value, bytes included, to a file.",
  options: {
    store: STORE_OPTION,
    raw: {
      type: "boolean",
      short: "r",
      description: "Print a string value (or UTF-8 bytes) as is",
    },
    output: {
      type: "string",
      short: "o",
      value: "file",
      description: "Write the value to a file instead (bytes as bytes, a string as its text)",
    },
  },
  examples: [
    "atomiton storage get user:1",
    "atomiton storage get user:1 | jq .name",
    "atomiton storage get avatar:1 --output avatar.png",
  ],
  async run(context): Promise<number> {
    const [key] = positionals(context, "storage get", ["key"]) as [string];
    const output = stringOption(context, "output");
    const raw = context.values.raw === true;
    const { io } = context;
    return await withStore(context, async ({ client, location }) => {
      const value = await client.get(key);
      if (value === undefined) {
        throw new CliError("NOT_FOUND", `No value for key ${JSON.stringify(key)} in ${location}.`);
      }
      if (output !== undefined) {
        const path = resolvePath(io.cwd, output);
        const data = value instanceof Uint8Array
          ? value
          : typeof value === "string"
          ? value
          : `${JSON.stringify(value, null, 2)}\n`;
        await writeFile(path, data);
        const size = typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
        io.stderr(`wrote ${size} bytes to ${path}\n`);
        return 0;
      }
      if (value instanceof Uint8Array) {
        if (raw) {
          let text: string;
          try {
            text = strictUtf8.decode(value);
          } catch {
            throw new CliError(
              "USAGE",
              `The value of ${JSON.stringify(key)} is ${value.byteLength} bytes of binary data, ` +
                "not UTF-8 text: use --output <file> to save them, or leave out --raw for base64.",
            );
          }
          io.stdout(io.isTTY && !text.endsWith("\n") ? `${text}\n` : text);
          return 0;
        }
        io.stdout(`${JSON.stringify(Buffer.from(value).toString("base64"))}\n`);
        if (io.isTTY) {
          io.stderr(`(${value.byteLength} bytes, as base64; --raw or --output for the bytes)\n`);
        }
        return 0;
      }
      if (raw && typeof value === "string") {
        io.stdout(io.isTTY && !value.endsWith("\n") ? `${value}\n` : value);
        return 0;
      }
      io.stdout(`${JSON.stringify(value, null, io.isTTY ? 2 : undefined)}\n`);
      return 0;
    });
  },
};
