// The stored file of a FileSystemClient: one header line, "J" (JSON text) or "B" (raw
// bytes), then the expiry time in whole milliseconds since the epoch if any, then the value.

/** The tag of a record holding JSON text. */
export const JSON_TAG = 0x4a; // "J"
/** The tag of a record holding raw bytes. */
export const BYTES_TAG = 0x42; // "B"
/** Bytes enough for any header: a tag, 16 digits (up to 8.64e15) and a newline. */
export const HEAD = 24;

/** A header's tag, expiry (0 for never) and where the value starts; undefined when malformed. */
export function parseHeader(
  data: Uint8Array,
): [tag: number, expires: number, start: number] | undefined {
  const tag = data[0];
  if (tag !== JSON_TAG && tag !== BYTES_TAG) return undefined;
  let expires = 0;
  for (let i = 1; i < data.length && i < HEAD; i++) {
    const c = data[i]!;
    if (c === 0x0a) return [tag, expires, i + 1];
    if (c < 0x30 || c > 0x39) return undefined;
    expires = expires * 10 + c - 0x30;
  }
  return undefined;
}

/** The file for an encoded value (JSON text or bytes) expiring at `expires` (whole ms, 0 for never). */
export function record(encoded: string | Uint8Array, expires: number): string | Uint8Array {
  const line = expires ? `${expires}\n` : "\n";
  if (typeof encoded === "string") return "J" + line + encoded;
  const out = new Uint8Array(line.length + 1 + encoded.length);
  out[0] = BYTES_TAG;
  for (let i = 0; i < line.length; i++) out[i + 1] = line.charCodeAt(i);
  out.set(encoded, line.length + 1);
  return out;
}
