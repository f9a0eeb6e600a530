import type { Io } from "../_common/io.ts";
import { openStorage } from "../_common/open_storage.ts";
import { measureSequential, type OperationResult, type ProfileBudget } from "./_measure.ts";
import { CliError } from "../cli_error.ts";

/** What `atomiton profile` measured on a store. */
export interface StorageProfile {
  /** Where the store is: `file:///…`, `memory:`, `redis://host:port`. */
  readonly location: string;
  /** `file system`, `memory` or `Redis`. */
  readonly backend: string;
  /** True for the default: a temporary folder, removed afterwards. */
  readonly temporary: boolean;
  /** `set`, `get` and `delete`, one call at a time. */
  readonly operations: readonly OperationResult[];
}

// A small record, as the benchmarks use: what a blueprint's node typically saves.
const VALUE = { id: 42, name: "Ada Lovelace", tags: ["admin", "ops"], active: true, score: 9.5 };

function backendOf(location: string): string {
  return location.startsWith("file:")
    ? "file system"
    : location.startsWith("redis")
    ? "Redis"
    : "memory";
}

/** A fresh temporary folder. */
export async function makeTempDir(): Promise<string> {
  if ("Deno" in globalThis) return await Deno.makeTempDir({ prefix: "atomiton-profile-" });
  const [{ mkdtemp }, { tmpdir }, { join }] = await Promise.all([
    import("node:fs/promises"),
    import("node:os"),
    import("node:path"),
  ]);
  return await mkdtemp(join(tmpdir(), "atomiton-profile-"));
}

/** Removes a folder and everything in it. */
export async function removeDir(path: string): Promise<void> {
  if ("Deno" in globalThis) return await Deno.remove(path, { recursive: true });
  const { rm } = await import("node:fs/promises");
  await rm(path, { recursive: true, force: true });
}

/**
 * Measures `set`, `get` and `delete` of a small JSON record on a store: the
 * one at `location`, or a temporary file-system store that is removed
 * afterwards. Keys live under a fresh prefix that is cleared at the end, so a
 * real store keeps everything it had.
 */
export async function profileStorage(
  location: string | undefined,
  io: Io,
  budget: ProfileBudget,
  signal: AbortSignal,
): Promise<StorageProfile> {
  const temp = location === undefined ? await makeTempDir() : undefined;
  try {
    const { client, location: where } = await openStorage(temp ?? location, io);
    const prefix = `atomiton-profile/${crypto.randomUUID().slice(0, 8)}/`;
    const operations: OperationResult[] = [];
    try {
      const set = await measureSequential(
        "set",
        (i) => client.set(`${prefix}${i}`, VALUE),
        budget,
        signal,
      );
      operations.push(set);
      const written = set.count;
      if (written > 0) {
        operations.push(
          await measureSequential(
            "get",
            async (i) => {
              const key = `${prefix}${i % written}`;
              if (await client.get(key) === undefined) {
                throw new CliError(
                  "FAILED",
                  `The store at ${where} lost ${key}, written just before.`,
                );
              }
            },
            budget,
            signal,
          ),
          await measureSequential(
            "delete",
            (i) => client.delete(`${prefix}${i}`),
            budget,
            signal,
            written,
          ),
        );
      }
    } finally {
      try {
        await client.clear(prefix);
      } finally {
        await client.close();
      }
    }
    return { location: where, backend: backendOf(where), temporary: !!temp, operations };
  } finally {
    if (temp) await removeDir(temp);
  }
}
