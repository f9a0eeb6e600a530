import { env } from "@atomiton/platform";
import type { DeprecationNotice } from "./on_deprecation.ts";

const noticed = new Set<string>();
const handlers = new Set<(notice: DeprecationNotice) => void>();

/** Adds a collector of notices; returns its removal. */
export function addHandler(handler: (notice: DeprecationNotice) => void): () => void {
  handlers.add(handler);
  return () => void handlers.delete(handler);
}

let inside = 0;

/** Runs `make` with no notices: an old export built on another reports only itself. */
export function quietly<T>(make: () => T): T {
  inside++;
  try {
    return make();
  } finally {
    inside--;
  }
}

/** Reports the first use of an old export: once per process and name. */
export function deprecated(name: string, replacement: string): void {
  if (inside > 0 || noticed.has(name)) return;
  noticed.add(name);
  const message = `@atomiton/core: ${name} is deprecated; use ${replacement}. ` +
    "`atomiton migrate-imports` rewrites the imports it can and lists the rest (see MIGRATION.md).";
  const notice: DeprecationNotice = { name, replacement, message };
  for (const handler of handlers) handler(notice);
  // env() never throws for want of a permission and is undefined in a browser.
  // deno-lint-ignore no-console -- the notice is the point of this module
  if (env("ATOMITON_NO_DEPRECATION") !== "1") console.warn(message);
}
