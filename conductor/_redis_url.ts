import { ConductorError } from "./conductor_error.ts";

/**
 * Checks a Redis URL (`redis://` or `rediss://`) and returns where it points,
 * `redis://host:port`, for messages: never the password.
 *
 * @throws {ConductorError} `INVALID_OPTION` for anything else.
 */
export function redisWhere(url: string, option: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^rediss?:$/i.test(parsed.protocol) || parsed.hostname === "") {
    throw new ConductorError(
      "INVALID_OPTION",
      `Invalid ${option} ${JSON.stringify(redactedUrl(url))}: expected a URL such as ` +
        `"redis://127.0.0.1:6379" (redis:// or rediss://, then the host).`,
    );
  }
  return `${parsed.protocol}//${parsed.host}`;
}

// A URL's password never reaches a message.
function redactedUrl(url: string): string {
  return typeof url === "string" ? url.replace(/\/\/([^/@]*):[^/@]*@/, "//$1:…@") : String(url);
}
