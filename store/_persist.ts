// The body of persist(), loaded on its first call (the codec, the checks and the writes):
// persist.ts keeps only what must happen at once (the options, the subscription).
import type { StorageClient, StorageValue } from "@atomiton/storage";
import type { StoreApi } from "./store_api.ts";
import type { PersistOptions } from "./persist.ts";
import { decode, encode } from "./_codec.ts";
import { fail, LazyStoreError as StoreError, useStoreError } from "./_lazy_fail.ts";
import { restore } from "./_restore.ts";
import type { StoreError as StoreErrorType } from "./store_error.ts";

/** What persist() hands over once this module is loaded. */
export interface Started {
  readonly hydrated: Promise<void>;
  /** The store changed: a write is due. */
  readonly schedule: () => void;
  readonly flush: () => Promise<void>;
}

/**
 * Hydrates the store and writes its changes. `dirty`: the store changed before this module
 * loaded (persist() subscribed at once); those changes are written once hydration settles.
 */
export function start<S>(
  store: StoreApi<S>,
  storage: StorageClient,
  { migrate, partialize = (s: S) => s }: PersistOptions<S>,
  key: string,
  version: number,
  delay: number,
  report: (error: StoreErrorType) => void,
  dirty: boolean,
  type: typeof StoreErrorType,
): Started {
  useStoreError(type);
  const backup = (raw: StorageValue): Promise<void> => storage.set(`${key}:backup`, raw);
  let ready = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();
  let last: Promise<void> = writing;
  // After a failed hydration: keeps what is stored aside before the first write replaces it.
  let guard: (() => Promise<void>) | undefined;

  const save = async (): Promise<void> => {
    if (guard) await guard();
    guard = undefined;
    await storage.set(key, { v: version, s: encode(partialize(store.getState())) });
  };
  const write = (): Promise<void> => {
    // Nothing new: the write under way (if any) is what the caller waits for, failure included.
    if (!dirty) return last;
    dirty = false;
    last = writing.then(save).catch((cause) => {
      dirty = true;
      const error = cause instanceof StoreError
        ? cause
        : new StoreError("PERSIST_FAILED", `cannot write ${key}: ${cause}`, { cause });
      report(error);
      throw error;
    });
    writing = last.catch(noop);
    return last;
  };
  const schedule = (): void => {
    dirty = true;
    if (ready) timer ??= setTimeout(() => flush().catch(noop), delay);
  };

  const hydrate = async (): Promise<void> => {
    let raw;
    try {
      raw = await storage.get(key);
    } catch (cause) {
      // Unreadable now, maybe good: each write first reads it again and backs it up, or writes nothing.
      guard = async () => {
        const now = await storage.get(key).catch((error) => {
          const message = `cannot write ${key}: it cannot be read to back it up first: ${error}`;
          throw new StoreError("PERSIST_FAILED", message, { cause: error });
        });
        if (now !== undefined) await backup(now);
      };
      throw new StoreError("HYDRATION_FAILED", `cannot read ${key}`, { cause });
    }
    try {
      if (raw !== undefined) {
        const { v, s } = raw as { v: number; s: unknown };
        if (!Number.isInteger(v) || s === undefined) fail("HYDRATION_FAILED", "no { v, s } record");
        if (v > version || (v < version && !migrate)) {
          fail("UNKNOWN_VERSION", `stored version is ${v}, this one is ${version}`);
        }
        let state = decode(s);
        if (v < version) state = await migrate!(state, v);
        const pending = dirty;
        store.setState(restore(store.getState(), state) as Partial<S>);
        dirty = pending;
      }
    } catch (cause) {
      const error = (cause as StoreErrorType).code === "UNKNOWN_VERSION"
        ? cause
        : new StoreError("HYDRATION_FAILED", `cannot restore ${key}: ${cause}`, { cause });
      // Kept aside now; if that fails, the first write tries again before it overwrites anything.
      guard = () => backup(raw!);
      await guard().then(() => guard = undefined, noop);
      throw error;
    }
  };
  const hydrated = hydrate().catch((error) => {
    report(error);
    throw error;
  });
  const settled = hydrated.then(noop, noop).then(() => {
    ready = true;
    if (dirty) schedule();
  });

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    return settled.then(write);
  };
  return { hydrated, schedule, flush };
}

const noop = (): void => {};
