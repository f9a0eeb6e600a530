import type { JsonValue } from "@atomiton/storage";
import { fail } from "./_lazy_fail.ts";

// Tagged objects `{ $t, v }` carry what JSON cannot; a plain object that has its own `$t` is tagged "O".
type Tagged = { $t: string; v?: JsonValue };

const entries = (o: object, map: (value: unknown, key: string) => JsonValue): JsonValue =>
  Object.fromEntries(
    Object.entries(o).filter(([, v]) => typeof v !== "function").map(([k, v]) => [k, map(v, k)]),
  );

/**
 * Turns state into JSON: Maps, Sets, Dates, `Uint8Array`s, `undefined`,
 * non-finite numbers and bigints become tagged objects; functions (actions)
 * in objects are left out. Anything else fails with `INVALID_VALUE`.
 */
export const encode = (value: unknown, path = "$"): JsonValue => {
  const to = (v: unknown, key: unknown): JsonValue => encode(v, `${path}.${String(key)}`);
  const tag = ($t: string, v?: JsonValue): Tagged => v === undefined ? { $t } : { $t, v };
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return isFinite(value) ? value : tag("n", String(value));
  if (typeof value === "bigint") return tag("b", String(value));
  if (value === undefined) return tag("u");
  if (value instanceof Date) return tag("D", to(value.getTime(), "time"));
  if (value instanceof Map) return tag("M", [...value].map(([k, v], i) => [to(k, i), to(v, k)]));
  if (value instanceof Set) return tag("S", [...value].map(to));
  if (value instanceof Uint8Array) {
    let text = "";
    for (const byte of value) text += String.fromCharCode(byte);
    return tag("U", btoa(text));
  }
  if (Array.isArray(value)) return Array.from(value, to);
  const proto = typeof value === "object" && Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    const json = entries(value as object, to);
    return Object.hasOwn(value as object, "$t") ? tag("O", json) : json;
  }
  return fail(
    "INVALID_VALUE",
    `cannot persist ${
      (value as object)?.constructor?.name ?? typeof value
    } at ${path}: use JSON, Map, Set, Date or Uint8Array`,
  );
};

/** Turns what {@linkcode encode} wrote back into state; throws on a tag it did not write. */
export const decode = (json: unknown): unknown => {
  if (Array.isArray(json)) return json.map(decode);
  if (json === null || typeof json !== "object") return json;
  const { $t, v } = json as Tagged;
  const list = v as JsonValue[];
  return $t === undefined
    ? entries(json, decode as (v: unknown) => JsonValue)
    : $t === "O"
    ? entries(v as object, decode as (v: unknown) => JsonValue)
    : $t === "u"
    ? undefined
    : $t === "n"
    ? Number(v)
    : $t === "b"
    ? BigInt(v as string)
    : $t === "D"
    ? new Date(decode(v) as number)
    : $t === "M"
    ? new Map(list.map((e) => (e as JsonValue[]).map(decode) as [unknown, unknown]))
    : $t === "S"
    ? new Set(list.map(decode))
    : $t === "U"
    ? Uint8Array.from(atob(v as string), (c) => c.charCodeAt(0))
    : fail("HYDRATION_FAILED", `unknown tag ${$t}`);
};
