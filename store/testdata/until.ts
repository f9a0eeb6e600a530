// Waits for a store to reach a state, without timers: checked now and on each change.
import type { StoreApi } from "zustand/vanilla";

export function until<S>(store: StoreApi<S>, predicate: (state: S) => boolean): Promise<S> {
  return new Promise((resolve) => {
    if (predicate(store.getState())) return resolve(store.getState());
    const off = store.subscribe((state) => {
      if (predicate(state)) {
        off();
        resolve(state);
      }
    });
  });
}
