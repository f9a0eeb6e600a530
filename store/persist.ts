/**
 * Persistence for any zustand store through any `@atomiton/storage` client:
 * Maps, Sets, Dates and bytes round-trip, versions migrate, corrupt or newer
 * stored state is reported and never crashes the app, and writes are gathered
 * and flushed on close.
 *
 * @example Keep the UI preferences in a file
 * ```ts
 * import { createUIStore } from "@atomiton/store/ui";
 * import { persist } from "@atomiton/store/persist";
 * import { FileSystemClient } from "@atomiton/storage/fs";
 * import { mkdtemp } from "node:fs/promises";
 * import { tmpdir } from "node:os";
 * import { join } from "node:path";
 *
 * const directory = await mkdtemp(join(tmpdir(), "atomiton-"));
 * await using storage = new FileSystemClient({ directory });
 * using ui = createUIStore();
 * await using persistence = persist(ui, storage, {
 *   key: "ui",
 *   version: 1,
 *   partialize: (s) => ({ preferences: s.preferences, panels: s.panels }),
 * });
 * await persistence.hydrated.catch((error) => console.warn("starting from defaults:", error));
 * ui.getState().setPreferences({ theme: "dark" });
 * ```
 *
 * @module
 */
import type { StorageClient } from "@atomiton/storage";
import type { StoreApi } from "./store_api.ts";
import { int, num, str } from "./_common.ts";
import { StoreError } from "./store_error.ts";

// The codec, the checks and the writes (most of the bytes) load with the first persist().
type Body = typeof import("./_persist.ts");
let loading: Promise<Body> | undefined;

/** Options for {@linkcode persist}. */
export interface PersistOptions<S> {
  /** The storage key the state is kept under. */
  readonly key: string;
  /** The version of the state's shape: a whole number of 0 or more (default 0). */
  readonly version?: number;
  /**
   * Turns state stored by an older version into this version's shape. It gets
   * the stored state (Maps, Sets and Dates restored) and its version.
   */
  readonly migrate?: (state: unknown, version: number) => Partial<S> | Promise<Partial<S>>;
  /** What to store; default: every field but the actions (functions). */
  readonly partialize?: (state: S) => Partial<S>;
  /** Writes wait up to this many ms to gather changes into one (default 100). */
  readonly debounce?: number;
  /** Gets every failure: reads, migrations and writes. Default: `console.error`. */
  readonly onError?: (error: StoreError) => void;
}

/** A store's persistence, as {@linkcode persist} returns it. */
export interface Persistence extends AsyncDisposable {
  /**
   * Settles when the stored state has been read into the store. Rejects with a
   * `StoreError` (`HYDRATION_FAILED` or `UNKNOWN_VERSION`) when it could not
   * be, and the store keeps its defaults. Unawaited, the rejection is harmless.
   */
  readonly hydrated: Promise<void>;
  /**
   * Writes pending changes now (after hydration, if it is under way).
   *
   * @returns When they are stored; rejects with `PERSIST_FAILED` if they could not be
   * (the write failed, or what is stored cannot be read to back it up first).
   */
  flush(): Promise<void>;
  /**
   * Stops following the store and writes any pending change; the storage client stays open.
   *
   * @returns When the last change is stored; rejects as `flush()` does.
   */
  close(): Promise<void>;
}

/**
 * Keeps a store's state in any `@atomiton/storage` client, and reads it back
 * into the store at once.
 *
 * Maps, Sets, Dates, `Uint8Array`s, `undefined` and non-finite numbers
 * round-trip (JSON would lose them). Stored state of an older `version` goes
 * through `migrate`. Only fields the store has, that are not actions, hydrate,
 * each of the kind it has now (a Map field only from a stored Map). Stored
 * state that is corrupt, does not fit, is from a newer version, or that
 * `migrate` fails on is reported to `onError` and as the rejection of
 * `hydrated`, the store keeps its defaults, and the stored value is copied to
 * `"<key>:backup"` before anything overwrites it. If the storage cannot be
 * read at start-up, each write first reads it again and backs up what it
 * finds; while it stays unreadable nothing is written and `flush()` and
 * `close()` reject with `PERSIST_FAILED`, the change kept for the next try.
 *
 * Writes wait up to `debounce` ms so a burst of changes is one write; `close()`
 * (or `await using`) writes what is pending, so no change is lost at shutdown.
 *
 * @param store A zustand store.
 * @param storage Where to keep the state.
 * @param options The key, version, migration, what to store and the write delay.
 * @returns The persistence: `hydrated`, `flush()` and `close()`.
 * @throws {StoreError} `INVALID_OPTION` for a bad option.
 *
 * @example Blueprints survive a restart (the Map comes back a Map)
 * ```ts
 * import { createBlueprintStore } from "@atomiton/store";
 * import { persist } from "@atomiton/store/persist";
 * import { MemoryClient } from "@atomiton/storage";
 * import assert from "node:assert/strict";
 *
 * await using storage = new MemoryClient();
 * const first = createBlueprintStore();
 * const saving = persist(first, storage, { key: "blueprints" });
 * await saving.hydrated;
 * first.getState().add({ id: "bp-1", name: "Nightly backup" });
 * await saving.close();
 *
 * const second = createBlueprintStore();
 * await using loading = persist(second, storage, { key: "blueprints" });
 * await loading.hydrated;
 * const bp = second.getState().blueprints.get("bp-1");
 * assert.equal(bp?.name, "Nightly backup");
 * assert.ok(bp?.created instanceof Date);
 * ```
 */
export function persist<S>(
  store: StoreApi<S>,
  storage: StorageClient,
  options: PersistOptions<S>,
): Persistence {
  const key = str("key", options.key);
  const version = int("version", options.version ?? 0, 0);
  const delay = num("debounce", options.debounce ?? 100, 0, 2147483647);
  // deno-lint-ignore no-console -- a lost write must not pass unseen when nobody listens
  const report = options.onError ?? ((error: StoreError) => console.error(error));
  // Subscribed at once: a change made while the body loads is written once it has.
  let changed = false;
  let onChange = (): void => void (changed = true);
  const unsubscribe = store.subscribe(() => onChange());
  const started = (loading ??= import("./_persist.ts").catch((error) => {
    loading = undefined; // tried again by the next persist()
    throw error;
  })).then(({ start }) => {
    const body = start(store, storage, options, key, version, delay, report, changed, StoreError);
    onChange = body.schedule;
    return body;
  });
  const unloaded = (code: "HYDRATION_FAILED" | "PERSIST_FAILED") => (cause: unknown): never => {
    const error = new StoreError(code, `cannot load the code that persists ${key}: ${cause}`, {
      cause,
    });
    report(error);
    throw error;
  };
  const hydrated = started.then((body) => body.hydrated, unloaded("HYDRATION_FAILED"));
  hydrated.catch(noop); // harmless unawaited, as documented
  const flush = (): Promise<void> =>
    started.then((body) => body.flush(), unloaded("PERSIST_FAILED"));
  const close = (): Promise<void> => {
    unsubscribe();
    return flush();
  };
  return { hydrated, flush, close, [Symbol.asyncDispose]: close };
}

const noop = (): void => {};
