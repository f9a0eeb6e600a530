// Keys meant to break a backend: path tricks of every OS, reserved names, NUL,
// lone surrogates, case and normalization twins, and keys at and over the byte limit.

/** Valid keys that have broken key-to-file-name schemes before. */
export const TRICKY_KEYS: readonly string[] = [
  "_",
  "__",
  "a_b",
  "_5f",
  "a",
  "A",
  "Key",
  "key",
  "KEY",
  "é",
  "e\u0301",
  "É",
  "日本語",
  "😀",
  "a/b",
  "a\\b",
  "/",
  "\\",
  ".",
  "..",
  "...",
  "../../atomiton-storage-escape",
  "..\\..\\windows",
  "/tmp/atomiton-storage-escape",
  "C:\\Windows\\win.ini",
  "C:",
  "\\\\server\\share",
  "CON",
  "con",
  "nul.txt",
  "COM1",
  "lpt9.log",
  "AUX",
  "a:b",
  'a*b?c"d<e>f|g',
  " leading",
  "trailing ",
  "trailing.",
  "%2e%2e%2f",
  "+",
  "=",
  "-",
  "~",
  ".tmp",
  "\n\t\r",
  "\u007f",
  "\u200b",
  "\ufeffbom",
  "\uffff",
  "\ud7ff",
  "x".repeat(1024),
  "é".repeat(512),
  "😀".repeat(256),
  "a".repeat(200),
  "a".repeat(201),
  "a".repeat(400),
  "a".repeat(401),
];

/** Invalid keys with what `InvalidKeyError`'s message must mention. */
export const INVALID_KEYS: readonly (readonly [unknown, RegExp])[] = [
  ["", /empty/],
  ["\0", /NUL/],
  ["a\0b", /NUL at index 1/],
  ["\ud800", /lone surrogate/],
  ["a\udc00b", /lone surrogate/],
  ["😀\ud83d", /lone surrogate/],
  ["x".repeat(1025), /1025 UTF-8 bytes/],
  ["é".repeat(513), /1026 UTF-8 bytes/],
  ["😀".repeat(257), /1028 UTF-8 bytes/],
  [42, /got number/],
  [null, /got null/],
  [undefined, /got undefined/],
  [{}, /got object/],
];

// A small, seeded generator, so a failure can be replayed.
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  "..",
  ".",
  "/",
  "\\",
  "\0",
  ":",
  "CON",
  "nul",
  "COM1",
  "LPT1",
  "aux.",
  "~",
  "_",
  "%",
  "*",
  "?",
  "<",
  ">",
  "|",
  '"',
  " ",
  "\t",
  "\n",
  "é",
  "e\u0301",
  "İ",
  "ß",
  "ﬁ",
  "Ω",
  "Ω",
  "😀",
  "\ud800",
  "\udfff",
  "\u202e",
  "\ufeff",
  "a",
  "Z",
  "0",
  "-",
  "+",
  "=",
  "../",
  "..\\",
  "/tmp/atomiton-storage-escape",
  "C:\\",
  "\\\\?\\",
  "file:",
];

/**
 * Generates `count` hostile keys from `seed`: random runs of path pieces, OS
 * separators, reserved names, Unicode twins, NUL and lone surrogates, some
 * padded past 1,024 bytes. Some are valid and some are not.
 */
export function hostileKeys(count: number, seed = 1): string[] {
  const next = random(seed);
  const keys: string[] = [];
  for (let i = 0; i < count; i++) {
    let key = "";
    const parts = 1 + Math.floor(next() * 8);
    for (let p = 0; p < parts; p++) key += PIECES[Math.floor(next() * PIECES.length)];
    const roll = next();
    if (roll < 0.05) key = "";
    else if (roll < 0.15) key = key.padEnd(1000 + Math.floor(next() * 60), key || "x");
    else if (roll < 0.2) key = "/" + key;
    else if (roll < 0.25) key = "C:\\" + key;
    keys.push(key);
  }
  return keys;
}
