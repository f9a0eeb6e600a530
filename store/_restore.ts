import { fail } from "./_lazy_fail.ts";

// "Map", "Array", "Object", "String", ...: one name per kind of value (null and undefined are one).
const kind = (value: unknown): string =>
  // deno-lint-ignore eqeqeq -- null and undefined alike
  value == null ? "null" : Object.prototype.toString.call(value).slice(8, -1);

/**
 * `old` (the store's state, or a field of it) with `value` (read from storage)
 * in its place: of the same kind, or any kind when `old` is null or undefined,
 * or null or undefined in place of a string, number, boolean or bigint. Plain
 * objects merge, so a field added to the defaults survives older stored state;
 * at the top only the store's own fields are taken, and keys stay plain data.
 *
 * @throws {StoreError} `HYDRATION_FAILED` naming the first field that does not fit.
 */
export const restore = (old: unknown, value: unknown, path = "state", top = true): unknown => {
  const want = kind(old);
  if (
    typeof value === "function" ||
    // deno-lint-ignore eqeqeq -- null and undefined alike
    !(want === kind(value) || want === "null" || (value == null && typeof old !== "object"))
  ) {
    fail("HYDRATION_FAILED", `${path} must be ${want}, got ${kind(value)}`);
  }
  if (want !== "Object") return value;
  const merged = Object.fromEntries([
    ...Object.entries(old as object),
    ...Object.entries(value as object).map(([k, v]) => {
      const has = Object.hasOwn(old as object, k);
      if (top && !has) fail("HYDRATION_FAILED", `${path} has no field ${k}`);
      return [k, has ? restore((old as Record<string, unknown>)[k], v, `${path}.${k}`, false) : v];
    }),
  ]);
  return Object.getPrototypeOf(old) ? merged : Object.assign(Object.create(null), merged);
};
