import { StorageError } from "./storage_error.ts";
import type { StorageClient, StorageValue } from "./storage_client.ts";

/** Options for {@linkcode migrate}. */
export interface MigrateOptions {
  /** Only keys that start with it; default: every key. */
  readonly prefix?: string | undefined;
  /** Entries read and written per round trip (default 100). */
  readonly batchSize?: number | undefined;
  /**
   * Resume point: only keys that sort after it (by UTF-16 code units) are
   * copied. Pass the `lastKey` of the last progress report to go on after an
   * interruption.
   */
  readonly after?: string | undefined;
  /** Whether to replace keys the target already has (default true); false skips them. */
  readonly overwrite?: boolean | undefined;
  /** Called after every batch, with the counts so far. */
  readonly onProgress?: ((progress: MigrationProgress) => void) | undefined;
  /** Stops before the next batch: `migrate` rejects with the signal's reason. */
  readonly signal?: AbortSignal | undefined;
}

/** How far a migration got. */
export interface MigrationProgress {
  /** Entries written to the target. */
  readonly copied: number;
  /**
   * Entries not written: gone or expired since they were listed, or already in
   * the target when `overwrite` is false.
   */
  readonly skipped: number;
  /** Keys to go through, counted when the migration started. */
  readonly total: number;
  /** The last key of the last finished batch: where to resume (`after`). */
  readonly lastKey: string | undefined;
}

/**
 * Copies every entry (or every entry under a prefix) from one client to any
 * other, in batches, keeping each entry's remaining time to live.
 *
 * Keys are copied in sorted order, so an interrupted migration resumes with
 * `after` set to the `lastKey` of its last progress report; copying a key
 * twice is harmless. An abort signal stops it before the next batch.
 *
 * @param from The client to read.
 * @param to The client to write.
 * @param options Prefix, batch size, resume point, overwrite, progress and signal.
 * @returns The final counts.
 * @throws {StorageError} `INVALID_OPTION` for a batch size that is not a whole number of 1 or more.
 *
 * @example Move a store from memory to another, resuming after a stop
 * ```ts
 * import { MemoryClient, migrate } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * const from = new MemoryClient();
 * await from.setMany([["a", 1], ["b", 2], ["c", 3]]);
 * const to = new MemoryClient();
 *
 * const controller = new AbortController();
 * let resumeAfter: string | undefined;
 * await migrate(from, to, {
 *   batchSize: 2,
 *   signal: controller.signal,
 *   onProgress: (progress) => {
 *     resumeAfter = progress.lastKey;
 *     controller.abort(); // interrupted after the first batch
 *   },
 * }).catch(() => {});
 * const result = await migrate(from, to, { after: resumeAfter });
 * assert.deepEqual(result, { copied: 1, skipped: 0, total: 1, lastKey: "c" });
 * assert.deepEqual(await to.getMany(["a", "b", "c"]), [1, 2, 3]);
 * ```
 */
export async function migrate(
  from: StorageClient,
  to: StorageClient,
  options: MigrateOptions = {},
): Promise<MigrationProgress> {
  const { after, signal, onProgress } = options;
  const size = options.batchSize ?? 100;
  if (!Number.isInteger(size) || size < 1) {
    throw new StorageError(
      "INVALID_OPTION",
      `Invalid batchSize ${String(size)}: expected a whole number of 1 or more.`,
    );
  }
  signal?.throwIfAborted();
  const keys = (await from.keys(options.prefix))
    .filter((key) => after === undefined || key > after)
    .sort();
  let copied = 0;
  let skipped = 0;
  let lastKey: string | undefined;
  for (let i = 0; i < keys.length; i += size) {
    signal?.throwIfAborted();
    const batch = keys.slice(i, i + size);
    const [values, stats, present] = await Promise.all([
      from.getMany(batch),
      Promise.all(batch.map((key) => from.stat(key))),
      options.overwrite === false ? to.getMany(batch) : [],
    ]);
    const plain: [string, StorageValue][] = [];
    const expiring: Promise<void>[] = [];
    const now = Date.now();
    batch.forEach((key, j) => {
      const value = values[j];
      const expires = stats[j]?.expires;
      if (value === undefined || present[j] !== undefined || (expires && expires <= now)) {
        skipped++;
      } else if (expires) {
        expiring.push(to.set(key, value, { ttl: expires - now }));
      } else plain.push([key, value]);
    });
    await Promise.all([to.setMany(plain), ...expiring]);
    copied += plain.length + expiring.length;
    lastKey = batch[batch.length - 1];
    onProgress?.({ copied, skipped, total: keys.length, lastKey });
  }
  return { copied, skipped, total: keys.length, lastKey };
}
