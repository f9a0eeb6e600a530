/**
 * React hooks for the Atomiton stores (and any zustand store): read a slice
 * of the state through a selector, and re-render only when that slice
 * changes. React is an optional peer dependency: only this entry needs it.
 *
 * @example A component that shows the zoom
 * ```ts ignore
 * import { createSessionStore } from "@atomiton/store";
 * import { useStore } from "@atomiton/store/react";
 *
 * const session = createSessionStore();
 * function Zoom() {
 *   const zoom = useStore(session, (s) => s.zoom); // re-renders when the zoom changes, only
 *   return <button onClick={() => session.getState().setZoom(zoom * 2)}>{zoom}x</button>;
 * }
 * ```
 *
 * @module
 */
// @ts-types="@types/react"
import { useRef, useSyncExternalStore } from "react";
import type { StoreApi } from "./store_api.ts";

interface Selection<S, U> {
  state: S;
  selector: unknown;
  value: U;
}

/**
 * Reads a store in a component through a selector. The component re-renders
 * when the selected value changes, as `isEqual` judges it (default
 * `Object.is`; pass {@linkcode shallow} for a selector that builds a new array
 * or object each time). Works with server rendering.
 *
 * @typeParam S The store's state.
 * @typeParam U What the selector returns.
 * @param store A zustand store.
 * @param selector Picks what the component needs; default: the whole state.
 * @param isEqual Whether two selected values are the same; default `Object.is`.
 * @returns The selected value.
 *
 * @example Select with a shallow comparison
 * ```ts
 * import { createElement } from "react";
 * import { renderToString } from "react-dom/server";
 * import { createBlueprintStore, selectFilteredBlueprints } from "@atomiton/store";
 * import { shallow, useStore } from "@atomiton/store/react";
 * import assert from "node:assert/strict";
 *
 * const store = createBlueprintStore();
 * store.getState().add({ name: "Nightly backup" });
 * function Names(): ReturnType<typeof createElement> {
 *   const names = useStore(store, (s) => selectFilteredBlueprints(s).map((b) => b.name), shallow);
 *   return createElement("p", null, names.join(", "));
 * }
 * assert.equal(renderToString(createElement(Names)), "<p>Nightly backup</p>");
 * ```
 */
export function useStore<S, U = S>(
  store: StoreApi<S>,
  selector: (state: S) => U = (state) => state as unknown as U,
  isEqual: (a: U, b: U) => boolean = Object.is,
): U {
  const last = useRef<Selection<S, U> | undefined>(undefined);
  // One value per state and selector, so React sees a stable snapshot.
  const select = (): U => {
    const state = store.getState();
    const previous = last.current;
    if (previous?.state === state && previous.selector === selector) return previous.value;
    const value = selector(state);
    const kept = previous && isEqual(previous.value, value) ? previous.value : value;
    last.current = { state, selector, value: kept };
    return kept;
  };
  return useSyncExternalStore(store.subscribe, select, select);
}

/**
 * Binds {@linkcode useStore} to one store, for a hook of its own.
 *
 * @typeParam S The store's state.
 * @param store A zustand store.
 * @returns A hook taking a selector and an equality function.
 *
 * @example
 * ```ts
 * import { createElement } from "react";
 * import { renderToString } from "react-dom/server";
 * import { createUIStore } from "@atomiton/store/ui";
 * import { createStoreHook } from "@atomiton/store/react";
 * import assert from "node:assert/strict";
 *
 * using ui = createUIStore({ preferences: { theme: "dark" } });
 * const useUI = createStoreHook(ui);
 * function Theme(): ReturnType<typeof createElement> {
 *   return createElement("p", null, useUI((s) => s.preferences.theme));
 * }
 * assert.equal(renderToString(createElement(Theme)), "<p>dark</p>");
 * ```
 */
export function createStoreHook<S>(
  store: StoreApi<S>,
): <U = S>(selector?: (state: S) => U, isEqual?: (a: U, b: U) => boolean) => U {
  return (selector, isEqual) => useStore(store, selector, isEqual);
}

/**
 * Compares two values one level deep: the same items of arrays and Sets, the
 * same entries of Maps and plain objects, by `Object.is`.
 *
 * @param a One value.
 * @param b The other.
 * @returns Whether they are shallowly equal.
 *
 * @example
 * ```ts
 * import { shallow } from "@atomiton/store/react";
 * import assert from "node:assert/strict";
 *
 * assert.equal(shallow(["a", "b"], ["a", "b"]), true);
 * assert.equal(shallow({ a: 1 }, { a: 1, b: 2 }), false);
 * assert.equal(shallow(new Map([["k", 1]]), new Map([["k", 1]])), true);
 * ```
 */
export function shallow(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (
    typeof a !== "object" || typeof b !== "object" || a === null || b === null ||
    Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)
  ) return false;
  if (a instanceof Set) {
    return a.size === (b as Set<unknown>).size && [...a].every((v) => (b as Set<unknown>).has(v));
  }
  const entries = (x: object): [unknown, unknown][] =>
    x instanceof Map ? [...x] : Object.entries(x);
  const [x, y] = [entries(a), new Map(entries(b))];
  return x.length === y.size && x.every(([k, v]) => y.has(k) && Object.is(v, y.get(k)));
}
