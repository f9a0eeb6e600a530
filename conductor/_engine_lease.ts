import { ConductorError } from "./conductor_error.ts";
import type { RunLease } from "./run_lease.ts";
import { isDeadLocalHolder } from "./_holder.ts";

/** The run a lease is taken for, by whom, for how long. */
interface LeaseRun {
  readonly runId: string;
  readonly holder: string;
  readonly ttl: number;
}

/** A lease this orchestrator holds: renewed every ttl/3 until stopped. */
export interface HeldLease {
  /** Whether it was lost: the run stops and writes nothing more. */
  readonly lost: () => boolean;
  /** Stops renewing and gives the lease up. */
  release(): Promise<void>;
}

/**
 * Takes the run's lease for `holder`, or rejects with `RUN_ACTIVE` naming the
 * holder when known; then renews it every ttl/3. A renewal refused (or none
 * that succeeded for a whole ttl) means another orchestrator may have it:
 * `onLost` stops the run, so two orchestrators never both write.
 */
export async function holdLease(
  lease: RunLease,
  run: LeaseRun,
  recordedHolder: string | undefined,
  onLost: (reason: ConductorError) => void,
): Promise<HeldLease> {
  const { runId, holder, ttl } = run;
  const refused = await acquire(lease, run, recordedHolder);
  if (refused !== undefined) {
    const who = refused ? ` (held by "${refused}")` : "";
    throw new ConductorError(
      "RUN_ACTIVE",
      `Run "${runId}" is running in another orchestrator${who}: wait for it to end, or for its ` +
        `lease to expire (${ttl} ms after its holder stops) before resuming it.`,
    );
  }
  let lost = false;
  let renewed = Date.now();
  const lose = (): void => {
    if (lost) return;
    lost = true;
    clearInterval(timer);
    onLost(
      new ConductorError(
        "RUN_ACTIVE",
        `Run "${runId}" stopped: its lease was taken over by another orchestrator.`,
      ),
    );
  };
  const renew = async (): Promise<void> => {
    const kept = await lease.renew(runId, holder, ttl).catch(() => undefined);
    if (kept === false) return lose();
    if (kept === true) renewed = Date.now();
    else if (Date.now() - renewed >= ttl) lose();
  };
  const timer = setInterval(() => void renew(), Math.max(1, Math.floor(ttl / 3)));
  return {
    lost: () => lost,
    release: async () => {
      clearInterval(timer);
      if (!lost) await lease.release(runId, holder).catch(() => {});
    },
  };
}

/**
 * Takes the lease; when it is refused and its holder (the lease's, or the one
 * the run record names) is a process of this host that no longer exists, frees
 * that holder's lease and takes it again: a resume right after a crash need not
 * wait out the ttl. Resolves `undefined` when taken, else the holder known ("" if none).
 */
async function acquire(
  lease: RunLease,
  { runId, holder, ttl }: LeaseRun,
  recordedHolder: string | undefined,
): Promise<string | undefined> {
  if (await lease.acquire(runId, holder, ttl)) return undefined;
  const current = await lease.holderOf?.(runId).catch(() => undefined);
  const named = [...new Set([current, recordedHolder])]
    .filter((other): other is string => typeof other === "string" && other !== holder);
  const dead = named.filter(isDeadLocalHolder);
  if (dead.length > 0) {
    for (const other of dead) await lease.release(runId, other);
    if (await lease.acquire(runId, holder, ttl)) return undefined;
  }
  return current ?? named[0] ?? "";
}
