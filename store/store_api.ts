/**
 * How a zustand store's state is set: with a partial state (merged) or a
 * function of the state, or with a whole state when `replace` is true. The
 * same type as zustand's own, so stores pass freely between the two.
 */
export type SetState<T> = {
  _(
    partial: T | Partial<T> | { _(state: T): T | Partial<T> }["_"],
    replace?: false,
  ): void;
  _(state: T | { _(state: T): T }["_"], replace: true): void;
}["_"];

/**
 * A zustand vanilla store: `getState`, `setState`, `subscribe`. The same shape
 * as zustand's `StoreApi`, so any zustand store can be given where this is
 * asked for, and every store of this package works with zustand's tools.
 *
 * @typeParam T The state.
 */
export interface StoreApi<T> {
  /** Sets the state and notifies the subscribers. */
  setState: SetState<T>;
  /** The state now. */
  getState: () => T;
  /** The state the store was created with. */
  getInitialState: () => T;
  /**
   * Calls `listener` after every change, with the new and the previous state.
   * Returns a function that ends the subscription.
   */
  subscribe: (listener: (state: T, prevState: T) => void) => () => void;
}
