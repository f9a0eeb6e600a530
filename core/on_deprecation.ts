import { addHandler } from "./_deprecation.ts";

/**
 * One deprecation notice: the first use of an old export in this process.
 *
 * @example
 * ```ts
 * import { onDeprecation, type DeprecationNotice } from "@atomiton/core";
 *
 * const notices: DeprecationNotice[] = [];
 * onDeprecation((notice) => notices.push(notice));
 * ```
 */
export interface DeprecationNotice {
  /** The old export, such as `"EventClient"`. */
  readonly name: string;
  /** What to use instead, such as `"EventClient from @atomiton/events"`. */
  readonly replacement: string;
  /** The text printed with `console.warn` unless `ATOMITON_NO_DEPRECATION=1`. */
  readonly message: string;
}

/**
 * Collects the deprecation notices: `handler` gets each old export's first use
 * in this process (also when `ATOMITON_NO_DEPRECATION=1` silences the printed ones).
 *
 * @param handler Called with each notice.
 * @returns The function that removes `handler`.
 *
 * @example Collect what still needs migrating
 * ```ts
 * import { detectPlatform, onDeprecation } from "@atomiton/core";
 * import assert from "node:assert/strict";
 *
 * const seen: string[] = [];
 * const stop = onDeprecation((notice) => seen.push(notice.name));
 * detectPlatform(); // reported here, unless something in this process used it before
 * stop();
 * assert.ok(seen.every((name) => typeof name === "string"));
 * ```
 */
export function onDeprecation(handler: (notice: DeprecationNotice) => void): () => void {
  if (typeof handler !== "function") {
    throw new TypeError(`onDeprecation() needs a function, got ${typeof handler}`);
  }
  return addHandler(handler);
}
