import { StoreError, type StoreErrorCode } from "./store_error.ts";

// One import of zustand for every store, so a bundle carries one import statement, not four.
export { createStore } from "zustand/vanilla";

/** Throws a {@linkcode StoreError}; typed `never` so it fits in expressions. */
export const fail = (code: StoreErrorCode, message: string): never => {
  throw new StoreError(code, message);
};

/** A value for a message: strings quoted, everything else as `String` gives it. */
export const show = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(value) : String(value);

/** Throws `INVALID_OPTION`, saying what `name` must be and what it was. */
const bad = (name: string, expected: string, value: unknown): never =>
  fail("INVALID_OPTION", `${name} must be ${expected}, got ${show(value)}`);

/** Returns `value` when it is a number from `min` to `max`; else throws `INVALID_OPTION`. */
export const num = (name: string, value: unknown, min = 0, max = Infinity): number =>
  (value as number) >= min && (value as number) <= max
    ? value as number
    : bad(name, `a number from ${min} to ${max}`, value);

/** Returns `value` when it is a whole number of `min` or more; else throws `INVALID_OPTION`. */
export const int = (name: string, value: unknown, min: number): number =>
  Number.isInteger(value) && (value as number) >= min
    ? value as number
    : bad(name, `a whole number of ${min} or more`, value);

/** Returns `value` when it is a non-empty string; else throws `INVALID_OPTION`. */
export const str = (name: string, value: unknown): string =>
  typeof value === "string" && value ? value : bad(name, "a non-empty string", value);

/** Returns `value` when it is one of `allowed`; else throws `INVALID_OPTION`. */
export const oneOf = <T>(name: string, value: T, allowed: readonly T[]): T =>
  allowed.includes(value) ? value : bad(name, allowed.join(" or "), value);

/** Throws `NOT_FOUND` for an id that names no `kind` in the store. */
export const missing = (kind: string, id: unknown): never =>
  fail("NOT_FOUND", `no ${kind} ${show(id)}`);

/** A short id, unique enough for one app's jobs, blueprints and notifications. */
export const newId = (): string => Date.now().toString(36) + Math.random().toString(36).slice(2, 8);

/** A copy of `map` with `key` set to `value`, or removed when `value` is undefined. */
export const put = <K, V>(map: ReadonlyMap<K, V>, key: K, value?: V): Map<K, V> => {
  const copy = new Map(map);
  value === undefined ? copy.delete(key) : copy.set(key, value);
  return copy;
};

/**
 * Caches a selector on the identity of the inputs `pick` returns, so that it
 * returns the same array until one of them changes (React needs stable results).
 */
export const memo = <S, R>(
  pick: (state: S) => unknown[],
  select: (state: S) => R,
): (state: S) => R => {
  let last: unknown[] = [];
  let result: R;
  return (state: S): R => {
    const inputs = pick(state);
    if (inputs.some((input, i) => input !== last[i])) {
      last = inputs;
      result = select(state);
    }
    return result;
  };
};

/** The keys whose values differ between two states, functions (actions) left out. */
export const changedKeys = <S>(state: S, previous: S): (keyof S & string)[] =>
  (Object.keys(state as object) as (keyof S & string)[]).filter((key) =>
    state[key] !== previous[key] && typeof state[key] !== "function"
  );
