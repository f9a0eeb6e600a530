/**
 * The hostile-input corpus: strings, numbers and shapes that every parser and
 * every map keyed by outside strings is run against (issue 14). A test takes what
 * fits its input (`HOSTILE_KEYS` for names, `HOSTILE_NUMBERS` for sizes and times,
 * `hostileJsonLines()` for log readers) and asserts the result is plain data or a
 * typed error, never a crash, never a polluted prototype.
 *
 * @module
 */
import fc from "fast-check";

/** Names that are valid data but special on a plain object. */
export const PROTOTYPE_KEYS: readonly string[] = [
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "__defineGetter__",
  "isPrototypeOf",
];

/** Names a user, a file or a network can send: prototype keys, control characters, odd Unicode. */
export const HOSTILE_KEYS: readonly string[] = [
  ...PROTOTYPE_KEYS,
  "",
  " ",
  ".",
  "..",
  "../../etc/passwd",
  "a/../../b",
  "\u0000",
  "nul\u0000byte",
  "line\nbreak",
  "\r\n",
  "\t",
  "\u001b[31mred",
  "\u202eevil",
  "\ud800",
  "\udfff",
  "\ufeffbom",
  "💥",
  "x".repeat(10_000),
  "$ref",
  "{{$now}}",
  "*",
  "?",
  "%00",
  "CON",
];

/** Numbers that break arithmetic, dates, timers and headers. */
export const HOSTILE_NUMBERS: readonly number[] = [
  0,
  -0,
  -1,
  0.5,
  1.5,
  1500.5,
  Number.EPSILON,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 53,
  Number.MAX_SAFE_INTEGER,
  Number.MAX_SAFE_INTEGER + 2,
  8.64e15,
  8.64e15 + 1,
  1e21,
  1e300,
  Number.MAX_VALUE,
  Infinity,
  -Infinity,
  NaN,
];

/** A JSON value nested `depth` levels deep, built without recursion. */
export function deeplyNested(depth: number, kind: "array" | "object" = "array"): string {
  const open = kind === "array" ? "[" : '{"a":';
  const close = kind === "array" ? "]" : "}";
  return open.repeat(depth) + "0" + close.repeat(depth);
}

/** Byte sequences that are not valid UTF-8. */
export const INVALID_UTF8: readonly Uint8Array[] = [
  new Uint8Array([0xff]),
  new Uint8Array([0xc3]),
  new Uint8Array([0xe2, 0x82]),
  new Uint8Array([0xed, 0xa0, 0x80]),
  new Uint8Array([0xf8, 0x88, 0x80, 0x80, 0x80]),
  new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0xfe, 0x7d]),
];

/** Lines a JSON Lines reader can meet: truncated, hostile keys, huge numbers, deep nesting. */
export function hostileJsonLines(): string[] {
  const lines = [
    "",
    "   ",
    "{",
    '{"type":"a"',
    "null",
    "[]",
    "42",
    '"text"',
    "{}",
    deeplyNested(100_000),
    deeplyNested(10_000, "object"),
    '{"type":"x","timestamp":1e300}',
    '{"type":"x","timestamp":-1e300}',
    '{"type":"x","timestamp":1.5}',
    '{"type":"x","timestamp":"now"}',
    '{"type":"x","timestamp":null}',
  ];
  for (const key of PROTOTYPE_KEYS) {
    lines.push(JSON.stringify({ type: key, source: key, timestamp: 1000, data: { [key]: 1 } }));
    lines.push(`{"${key}":{"polluted":true},"type":"t","timestamp":1}`);
  }
  return lines;
}

/** A fast-check string arbitrary that mixes plain strings with the hostile keys. */
export function hostileString(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.string(),
    fc.constantFrom(...HOSTILE_KEYS),
    fc.string({ unit: "grapheme-composite" }),
    fc.string({ unit: "binary" }),
  );
}

/** A fast-check number arbitrary that mixes ordinary values with the hostile numbers. */
export function hostileNumber(): fc.Arbitrary<number> {
  return fc.oneof(fc.double(), fc.integer(), fc.constantFrom(...HOSTILE_NUMBERS));
}

/** Throws when anything was written to `Object.prototype` (a polluted process). */
export function assertPrototypeClean(): void {
  const polluted = Object.getOwnPropertyNames(Object.prototype).filter((name) =>
    !BUILTIN_OBJECT_PROTOTYPE.has(name)
  );
  if (polluted.length > 0 || Object.getPrototypeOf(Object.prototype) !== null) {
    throw new Error(`Object.prototype was written to: ${polluted.join(", ")}`);
  }
  for (const name of ["count", "last", "first", "polluted"]) {
    if (name in {}) throw new Error(`every object now has "${name}"`);
    if (Object.hasOwn(Object, name)) throw new Error(`Object.${name} was written to`);
  }
}

const BUILTIN_OBJECT_PROTOTYPE = new Set(Object.getOwnPropertyNames(Object.prototype));
