import {
  type Capabilities,
  env,
  getPlatformInfo as newPlatformInfo,
  type PlatformInfo as NewPlatformInfo,
} from "@atomiton/platform";
import { deprecated } from "./_deprecation.ts";

/**
 * The old platform kinds.
 *
 * @deprecated Use `Runtime` from `@atomiton/platform`.
 */
export type RuntimePlatform = "browser" | "desktop" | "test" | "unknown";

/**
 * The old feature flags, with the new capability names beside them.
 *
 * @deprecated Use `Capabilities` from `@atomiton/platform` (`hasIndexedDB` -> `indexedDB`).
 */
export interface PlatformFeatures extends Capabilities {
  readonly hasFileSystem: boolean;
  readonly hasIndexedDB: boolean;
  readonly hasLocalStorage: boolean;
  readonly hasWebWorkers: boolean;
  readonly hasNodeProcess: boolean;
  readonly hasElectronAPI: boolean;
}

/**
 * The old platform description, with the new one's fields beside it (so code
 * migrated half-way reads either).
 *
 * @deprecated Use `PlatformInfo` from `@atomiton/platform`.
 */
export interface PlatformInfo extends Omit<NewPlatformInfo, "capabilities"> {
  readonly platform: RuntimePlatform;
  readonly isNode: boolean;
  readonly isBrowser: boolean;
  readonly isElectron: boolean;
  readonly isTest: boolean;
  readonly features: PlatformFeatures;
  readonly capabilities: Capabilities;
}

const SERVER = new Set(["node", "deno", "bun", "electron-main"]);

/** The old description, derived from the new one. */
export function oldPlatformInfo(info: NewPlatformInfo): PlatformInfo {
  const caps = info.capabilities;
  const isNode = SERVER.has(info.runtime);
  const isBrowser = info.runtime === "browser" || info.runtime === "electron-renderer";
  const isElectron = info.runtime.startsWith("electron");
  const isTest = env("NODE_ENV") === "test" || env("JEST_WORKER_ID") !== undefined;
  const platform: RuntimePlatform = isTest
    ? "test"
    : isNode
    ? "desktop"
    : isBrowser
    ? "browser"
    : "unknown";
  const features: PlatformFeatures = {
    ...caps,
    hasFileSystem: isNode,
    hasIndexedDB: isBrowser && caps.indexedDB,
    hasLocalStorage: isBrowser && caps.localStorage,
    hasWebWorkers: isBrowser && caps.webWorkers,
    hasNodeProcess: isNode,
    hasElectronAPI: info.runtime === "electron-renderer",
  };
  return Object.freeze({ ...info, platform, isNode, isBrowser, isElectron, isTest, features });
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
