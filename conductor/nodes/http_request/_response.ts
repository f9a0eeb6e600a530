const TEXTUAL = /^text\/|[/+](json|xml)\b|javascript|x-www-form-urlencoded/i;
const JSON_TYPE = /[/+]json\b/i;

/** The response's headers as a null-prototype record (names lower-case, as fetch gives them). */
export function headersRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = Object.create(null);
  headers.forEach((value, name) => {
    record[name] = value;
  });
  return record;
}

/**
 * The response's body: parsed JSON when the content type says JSON (its text
 * when it does not parse), text for textual types and for UTF-8 without a
 * type, else base64 (as the platform gives binary bodies).
 */
export async function readBody(response: Response): Promise<unknown> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  const type = response.headers.get("content-type") ?? "";
  if (type === "") {
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      return base64(bytes);
    }
  }
  if (!TEXTUAL.test(type)) return base64(bytes);
  const text = new TextDecoder().decode(bytes);
  if (!JSON_TYPE.test(type) || text.trim() === "") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function base64(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary);
}
