import { ConductorError } from "../../conductor_error.ts";

/** What a parameter set says is wrong for a request, or `undefined` (used by the spec's check and the task). */
export function requestProblem(parameters: Readonly<Record<string, unknown>>): string | undefined {
  if (parameters.validateSSL === false) {
    return '"validateSSL": false is not supported (fetch always checks certificates); ' +
      "trust the server's certificate instead (DENO_CERT, NODE_EXTRA_CA_CERTS)";
  }
  const method = parameters.method ?? "GET";
  if (method === "GET" && parameters.body !== undefined && parameters.body !== "") {
    return '"body" is not allowed with GET: use POST, PUT or DELETE';
  }
  const url = parameters.url;
  if (url !== undefined && (typeof url !== "string" || !isHttpUrl(url))) {
    return `"url" must be an http: or https: URL, got ${JSON.stringify(url) ?? typeof url}`;
  }
  return undefined;
}

function isHttpUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const { protocol } = new URL(url);
  return protocol === "http:" || protocol === "https:";
}

/** The request's headers: a record (or JSON text of one) of names to text. */
export function headersOf(value: unknown): Headers {
  let record = value ?? {};
  if (typeof record === "string") {
    try {
      record = JSON.parse(record);
    } catch {
      throw invalid(
        `"headers" must be an object of names to text (or JSON of one), got text that is not JSON`,
      );
    }
  }
  if (typeof record !== "object" || record === null || Array.isArray(record)) {
    throw invalid(`"headers" must be an object of names to text, got ${JSON.stringify(record)}`);
  }
  const headers = new Headers();
  for (const [name, text] of Object.entries(record)) {
    if (typeof text !== "string" && typeof text !== "number" && typeof text !== "boolean") {
      throw invalid(`header ${JSON.stringify(name)} must be text, got ${typeof text}`);
    }
    try {
      headers.append(name, String(text));
    } catch {
      throw invalid(
        `header ${JSON.stringify(name)}: ${
          JSON.stringify(text)
        } is not a valid header name and value`,
      );
    }
  }
  return headers;
}

/** The body to send: JSON (an object, or text that is a JSON object or array) gets `application/json`. */
export function bodyOf(value: unknown, headers: Headers): BodyInit | null {
  if (value === undefined || value === null || value === "") return null;
  if (value instanceof Uint8Array) return value as Uint8Array<ArrayBuffer>;
  const text = typeof value === "string" ? value : JSON.stringify(value);
  if (typeof value !== "string" || isJsonStructure(value)) {
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  return text;
}

function isJsonStructure(text: string): boolean {
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** An `INVALID_PARAMETER` error of the http-request node. */
export function invalid(says: string): ConductorError {
  return new ConductorError("INVALID_PARAMETER", `http-request: ${says}.`);
}
