/**
 * Keeps two orchestrators from running the same run at once. A holder takes the
 * lease before it runs anything, renews it while the run goes on, and releases
 * it when the run ends; a lease whose holder died expires after `ttl` ms and
 * can then be taken over. A holder that died on this host is taken over at
 * once: the default holder id names its host and process, and a lease that
 * can tell its holder (`holderOf`) lets the engine see that the process is
 * gone. The default works within one storage (best effort, for one machine);
 * `redisLease` from `@atomiton/conductor/redis` is atomic across machines;
 * `webLocksLease` is the default in browsers.
 *
 * @example A lease that only ever lets one holder in (in one process)
 * ```ts
 * import type { RunLease } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * const held = new Map<string, string>();
 * const lease: RunLease = {
 *   acquire: (runId, holder) => {
 *     if (held.has(runId) && held.get(runId) !== holder) return Promise.resolve(false);
 *     held.set(runId, holder);
 *     return Promise.resolve(true);
 *   },
 *   renew: (runId, holder) => Promise.resolve(held.get(runId) === holder),
 *   release: (runId, holder) => {
 *     if (held.get(runId) === holder) held.delete(runId);
 *     return Promise.resolve();
 *   },
 * };
 * assert.equal(await lease.acquire("run-1", "a", 10_000), true);
 * assert.equal(await lease.acquire("run-1", "b", 10_000), false);
 * ```
 */
export interface RunLease {
  /**
   * Takes the lease of `runId` for `holder` for `ttl` ms, unless another live holder has it.
   *
   * @param runId The run.
   * @param holder A unique id of the orchestrator taking it.
   * @param ttl Milliseconds until it expires unless renewed.
   * @returns Whether `holder` now holds it.
   */
  acquire(runId: string, holder: string, ttl: number): Promise<boolean>;
  /**
   * Extends `holder`'s lease by `ttl` ms.
   *
   * @param runId The run.
   * @param holder The orchestrator holding it.
   * @param ttl Milliseconds from now.
   * @returns `false` when `holder` no longer holds it (it expired and was taken over).
   */
  renew(runId: string, holder: string, ttl: number): Promise<boolean>;
  /**
   * Gives the lease up, if `holder` still holds it.
   *
   * @param runId The run.
   * @param holder The orchestrator holding it.
   * @returns When it is released.
   */
  release(runId: string, holder: string): Promise<void>;
  /**
   * Who holds the lease of `runId` now, if anyone (optional). The engine names
   * that holder when it is refused, and takes the lease over at once when the
   * holder is a process of this host that no longer exists.
   *
   * @param runId The run.
   * @returns The holder, or `undefined` when nobody holds it.
   */
  holderOf?(runId: string): Promise<string | undefined>;
}
