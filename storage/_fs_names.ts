// How keys map to file names, reversibly and safely by construction:
//
// - A key's UTF-8 bytes are written with `a`-`z`, `0`-`9` and `-` as they are and
//   every other byte as `_` and two lower-case hex digits ("User:1" -> "_55ser_3a1").
//   The result has no upper case (no twins on case-insensitive file systems), no
//   separator, no dot (no "..", no trailing dot) and no character any OS forbids.
// - A file is "+" and that text: no name starts with a reserved Windows device
//   name (CON, NUL, ...) or a dot, and none is empty.
// - Text longer than 200 characters is cut into 200-character pieces; all but
//   the last become folders named "=" and the piece, so no name exceeds 201 bytes.
// - Temporary files are ".<random>.tmp": no key ever maps to one.
// - An empty file "~" and the text beside "+" and the text marks a value with an
//   expiry, so listing opens only the files that can expire (see file_system_client.ts).

/** Characters of encoded text per file or folder name. */
export const CHUNK = 200;

const HEX = "0123456789abcdef";
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }); // a key may start with U+FEFF

function plain(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d;
}

/** The encoded text of a key (or a prefix). */
export function encodeKey(key: string): string {
  let out = "";
  let i = 0;
  for (; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (plain(c)) out += key[i];
    else if (c < 0x80) out += "_" + HEX[c >> 4] + HEX[c & 15];
    else break;
  }
  if (i === key.length) return out;
  // Past the first non-ASCII character, work on UTF-8 bytes.
  for (const byte of encoder.encode(key.slice(i))) {
    out += plain(byte) ? String.fromCharCode(byte) : "_" + HEX[byte >> 4] + HEX[byte & 15];
  }
  return out;
}

/** The key an encoded text stands for; undefined when it is not the canonical encoding of one. */
export function decodeKey(text: string): string | undefined {
  const bytes = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x5f) {
      bytes[n++] = c;
      continue;
    }
    const byte = parseInt(text.slice(i + 1, i + 3), 16);
    if (!(byte >= 0) || text.length < i + 3) return undefined;
    bytes[n++] = byte;
    i += 2;
  }
  let key: string;
  try {
    key = decoder.decode(bytes.subarray(0, n));
  } catch {
    return undefined;
  }
  // Only our own spelling counts: "_61" for "a", upper-case hex or stray files are not keys.
  return key !== "" && encodeKey(key) === text ? key : undefined;
}

/** The path of a key's file below the store's folder, as folder names and a file name. */
export function namesOf(key: string): string[] {
  const text = encodeKey(key);
  const names: string[] = [];
  let at = 0;
  for (; text.length - at > CHUNK; at += CHUNK) names.push("=" + text.slice(at, at + CHUNK));
  names.push("+" + text.slice(at));
  return names;
}

/** True for the name of a temporary file this package writes. */
export function isTemporary(name: string): boolean {
  return name.charCodeAt(0) === 0x2e && name.endsWith(".tmp");
}
