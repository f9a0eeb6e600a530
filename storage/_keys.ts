import { InvalidKeyError } from "./invalid_key_error.ts";

/** The number of bytes `text` takes in UTF-8 (a lone surrogate counts as 3, as U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) continue;
    bytes += c < 0x800 ? 1 : 2;
    // A surrogate pair is 2 units and 4 bytes: skip its second half.
    if (c >> 10 === 0x36 && text.charCodeAt(i + 1) >> 10 === 0x37) i++;
  }
  return bytes;
}

/**
 * Returns `key` when it is a string of 1 to 1,024 UTF-8 bytes without NUL or
 * lone surrogates (a prefix may also be empty); throws `InvalidKeyError` saying why otherwise.
 */
export function checkKey(key: string, prefix?: boolean): string {
  // Up to 341 UTF-16 units cannot exceed 1,024 bytes (3 bytes per unit at most).
  if (
    typeof key === "string" && (key || prefix) && (key.length < 342 || utf8Length(key) < 1025) &&
    !key.includes("\0") && key.isWellFormed()
  ) return key;
  const why = typeof key !== "string"
    ? `got ${key === null ? "null" : typeof key}`
    : !key
    ? "it is empty"
    : key.includes("\0")
    ? `it has NUL at index ${key.indexOf("\0")}`
    : key.isWellFormed()
    ? `it is ${utf8Length(key)} UTF-8 bytes`
    : "it has a lone surrogate";
  throw new InvalidKeyError(
    key,
    `Invalid ${prefix ? "prefix" : "key"} ${
      JSON.stringify(key)?.slice(0, 40)
    }: ${why}; a key is a string of 1 to 1,024 UTF-8 bytes without NUL or lone surrogates.`,
  );
}

/** Checks a listing prefix, which may be empty or left out. */
export function checkPrefix(prefix: string | undefined): string {
  return prefix === undefined ? "" : checkKey(prefix, true);
}

/** Checks every key of a batch before any is used. */
export function checkKeys(keys: readonly string[]): readonly string[] {
  for (const key of keys) checkKey(key);
  return keys;
}
