/**
 * A `RunLease` on the Web Locks API, for pages: a run's lease is a lock named
 * `atomiton-run:<runId>` held until the run releases it or the page goes away
 * (closed, reloaded, crashed), when the browser frees it at once. So a run whose
 * tab closed can be resumed from another tab straight away, while two live tabs
 * (even a duplicated tab, which copies sessionStorage) can never run it at once.
 * Locks are per origin and have no expiry: `ttl` does not apply.
 *
 * A proposal for the library (`@atomiton/conductor`'s browser lease), tested here.
 *
 * @module
 */
import type { RunLease } from "@atomiton/conductor";

interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable: boolean },
    callback: (lock: unknown) => Promise<void> | undefined,
  ): Promise<unknown>;
}

/** A lease that this page holds while it runs `runId`, freed by the browser when the page ends. */
export function webLocksLease(
  locks: LockManagerLike = (globalThis as unknown as { navigator: { locks: LockManagerLike } })
    .navigator.locks,
): RunLease {
  const held = new Map<string, { holder: string; release: () => void }>();
  return {
    acquire(runId, holder): Promise<boolean> {
      const mine = held.get(runId);
      if (mine) return Promise.resolve(mine.holder === holder);
      return new Promise((resolve, reject) => {
        locks.request(`atomiton-run:${runId}`, { ifAvailable: true }, (lock) => {
          if (lock === null) return void resolve(false);
          // The lock lasts until this promise settles: at release, or with the page.
          const { promise, resolve: release } = Promise.withResolvers<void>();
          held.set(runId, { holder, release });
          resolve(true);
          return promise;
        }).catch(reject);
      });
    },
    renew: (runId, holder) => Promise.resolve(held.get(runId)?.holder === holder),
    release(runId, holder): Promise<void> {
      const mine = held.get(runId);
      if (mine?.holder === holder) {
        held.delete(runId);
        mine.release();
      }
      return Promise.resolve();
    },
  };
}
