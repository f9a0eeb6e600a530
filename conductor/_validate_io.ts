/** The file-system calls validation needs; no static `node:` import, so the entry bundles for a browser. */
interface FileSystem {
  readText(url: URL): Promise<string>;
  isFile(url: URL): Promise<boolean>;
}

interface Scope {
  Deno?: {
    readTextFile(url: URL): Promise<string>;
    stat(url: URL): Promise<{ isFile: boolean }>;
  };
  process?: { getBuiltinModule?(id: string): unknown };
}

interface NodeFs {
  readFile(url: URL, encoding: "utf8"): Promise<string>;
  stat(url: URL): Promise<{ isFile(): boolean }>;
}

/** This runtime's file system: Deno's, Node's (`process.getBuiltinModule`), or none in a browser. */
export function fileSystem(): FileSystem | undefined {
  const scope = globalThis as Scope;
  const deno = scope.Deno;
  if (deno) {
    return {
      readText: (url) => deno.readTextFile(url),
      isFile: async (url) => (await deno.stat(url)).isFile,
    };
  }
  const fs = scope.process?.getBuiltinModule?.("node:fs/promises") as NodeFs | undefined;
  if (!fs) return undefined;
  return {
    readText: (url) => fs.readFile(url, "utf8"),
    isFile: async (url) => (await fs.stat(url)).isFile(),
  };
}

/** Whether this is Node.js (which cannot import `http:` or `https:` modules), not Deno or a browser. */
export function isNodeJs(): boolean {
  const scope = globalThis as Scope & { process?: { versions?: { node?: string } } };
  return scope.Deno === undefined && typeof scope.process?.versions?.node === "string";
}

/**
 * Reads a sub-blueprint's text: `file:` from the file system, `http:` and
 * `https:` with `fetch`; a `data:` URL never reaches it (it is decoded inline).
 */
export async function readTextDefault(url: URL): Promise<string> {
  if (url.protocol === "file:") {
    const fs = fileSystem();
    if (fs) return await fs.readText(url);
  }
  const response = await fetch(url);
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${response.status} ${response.statusText}`.trim());
  }
  return await response.text();
}

/** The text of a `data:` URL (`data:[<type>][;base64],<data>`), decoded as UTF-8. */
export function decodeDataUrl(url: URL): string {
  const whole = url.href.slice("data:".length, url.href.length - url.hash.length);
  const comma = whole.indexOf(",");
  if (comma === -1) throw new Error('a data: URL needs a "," before its content');
  const head = whole.slice(0, comma);
  const body = whole.slice(comma + 1);
  const bytes = /;base64$/i.test(head)
    ? Uint8Array.from(atob(decodeURIComponent(body)), (c) => c.charCodeAt(0))
    : percentDecode(body);
  return new TextDecoder().decode(bytes);
}

/** Percent-decodes to bytes (a lone `%` stays as it is, as the URL standard says). */
function percentDecode(text: string): Uint8Array {
  const bytes: number[] = [];
  const encoded = new TextEncoder().encode(text);
  for (let i = 0; i < encoded.length; i++) {
    const hex = String.fromCharCode(encoded[i + 1] ?? 0, encoded[i + 2] ?? 0);
    if (encoded[i] === 0x25 && /^[\da-f]{2}$/i.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(encoded[i]!);
  }
  return new Uint8Array(bytes);
}
