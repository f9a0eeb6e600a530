import { InvalidValueError } from "./invalid_value_error.ts";
import { checkKey, utf8Length } from "./_keys.ts";
import { StorageError } from "./storage_error.ts";
import type { SetOptions, StorageStat, StorageValue } from "./storage_client.ts";

/**
 * A value as stored: JSON text, or a private copy of the bytes. Serializing
 * once at `set` checks the value, isolates it from the caller and sizes it.
 */
export type Encoded = string | Uint8Array;

/** True for a `Uint8Array` (a Node `Buffer` too) from any realm. */
export function isBytes(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && (value as Uint8Array)[Symbol.toStringTag] === "Uint8Array");
}

// Thrown inside the check with the path of the bad part, outermost segment first.
class Bad {
  constructor(readonly what: string, readonly path: string[] = []) {}
}

function bad(value: unknown): Bad {
  return new Bad(
    typeof value === "object"
      ? `a ${value!.constructor?.name ?? "non-plain object"}`
      : typeof value === "number"
      ? String(value)
      : typeof value,
  );
}

function check(value: unknown, depth: number): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number" ? value - value !== 0 : typeof value !== "object") throw bad(value);
  if (typeof value !== "object") return;
  if (depth > 1000) throw new Bad("nesting deeper than 1000 levels (a cycle?)");
  const array = Array.isArray(value);
  const proto = Object.getPrototypeOf(value);
  if (!array && proto !== Object.prototype && proto !== null) throw bad(value);
  // An array's keys include its holes, which read as undefined and are refused.
  for (const key of array ? value.keys() : Object.keys(value)) {
    try {
      check((value as Record<string, unknown>)[key], depth + 1);
    } catch (error) {
      if (error instanceof Bad) {
        error.path.unshift(
          array
            ? `[${key}]`
            : /^[A-Za-z_$][\w$]*$/.test(key as string)
            ? `.${key}`
            : `[${JSON.stringify(key)}]`,
        );
      }
      throw error;
    }
  }
}

/** Checks and serializes a value; throws `InvalidValueError` for anything but JSON and bytes. */
export function encode(value: StorageValue): Encoded {
  if (typeof value === "string") return JSON.stringify(value);
  if (isBytes(value)) return new Uint8Array(value);
  try {
    check(value, 0);
  } catch (error) {
    if (!(error instanceof Bad)) throw error;
    const path = "$" + error.path.join("");
    throw new InvalidValueError(
      path,
      `Cannot store ${error.what} at ${path}: a value is JSON (null, a boolean, a finite number, a string, an array or a plain object) or a Uint8Array.`,
    );
  }
  return JSON.stringify(value);
}

/** What `stat` reports for a value stored as `encoded`, written at `modified`, expiring at `expires` (0 for never). */
export function statOf(encoded: Encoded, modified: number, expires: number): StorageStat {
  const size = sizeOf(encoded);
  return expires ? { size, modified, expires } : { size, modified };
}

/** A fresh copy of a stored value. */
export function decode(encoded: Encoded): StorageValue {
  return typeof encoded === "string" ? JSON.parse(encoded) : encoded.slice();
}

/** The size in bytes of a stored value. */
export function sizeOf(encoded: Encoded): number {
  return typeof encoded === "string" ? utf8Length(encoded) : encoded.byteLength;
}

/** The largest time a `Date` can hold (ms since the epoch): no store keeps an expiry past it. */
export const MAX_EXPIRY = 8.64e15;

/**
 * The expiry time, whole milliseconds since the epoch, for `options.ttl` (rounded
 * up to a whole millisecond), or 0 for never. Every backend takes its ttl rule from
 * here, so a value one store accepts another can keep (and `migrate()` can carry).
 * Throws `INVALID_OPTION` for a ttl that is not a number above 0 or ends past `MAX_EXPIRY`.
 */
export function expiryOf(options: SetOptions | undefined, now: number = Date.now()): number {
  const ttl = options?.ttl;
  if (ttl === undefined || ttl === Infinity) return 0;
  const expires = typeof ttl === "number" ? now + Math.ceil(ttl) : NaN;
  if (!(ttl as number > 0) || !(expires <= MAX_EXPIRY)) {
    throw new StorageError(
      "INVALID_OPTION",
      `Invalid ttl ${String(ttl)}: expected milliseconds above 0 (rounded up to whole ` +
        `milliseconds) ending by the largest date, ${MAX_EXPIRY} ms since the epoch ` +
        `(at most ${MAX_EXPIRY - now} ms from now), or Infinity for no expiry.`,
    );
  }
  return expires;
}

/** Checks and serializes every entry of a batch before any is written. */
export function encodeAll(
  entries: readonly (readonly [string, StorageValue])[],
): [string, Encoded][] {
  return entries.map(([key, value]) => [checkKey(key), encode(value)]);
}
