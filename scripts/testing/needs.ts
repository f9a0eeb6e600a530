// deno-lint-ignore-file no-console
/**
 * Real parts that some tests need (Chromium, a Redis server): where they are,
 * and whether a test runs, skips with a loud reason, or fails because CI
 * (`ATOMITON_REQUIRE_ALL=1`) requires every part.
 *
 * @module
 */

/** The parts tests may need, with where they are looked for and how to install them. */
export const PARTS = {
  chromium: { path: "/usr/bin/chromium", install: "apt-get install chromium" },
  "redis-server": { path: "/usr/bin/redis-server", install: "apt-get install redis-server" },
} as const;

/** A part's name. */
export type Part = keyof typeof PARTS;

/** True when every part is required (CI sets `ATOMITON_REQUIRE_ALL=1`). */
export function requireAll(): boolean {
  return Deno.env.get("ATOMITON_REQUIRE_ALL") === "1";
}

/** True when a part is installed. */
export function has(part: Part): boolean {
  try {
    return Deno.statSync(PARTS[part].path).isFile;
  } catch {
    return false;
  }
}

/**
 * Options for `Deno.test` that skip a test loudly when a part is missing, unless
 * every part is required; then the test runs and {@linkcode need} fails it.
 */
export function ignoreUnless(part: Part): { ignore: boolean } {
  const ignore = !has(part) && !requireAll();
  if (ignore) {
    console.warn(
      `SKIP: ${part} is missing at ${PARTS[part].path} (${PARTS[part].install}); ` +
        "set ATOMITON_REQUIRE_ALL=1 to fail instead",
    );
  }
  return { ignore };
}

/** Throws a clear error when a required part is missing; returns its path. */
export function need(part: Part): string {
  if (!has(part)) {
    throw new Error(
      `${part} is required (ATOMITON_REQUIRE_ALL=1) but missing at ${PARTS[part].path}: ` +
        PARTS[part].install,
    );
  }
  return PARTS[part].path;
}
