import { ConductorError } from "./conductor_error.ts";

/** A scheme at the start (`file:`, `https:`, `data:`), but not a Windows drive (`C:`). */
const HAS_SCHEME = /^[a-z][a-z\d+.-]+:/i;
const WINDOWS_PATH = /^[a-z]:[\\/]/i;

/** Whether `text` is an absolute URL rather than a path. */
export const isUrlText = (text: string): boolean => HAS_SCHEME.test(text);

/** Whether `text` is a Windows path (`C:\x`), which a URL parser would read as scheme `c:`. */
export const isWindowsPath = (text: string): boolean => WINDOWS_PATH.test(text);

/** Whether `text` is an absolute file path (POSIX `/x` or Windows `C:\x`). */
export const isAbsolutePath = (text: string): boolean =>
  text.startsWith("/") || WINDOWS_PATH.test(text);

/**
 * The `file:` URL of an absolute path, like `pathToFileURL` of `node:url` but
 * without it (the main entry must bundle for the browser).
 */
export function pathToFileUrl(path: string): URL {
  const windows = WINDOWS_PATH.test(path);
  return new URL(`file://${escapePath(windows ? `/${path.replaceAll("\\", "/")}` : path)}`);
}

/** A path with the characters a URL parser would read as syntax (or drop) escaped. */
const escapePath = (path: string): string =>
  path.replace(/[%#?\n\r\t]|\\/g, (c) => encodeURIComponent(c));

/** A URL for people: a `file:` URL as its path, any other as it is. */
export function displayUrl(url: URL): string {
  if (url.protocol !== "file:") return url.href;
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape: show the path as written.
  }
  return /^\/[a-z]:\//i.test(path) ? path.slice(1) : path;
}

/** The working folder's `file:` URL on Deno and Node.js; `undefined` in a browser. */
function workingFolder(): URL | undefined {
  const scope = globalThis as {
    Deno?: { cwd(): string };
    process?: { cwd?(): string };
  };
  const cwd = scope.Deno?.cwd() ?? scope.process?.cwd?.();
  return cwd === undefined ? undefined : pathToFileUrl(cwd.endsWith("/") ? cwd : `${cwd}/`);
}

/**
 * The blueprint's own URL from the `baseUrl` option: a `URL`, a URL string, or
 * a file path (a relative one resolves against the working folder).
 */
export function toBaseUrl(location: string | URL): URL {
  if (location instanceof URL) return new URL(location.href);
  if (typeof location === "string" && location !== "") {
    if (isUrlText(location)) {
      try {
        return new URL(location);
      } catch {
        // Reported below.
      }
    } else if (isAbsolutePath(location)) {
      return pathToFileUrl(location);
    } else {
      const cwd = workingFolder();
      if (cwd) return new URL(escapePath(location), cwd);
    }
  }
  throw new ConductorError(
    "INVALID_OPTION",
    `"baseUrl" must be a URL, a URL string or a file path, got ${
      typeof location === "string" ? JSON.stringify(location) : typeof location
    }`,
  );
}

/** A blueprint object's own `baseUrl` (a stored, checked blueprint has one), when it is an absolute URL. */
export function ownBaseUrl(value: Record<string, unknown>): URL | undefined {
  const base = value.baseUrl;
  if (typeof base !== "string" || !isUrlText(base)) return undefined;
  try {
    return new URL(base);
  } catch {
    return undefined;
  }
}
