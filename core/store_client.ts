import { createStore } from "zustand/vanilla";
import { persist } from "@atomiton/store/persist";
import type { StorageClient } from "@atomiton/storage";
import { deprecated, quietly } from "./_deprecation.ts";
import { lazyInstance } from "./_lazy.ts";
import { ClientFactory } from "./client_factory.ts";

/**
 * A function from a state to the next.
 *
 * @deprecated Use `(state: T) => Partial<T>`, as zustand's `setState` takes.
 *
 * @example
 * ```ts
 * import type { StateUpdater } from "@atomiton/core";
 *
 * const increment: StateUpdater<{ count: number }> = (state) => ({ count: state.count + 1 });
 * console.log(increment({ count: 1 }));
 * ```
 */
export type StateUpdater<T> = (state: T) => T;

/**
 * State as it was stored.
 *
 * @deprecated Use `Partial<S>` of the store's state, with `persist()`.
 *
 * @example
 * ```ts
 * import type { PersistedData } from "@atomiton/core";
 *
 * const persisted: PersistedData = { theme: "dark" };
 * console.log(persisted.theme);
 * ```
 */
export interface PersistedData {
  /** A persisted field. */
  [key: string]: unknown;
}

/**
 * How `createZustandStore` makes a store.
 *
 * @deprecated Use `PersistOptions` from `@atomiton/store/persist`.
 *
 * @example
 * ```ts
 * import { storeClient, type StoreConfig } from "@atomiton/core";
 *
 * const config: StoreConfig<{ count: number }> = { initialState: { count: 0 } };
 * console.log(storeClient.createZustandStore(config).getState().count);
 * ```
 */
export interface StoreConfig<T> {
  /** The state to start from. */
  initialState: T;
  /** Whether to persist the store (after `storeClient.initialize()`). */
  persist?: boolean;
  /** The storage key, under `store:`. */
  persistKey?: string;
  /** Milliseconds to wait after a change before writing. */
  persistDebounce?: number;
  /** The part of the state to persist. */
  persistFilter?: (state: T) => Partial<T>;
  /** Turns what was read back into state. */
  hydrateTransform?: (persisted: PersistedData) => T;
}

/**
 * A zustand store.
 *
 * @deprecated Use `StoreApi` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { storeClient, type ZustandStore } from "@atomiton/core";
 *
 * const store: ZustandStore<{ count: number }> = storeClient.createZustandStore({
 *   initialState: { count: 0 },
 * });
 * store.setState({ count: 1 });
 * ```
 */
export type ZustandStore<T> = {
  getState: () => T;
  setState: (updater: StateUpdater<T> | Partial<T>, shouldReplace?: boolean) => void;
  subscribe: (callback: (state: T, prevState: T) => void) => () => void;
};

/**
 * The old store foundation: makes zustand stores and persists them through a
 * storage client (as `store:<persistKey>`, with Maps, Sets and Dates kept).
 *
 * @deprecated Create stores with `@atomiton/store` and persist them with
 * `persist(store, storage, { key })` from `@atomiton/store/persist`.
 *
 * @example
 * ```ts
 * import { MemoryClient, StoreClient } from "@atomiton/core";
 *
 * const client = StoreClient.getInstance();
 * await client.initialize(new MemoryClient());
 * const counter = client.createZustandStore({ initialState: { count: 0 } });
 * counter.setState((s) => ({ count: s.count + 1 }));
 * ```
 */
export class StoreClient {
  static #instance: StoreClient | undefined;
  #storage: StorageClient | null = null;
  #closers: Array<() => Promise<void>> = [];

  private constructor() {}

  /**
   * The one instance.
   *
   * @returns The StoreClient.
   */
  static getInstance(): StoreClient {
    deprecated("StoreClient", "persist(store, storage, { key }) from @atomiton/store/persist");
    return StoreClient.#instance ??= new StoreClient();
  }

  /**
   * Opens the platform's storage client (or the one given), once.
   *
   * @param storage The client to persist to; default: `ClientFactory`'s for this platform.
   */
  // deno-lint-ignore require-await -- async, so that a failing factory rejects as the old one did
  async initialize(storage?: StorageClient): Promise<void> {
    if (this.#storage) return;
    this.#storage = storage ?? quietly(() => ClientFactory.createStorageClient());
  }

  /**
   * Makes a store; with `persist` and `persistKey` (after `initialize()`), it is persisted.
   *
   * @param config The initial state and the persistence.
   * @returns The store.
   */
  createZustandStore<T extends object>(config: StoreConfig<T>): ZustandStore<T> {
    const store = createStore<T>()(() => config.initialState);
    if (config.persist && config.persistKey && this.#storage) {
      const persistence = persist(store, this.#storage, {
        key: `store:${config.persistKey}`,
        debounce: config.persistDebounce ?? 100,
        ...(config.persistFilter ? { partialize: config.persistFilter } : {}),
      });
      this.#closers.push(() => persistence.close());
    }
    return store as ZustandStore<T>;
  }

  /**
   * Writes a store's state now.
   *
   * @param store The store.
   * @param config Its configuration.
   */
  async persistStoreState<T extends object>(
    store: ZustandStore<T>,
    config: StoreConfig<T>,
  ): Promise<void> {
    if (!this.#storage || !config.persist || !config.persistKey) return;
    const state = config.persistFilter ? config.persistFilter(store.getState()) : store.getState();
    const temporary = createStore<Partial<T>>()(() => ({}));
    const persistence = persist(temporary, this.#storage, {
      key: `store:${config.persistKey}`,
      debounce: 0,
    });
    await persistence.hydrated.catch(() => {});
    temporary.setState(state, true);
    await persistence.close();
  }

  /**
   * Whether `initialize()` ran.
   *
   * @returns `true` once initialised.
   */
  isInitialized(): boolean {
    return this.#storage !== null;
  }

  /**
   * The storage client, or `null` before `initialize()`.
   *
   * @returns The client.
   */
  getStorageClient(): StorageClient | null {
    return this.#storage;
  }

  /** Writes what is pending and forgets the storage client. */
  async cleanup(): Promise<void> {
    await Promise.all(this.#closers.splice(0).map((close) => close()));
    this.#storage = null;
  }
}

/**
 * The old StoreClient instance, made on first use.
 *
 * @deprecated Persist each store with `persist()` from `@atomiton/store/persist`.
 *
 * @example
 * ```ts
 * import { storeClient } from "@atomiton/core";
 *
 * console.log(storeClient.isInitialized());
 * ```
 */
export const storeClient: StoreClient = lazyInstance(
  "storeClient",
  "persist(store, storage, { key }) from @atomiton/store/persist",
  () => quietly(() => StoreClient.getInstance()),
);
