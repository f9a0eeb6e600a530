import { env, type PlatformInfo as NewPlatformInfo } from "@atomiton/platform";
import type { PlatformFeatures, PlatformInfo, RuntimePlatform } from "./detect_platform.ts";

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
