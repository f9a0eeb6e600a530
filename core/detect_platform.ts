import {
  type Capabilities,
  getPlatformInfo as newPlatformInfo,
  type PlatformInfo as NewPlatformInfo,
} from "@atomiton/platform";
import { deprecated } from "./_deprecation.ts";
import { oldPlatformInfo } from "./_old_platform_info.ts";

/**
 * The old platform kinds.
 *
 * @deprecated Use `Runtime` from `@atomiton/platform`.
 *
 * @example
 * ```ts
 * import { getPlatformInfo, type RuntimePlatform } from "@atomiton/core";
 *
 * const platform: RuntimePlatform = getPlatformInfo().platform;
 * console.log(platform === "browser" ? "in a browser" : "elsewhere");
 * ```
 */
export type RuntimePlatform = "browser" | "desktop" | "test" | "unknown";

/**
 * The old feature flags, with the new capability names beside them.
 *
 * @deprecated Use `Capabilities` from `@atomiton/platform` (`hasIndexedDB` -> `indexedDB`).
 *
 * @example
 * ```ts
 * import { getPlatformInfo, type PlatformFeatures } from "@atomiton/core";
 *
 * const features: PlatformFeatures = getPlatformInfo().features;
 * console.log(features.hasFileSystem, features.indexedDB);
 * ```
 */
export interface PlatformFeatures extends Capabilities {
  /** A file system (server runtimes). */
  readonly hasFileSystem: boolean;
  /** IndexedDB in a browser. */
  readonly hasIndexedDB: boolean;
  /** localStorage in a browser. */
  readonly hasLocalStorage: boolean;
  /** Web Workers in a browser. */
  readonly hasWebWorkers: boolean;
  /** Child processes (server runtimes). */
  readonly hasNodeProcess: boolean;
  /** Electron's renderer API. */
  readonly hasElectronAPI: boolean;
}

/**
 * The old platform description, with the new one's fields beside it (so code
 * migrated half-way reads either).
 *
 * @deprecated Use `PlatformInfo` from `@atomiton/platform`.
 *
 * @example
 * ```ts
 * import { getPlatformInfo, type PlatformInfo } from "@atomiton/core";
 *
 * const info: PlatformInfo = getPlatformInfo();
 * console.log(info.platform, info.runtime);
 * ```
 */
export interface PlatformInfo extends Omit<NewPlatformInfo, "capabilities"> {
  /** The old kind: `browser`, `desktop` (a server runtime), `test` or `unknown`. */
  readonly platform: RuntimePlatform;
  /** A server runtime (Node, Deno, Bun, Electron's main process). */
  readonly isNode: boolean;
  /** A browser or Electron renderer. */
  readonly isBrowser: boolean;
  /** Electron. */
  readonly isElectron: boolean;
  /** `NODE_ENV=test` or under Jest. */
  readonly isTest: boolean;
  /** The old feature flags. */
  readonly features: PlatformFeatures;
  /** The new capability flags. */
  readonly capabilities: Capabilities;
}

/**
 * Detects the platform afresh, in the old shape (with the new fields too).
 *
 * @deprecated Use `getPlatformInfo({ refresh: true })` from `@atomiton/platform`.
 * @returns The platform: `platform`, `isNode`, `isBrowser`, `features`, ...
 *
 * @example
 * ```ts
 * import { detectPlatform } from "@atomiton/core";
 *
 * const info = detectPlatform();
 * console.log(info.platform, info.features.hasFileSystem);
 * ```
 */
export function detectPlatform(): PlatformInfo {
  deprecated("detectPlatform", "getPlatformInfo({ refresh: true }) from @atomiton/platform");
  return oldPlatformInfo(newPlatformInfo({ refresh: true }));
}
