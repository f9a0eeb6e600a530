import type { StorageClient } from "@atomiton/storage";
import { ConductorError } from "./conductor_error.ts";
import type { RunLease } from "./run_lease.ts";

/** The lease record of one run. */
interface LeaseRecord {
  readonly holder: string;
  /** Epoch ms; the storage ttl removes the record then too. */
  readonly expires: number;
}

/** The storage key of a run's lease. */
export function leaseKey(runId: string): string {
  return `run-leases/${runId}`;
}

/**
 * The default lease: a `run-leases/<runId>` record `{ holder, expires }` in the
 * run's own storage, written with the storage's ttl. `acquire` refuses while
 * another holder's record is unexpired, writes its own, then reads it back.
 *
 * Best effort, by design, since a `StorageClient` has no compare-and-set:
 * - two orchestrators that acquire in the same instant can both read "free"; the
 *   read-back catches most such races (the later write wins and the earlier
 *   holder sees it), but not every one on every backend;
 * - `expires` is compared with this machine's clock, so across machines the
 *   clocks' skew is added to (or taken from) the ttl;
 * - renew and release read, then write: a lease that expired in between may be
 *   overwritten.
 * It keeps a second process on the same machine (the same file-system or browser
 * storage) from resuming a live run. Across machines, use `redisLease` of
 * `@atomiton/conductor/redis`, which is atomic.
 *
 * @param storage Where the lease records live (the run's storage).
 * @returns The lease.
 */
export function storageLease(storage: StorageClient): RunLease {
  return {
    async acquire(runId, holder, ttl): Promise<boolean> {
      checkLease(holder, ttl);
      const held = await readLease(storage, runId);
      if (held && held.holder !== holder && held.expires > Date.now()) return false;
      await writeLease(storage, runId, holder, ttl);
      return (await readLease(storage, runId))?.holder === holder;
    },
    async renew(runId, holder, ttl): Promise<boolean> {
      checkLease(holder, ttl);
      const held = await readLease(storage, runId);
      if (held?.holder !== holder || held.expires <= Date.now()) return false;
      await writeLease(storage, runId, holder, ttl);
      return true;
    },
    async release(runId, holder): Promise<void> {
      const held = await readLease(storage, runId);
      if (held?.holder === holder) await storage.delete(leaseKey(runId));
    },
    async holderOf(runId): Promise<string | undefined> {
      const held = await readLease(storage, runId);
      return held && held.expires > Date.now() ? held.holder : undefined;
    },
  };
}

/** Refuses a holder that is not a non-empty string and a ttl that is not a positive number of ms. */
export function checkLease(holder: string, ttl: number): void {
  if (typeof holder !== "string" || holder === "") {
    throw new ConductorError(
      "INVALID_OPTION",
      `Invalid lease holder ${JSON.stringify(holder)}: expected a non-empty string.`,
    );
  }
  if (!(Number.isFinite(ttl) && ttl >= 1 && ttl <= 2147483647)) {
    throw new ConductorError(
      "INVALID_OPTION",
      `Invalid lease ttl ${String(ttl)}: expected ms from 1 to 2147483647.`,
    );
  }
}

async function readLease(storage: StorageClient, runId: string): Promise<LeaseRecord | undefined> {
  const record = await storage.get<Partial<LeaseRecord>>(leaseKey(runId));
  // A record that is not a lease (written by hand, an older version) holds nothing.
  if (typeof record?.holder !== "string" || typeof record.expires !== "number") return undefined;
  return { holder: record.holder, expires: record.expires };
}

function writeLease(
  storage: StorageClient,
  runId: string,
  holder: string,
  ttl: number,
): Promise<void> {
  return storage.set(leaseKey(runId), { holder, expires: Date.now() + ttl }, { ttl });
}
