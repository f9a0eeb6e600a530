import type { StorageClient, StorageStat } from "@atomiton/storage";
import type { CommandContext, OptionSpec } from "../_common/command.ts";
import { type OpenedStorage, openStorage } from "../_common/open_storage.ts";
import { stringOption } from "../_common/args.ts";

/** `--store URL`, which every `storage` subcommand but `migrate` takes. */
export const STORE_OPTION: OptionSpec = {
  type: "string",
  short: "s",
  value: "url",
  description:
    "A folder, file:///path, redis://host:port[/db][?namespace=x:] or memory: (default: the atomiton home's storage/)",
};

/** `--json`: JSON Lines on standard output. */
export const JSON_OPTION: OptionSpec = {
  type: "boolean",
  description: "Print JSON Lines (one object per line) on standard output",
};

/** Opens `--store`, runs `work` with it, and always closes it. */
export async function withStore<T>(
  context: CommandContext,
  work: (store: OpenedStorage) => Promise<T>,
): Promise<T> {
  const store = await openStorage(stringOption(context, "store"), context.io);
  try {
    return await work(store);
  } finally {
    await store.client.close();
  }
}

/** A time in ms since the epoch as ISO 8601 (UTC, so output does not depend on the machine). */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** `12,345 B (12.1 KiB)`: exact bytes, and a rounded figure when it helps. */
export function formatBytes(bytes: number): string {
  const exact = `${bytes.toLocaleString("en-US")} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = "";
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return unit ? `${exact} (${value.toFixed(1)} ${unit})` : exact;
}

/** Calls `stat` for many keys, `width` at a time, so a remote store is not flooded. */
export async function statAll(
  client: StorageClient,
  keys: readonly string[],
  width = 64,
): Promise<(StorageStat | undefined)[]> {
  const stats: (StorageStat | undefined)[] = [];
  for (let i = 0; i < keys.length; i += width) {
    stats.push(...await Promise.all(keys.slice(i, i + width).map((key) => client.stat(key))));
  }
  return stats;
}

/** A key as printed on its own line: as is, or JSON-quoted when it holds control characters. */
export function displayKey(key: string): string {
  // deno-lint-ignore no-control-regex -- control characters are exactly what is looked for
  return /[\x00-\x1f\x7f]/.test(key) ? JSON.stringify(key) : key;
}
