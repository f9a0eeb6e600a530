/**
 * `@atomiton/platform` for `@atomiton/di` containers: tokens for the platform
 * description and the clock, and {@linkcode providePlatform} to register them.
 * Code without a container never bundles this entry.
 *
 * @example Resolve the platform from a container, and fake it in a test
 * ```ts
 * import assert from "node:assert/strict";
 * import { Container } from "@atomiton/di";
 * import { nowToken, platformInfoToken, providePlatform } from "@atomiton/platform/di";
 *
 * await using app = providePlatform(new Container());
 * assert.equal(app.resolve(platformInfoToken).runtime, "deno");
 *
 * await using test = app.createChild().registerValue(nowToken, () => 42);
 * assert.equal(test.resolve(nowToken)(), 42);
 * ```
 *
 * @module
 */
import { type Container, type Token, token } from "@atomiton/di";
import { getPlatformInfo, type PlatformInfo } from "./get_platform_info.ts";
import { now } from "./now.ts";

/** The running program's {@linkcode PlatformInfo}, as `getPlatformInfo()` reports it. */
export const platformInfoToken: Token<PlatformInfo> = token<PlatformInfo>("platform.info");

/** A monotonic clock in milliseconds, `now` from `@atomiton/platform/metrics` by default. */
export const nowToken: Token<() => number> = token<() => number>("platform.now");

/**
 * Registers `@atomiton/platform`'s services; detects nothing until first resolved.
 *
 * @param container The container to register in.
 * @returns The same container, for chaining.
 *
 * @example Register and resolve
 * ```ts
 * import { Container } from "@atomiton/di";
 * import { platformInfoToken, providePlatform } from "@atomiton/platform/di";
 *
 * const container = providePlatform(new Container());
 * console.log(container.resolve(platformInfoToken).os);
 * ```
 */
export function providePlatform(container: Container): Container {
  return container
    .registerFactory(platformInfoToken, () => getPlatformInfo())
    .registerValue(nowToken, now);
}
