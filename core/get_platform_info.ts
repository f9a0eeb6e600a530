import { getPlatformInfo as newPlatformInfo } from "@atomiton/platform";
import { deprecated } from "./_deprecation.ts";
import { oldPlatformInfo } from "./_old_platform_info.ts";
import type { PlatformInfo } from "./detect_platform.ts";

let cached: PlatformInfo | undefined;

/**
 * The platform, detected once and cached, in the old shape (with the new fields too).
 *
 * @deprecated Use `getPlatformInfo()` from `@atomiton/platform`.
 * @returns The cached platform description.
 *
 * @example
 * ```ts
 * import { getPlatformInfo } from "@atomiton/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(getPlatformInfo(), getPlatformInfo());
 * ```
 */
export function getPlatformInfo(): PlatformInfo {
  deprecated("getPlatformInfo", "getPlatformInfo from @atomiton/platform");
  return cached ??= oldPlatformInfo(newPlatformInfo());
}
