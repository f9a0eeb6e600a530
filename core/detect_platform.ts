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
