import type { StateUpdater, ZustandStore } from "./store_client.ts";

/** What the four old store classes share: a zustand store behind getState/setState/subscribe. */
export class OldStore<S> {
  readonly #store: ZustandStore<S>;

  /** Wraps a zustand store. */
  constructor(store: ZustandStore<S>) {
    this.#store = store;
  }

  /** The current state. */
  getState(): S {
    return this.#store.getState();
  }

  /** Replaces the state with what `updater` returns. */
  setState(updater: StateUpdater<S>): void {
    this.#store.setState(updater);
  }

  /** Calls `callback` with each new state; returns the unsubscribe function. */
  subscribe(callback: (state: S) => void): () => void {
    return this.#store.subscribe((state) => callback(state));
  }
}

let last = 0;
let seq = 0;

/** An id unique in this process even within one millisecond (the old `${prefix}-${Date.now()}` collided). */
export function uniqueId(prefix: string): string {
  const now = Date.now();
  seq = now === last ? seq + 1 : 0;
  last = now;
  return seq === 0 ? `${prefix}-${now}` : `${prefix}-${now}-${seq}`;
}
