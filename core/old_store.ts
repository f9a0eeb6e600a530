import type { StateUpdater, ZustandStore } from "./store_client.ts";

/**
 * What the four old store classes (`UIStore`, `SessionStore`, `BlueprintStore`,
 * `ExecutionStore`) share: `getState`, `setState(updater)` and `subscribe`, on a
 * zustand store.
 *
 * @deprecated The stores of `@atomiton/store` are zustand stores themselves:
 * `store.getState()`, `store.setState(partial)`, `store.subscribe(listener)`.
 *
 * @example
 * ```ts
 * import { createBlueprintStore, OldStore } from "@atomiton/core";
 * import assert from "node:assert/strict";
 *
 * const blueprints = createBlueprintStore();
 * assert.ok(blueprints instanceof OldStore);
 * const stop = blueprints.subscribe((state) => console.log(state.searchQuery));
 * blueprints.setState((state) => ({ ...state, searchQuery: "report" }));
 * stop();
 * ```
 */
export class OldStore<S> {
  readonly #store: ZustandStore<S>;

  /**
   * Wraps a zustand store.
   *
   * @param store The store, as `storeClient.createZustandStore` makes it.
   */
  constructor(store: ZustandStore<S>) {
    this.#store = store;
  }

  /**
   * The current state.
   *
   * @returns The state.
   */
  getState(): S {
    return this.#store.getState();
  }

  /**
   * Replaces the state with what `updater` returns.
   *
   * @param updater Gets the state, returns the next one.
   */
  setState(updater: StateUpdater<S>): void {
    this.#store.setState(updater);
  }

  /**
   * Calls `callback` with each new state.
   *
   * @param callback Gets the new state.
   * @returns The function that stops it.
   */
  subscribe(callback: (state: S) => void): () => void {
    return this.#store.subscribe((state) => callback(state));
  }
}
