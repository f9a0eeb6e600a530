import { ConductorError } from "./conductor_error.ts";
import type { RunLease } from "./run_lease.ts";

/**
 * The part of the Web Locks API's `LockManager` (`navigator.locks`) that
 * {@linkcode webLocksLease} uses: `request` with `ifAvailable`, whose callback
 * gets `null` when another holder has the lock, and whose returned promise
 * holds the lock until it settles.
 */
export interface WebLockManager {
  /**
   * Requests the lock `name`, calling `callback` with it (or `null` when it is held).
   *
   * @param name The lock's name.
   * @param options `ifAvailable: true`: never wait for the lock.
   * @param callback Gets the lock or `null`; the lock is held until its promise settles.
   * @returns Settles, with the callback's result, once the lock is released.
   */
  request(
    name: string,
    options: { ifAvailable: boolean },
    callback: (lock: unknown) => Promise<void> | undefined,
  ): Promise<unknown>;
}

interface HeldLock {
  readonly holder: string;
  /** Ends the callback's promise: the lock is then released. */
  unlock: () => void;
  /** The request's promise: settles once the lock manager has released the lock. */
  released: Promise<unknown>;
}

const globalLocks = (): WebLockManager | undefined =>
  (globalThis as { navigator?: { locks?: WebLockManager } }).navigator?.locks;

/**
 * A {@linkcode RunLease} on the Web Locks API, for pages: a run's lease is the
 * lock `atomiton-run:<runId>`, held until the run ends or the page goes away
 * (closed, reloaded, crashed), when the browser frees it at once. So a reloaded
 * page resumes its run straight away, and two live tabs (even a duplicated one)
 * never run it at once. Locks are per origin, the scope of the page's
 * IndexedDB storage, and have no expiry: `ttl` does not apply. `runBlueprint`
 * uses it by default in a browser (a page or a web worker) that has
 * `navigator.locks`; elsewhere locks are per process, so the default there is a
 * lease in the run's storage.
 *
 * @param locks The lock manager. Default: `navigator.locks`.
 * @returns The lease.
 * @throws {ConductorError} `INVALID_OPTION` when there is no lock manager.
 *
 * @example One holder at a time (Deno and Node get a tiny lock manager: pages use `navigator.locks`)
 * ```ts
 * import { webLocksLease } from "@atomiton/conductor";
 * import assert from "node:assert/strict";
 *
 * const held = new Set<string>();
 * const locks = {
 *   async request(
 *     name: string,
 *     _options: { ifAvailable: boolean },
 *     callback: (lock: unknown) => Promise<void> | undefined,
 *   ): Promise<unknown> {
 *     if (held.has(name)) return await callback(null);
 *     held.add(name);
 *     try {
 *       return await callback({ name });
 *     } finally {
 *       held.delete(name);
 *     }
 *   },
 * };
 * const tab = webLocksLease(locks);
 * const otherTab = webLocksLease(locks);
 * assert.equal(await tab.acquire("run-1", "tab", 30_000), true);
 * assert.equal(await otherTab.acquire("run-1", "other", 30_000), false);
 * await tab.release("run-1", "tab");
 * assert.equal(await otherTab.acquire("run-1", "other", 30_000), true);
 * ```
 */
export function webLocksLease(locks: WebLockManager | undefined = globalLocks()): RunLease {
  if (typeof locks?.request !== "function") {
    throw new ConductorError(
      "INVALID_OPTION",
      "webLocksLease needs a Web Locks lock manager (navigator.locks, in browsers): pass one, " +
        "or use the default lease of runBlueprint.",
    );
  }
  const held = new Map<string, HeldLock>();
  return {
    acquire(runId, holder): Promise<boolean> {
      const mine = held.get(runId);
      if (mine) return Promise.resolve(mine.holder === holder);
      return new Promise((resolve, reject) => {
        const lock: HeldLock = { holder, unlock: () => {}, released: Promise.resolve() };
        const kept = new Promise<void>((resolve) => lock.unlock = resolve);
        // A lock manager may call back before `request` returns: `lock` is complete by then.
        lock.released = locks.request(`atomiton-run:${runId}`, { ifAvailable: true }, (granted) => {
          if (granted === null) return void resolve(false);
          held.set(runId, lock);
          resolve(true);
          // The lock lasts until this promise settles: at release, or with the page.
          return kept;
        });
        lock.released.catch(reject);
      });
    },
    renew: (runId, holder) => Promise.resolve(held.get(runId)?.holder === holder),
    async release(runId, holder): Promise<void> {
      const mine = held.get(runId);
      if (mine?.holder !== holder) return;
      held.delete(runId);
      mine.unlock();
      // Once released, this page (or another) can take the lock again at once.
      await mine.released.catch(() => {});
    },
  };
}
