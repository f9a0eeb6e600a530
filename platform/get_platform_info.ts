import { platformInfoOf } from "./_detect.ts";
import { globalScope } from "./_scope.ts";
import type { Runtime } from "./detect_runtime.ts";

/** Operating systems, named as Deno names them (`Deno.build.os`). */
export type OperatingSystem =
  | "linux"
  | "darwin"
  | "windows"
  | "android"
  | "ios"
  | "freebsd"
  | "openbsd"
  | "netbsd"
  | "aix"
  | "solaris"
  | "illumos"
  | "unknown";

/** CPU architectures, named as Node names them (`process.arch`). */
export type Arch =
  | "x64"
  | "arm64"
  | "arm"
  | "ia32"
  | "riscv64"
  | "ppc64"
  | "s390x"
  | "loong64"
  | "unknown";

/**
 * What this runtime can do right now.
 *
 * On Deno, `fileSystem` and `childProcess` are false when the permission was
 * denied (a permission that would prompt still counts). Under Node's permission
 * model they follow `process.permission`. `sharedArrayBuffer` is true in a
 * browser only when the page is cross-origin isolated, where it is usable.
 */
export interface Capabilities {
  /** Files can be read and written (Deno, Node, Bun, Electron's main process). */
  readonly fileSystem: boolean;
  /** Child processes can be started (`Deno.Command`, `node:child_process`). */
  readonly childProcess: boolean;
  /** `node:worker_threads` is available (Node, Bun, Electron's main process, Deno). */
  readonly workerThreads: boolean;
  /** The `Worker` constructor of the web platform exists (browsers, Deno, Bun). */
  readonly webWorkers: boolean;
  /** `indexedDB` exists. */
  readonly indexedDB: boolean;
  /** The origin private file system (`navigator.storage.getDirectory`) exists. */
  readonly opfs: boolean;
  /** `localStorage` exists and may be touched. */
  readonly localStorage: boolean;
  /** `BroadcastChannel` exists. */
  readonly broadcastChannel: boolean;
  /** `SharedArrayBuffer` exists and is usable here. */
  readonly sharedArrayBuffer: boolean;
  /** `crypto.subtle` exists. */
  readonly webCrypto: boolean;
}

/** The name of one capability. */
export type Capability = keyof Capabilities;

/** What {@linkcode getPlatformInfo} reports about the running program. */
export interface PlatformInfo {
  /** The runtime, as {@linkcode detectRuntime} reports it. */
  readonly runtime: Runtime;
  /** The runtime's version (for a browser, the browser's), when it can be told. */
  readonly version: string | undefined;
  /** The operating system. */
  readonly os: OperatingSystem;
  /** The CPU architecture. */
  readonly arch: Arch;
  /**
   * True under continuous integration: `CI` is set (most providers set it), or
   * a variable of Jenkins, Azure Pipelines, AWS CodeBuild or TeamCity is.
   */
  readonly ci: boolean;
  /** True in test mode (`NODE_ENV=test`, `TEST`, Vitest, Jest or `node --test`). */
  readonly test: boolean;
  /** True in development mode (`NODE_ENV` is `development` or `dev`). */
  readonly development: boolean;
  /** True when standard output is a terminal. */
  readonly tty: boolean;
  /** How many tasks can run in parallel (logical CPUs); at least 1. */
  readonly hardwareConcurrency: number;
  /** What the runtime can do. */
  readonly capabilities: Capabilities;
}

/** Options for {@linkcode getPlatformInfo}. */
export interface GetPlatformInfoOptions {
  /** Detect again instead of returning the cached result (for tests). */
  readonly refresh?: boolean;
}

let cached: PlatformInfo | undefined;

/**
 * Describes the running program: runtime, OS, architecture, modes and capabilities.
 *
 * The first call detects and freezes the result; later calls return the same
 * object unless `refresh` is set. It never throws and never asks Deno for a
 * permission: an environment variable that cannot be read counts as unset.
 *
 * @param options Pass `{ refresh: true }` to detect again.
 * @returns The frozen platform description.
 *
 * @example Print what the platform offers
 * ```ts
 * import { getPlatformInfo } from "@atomiton/platform";
 *
 * const info = getPlatformInfo();
 * console.log(`${info.runtime} ${info.version} on ${info.os}/${info.arch}`);
 * if (info.capabilities.fileSystem) console.log("files can be stored here");
 * ```
 */
export function getPlatformInfo(options?: GetPlatformInfoOptions): PlatformInfo {
  if (cached === undefined || options?.refresh === true) {
    const info = platformInfoOf(globalScope);
    Object.freeze(info.capabilities);
    cached = Object.freeze(info);
  }
  return cached;
}
