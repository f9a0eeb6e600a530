import { ConductorError } from "./conductor_error.ts";
import type { RunLease } from "./run_lease.ts";

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
  run: { readonly runId: string; readonly holder: string; readonly ttl: number },
  knownHolder: string | undefined,
  onLost: (reason: ConductorError) => void,
): Promise<HeldLease> {
  const { runId, holder, ttl } = run;
  if (!await lease.acquire(runId, holder, ttl)) {
    const who = knownHolder && knownHolder !== holder ? ` (held by "${knownHolder}")` : "";
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
