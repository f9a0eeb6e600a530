/**
 * Runtime and capability detection, environment variables, and timing and memory
 * helpers that behave the same on Deno, Node.js, Bun, browsers, web workers,
 * Cloudflare's workerd and Electron.
 *
 * Nothing here throws on a locked-down runtime or asks Deno for a permission.
 * Timing and memory helpers (`now`, `memoryUsage`, `Histogram`) are their own
 * entry, `@atomiton/platform/metrics`.
 *
 * @example Describe the platform
 * ```ts
 * import { env, getPlatformInfo, hasCapability } from "@atomiton/platform";
 *
 * const info = getPlatformInfo();
 * console.log(info.runtime, info.os, info.arch, info.hardwareConcurrency);
 * console.log("workers:", hasCapability("webWorkers") || hasCapability("workerThreads"));
 * console.log("home:", env("HOME") ?? "(not readable)");
 * ```
 *
 * @module
 */
export { detectRuntime, type Runtime } from "./detect_runtime.ts";
export {
  type Arch,
  type Capabilities,
  type Capability,
  getPlatformInfo,
  type GetPlatformInfoOptions,
  type OperatingSystem,
  type PlatformInfo,
} from "./get_platform_info.ts";
export { hasCapability } from "./has_capability.ts";
export { assertCapability } from "./assert_capability.ts";
export { env } from "./env.ts";
export { PlatformError } from "./platform_error.ts";
export { CapabilityError } from "./capability_error.ts";
