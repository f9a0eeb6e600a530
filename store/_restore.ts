import { fail, show } from "./_common.ts";

type Fields = Record<string, unknown>;

// "Map", "Array", "Object", "String", ...: one name per kind of value (null and undefined are one).
const kind = (value: unknown): string =>
  value === null || value === undefined
    ? "null"
    : Object.prototype.toString.call(value).slice(8, -1);
const PLAIN = "Object";

// Fields that may be empty: any value fits a null one; null fits a primitive one (an optional string).
const fits = (want: string, got: string): boolean =>
  want === got || want === "null" ||
  (got === "null" && /^(?:String|Number|Boolean|BigInt)$/.test(want));

/** A stored value in place of `old`, of its kind; plain objects merged. */
const fit = (old: unknown, value: unknown, path: string): unknown => {
  const want = kind(old);
  if (typeof value === "function" || !fits(want, kind(value))) {
    fail("HYDRATION_FAILED", `${path} must be ${want}, got ${kind(value)}`);
  }
  if (want !== PLAIN) return value;
  // A field added to the defaults survives older stored state; stored keys stay plain data.
  const merged = Object.fromEntries([
    ...Object.entries(old as object),
    ...Object.entries(value as object).map(([k, v]) => {
      return [k, Object.hasOwn(old as object, k) ? fit((old as Fields)[k], v, `${path}.${k}`) : v];
    }),
  ]);
  return Object.getPrototypeOf(old) === null ? Object.assign(Object.create(null), merged) : merged;
};

/**
 * The part of `state` (read from storage) that may replace fields of `current`:
 * only fields `current` has that are not actions, each of the kind it has now.
 *
 * @throws {StoreError} `HYDRATION_FAILED` naming the first field that does not fit.
 */
export const restore = (current: Fields, state: unknown): Fields => {
  if (kind(state) !== PLAIN) {
    fail("HYDRATION_FAILED", `state must be an object, got ${kind(state)}`);
  }
  return Object.fromEntries(
    Object.entries(state as Fields).map(([k, value]) => {
      if (!Object.hasOwn(current, k) || typeof current[k] === "function") {
        fail("HYDRATION_FAILED", `the store has no field ${show(k)} to restore`);
      }
      return [k, fit(current[k], value, k)];
    }),
  );
};
