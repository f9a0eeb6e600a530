// Detection over a scope, so tests can play every runtime on one. The public
// functions call these with the real global scope.
import type { Scope } from "./_scope.ts";
import type { Runtime } from "./detect_runtime.ts";
import type { Arch, Capabilities, OperatingSystem, PlatformInfo } from "./get_platform_info.ts";
import type { MemoryUsage } from "./memory_usage.ts";

const ELECTRON_AGENT = / Electron\/([\d.]+)/;
const BROWSER_VERSION = /(?:Firefox|Chrome|Version)\/([\d.]+)/;

const isFunction = (value: unknown): boolean => typeof value === "function";

/** The runtime of a scope and its version (for a browser, the browser's). */
export function runtimeOf(scope: Scope): [Runtime, (string | undefined)?] {
  const deno = scope.Deno?.version?.deno;
  // Before `process`: on Deno, its first touch loads Node compatibility (about 10 ms).
  if (typeof deno === "string") return ["deno", deno];
  const versions = scope.process?.versions;
  const agent = scope.navigator?.userAgent ?? "";
  // A context-isolated renderer has no `process`; its user agent still names Electron.
  const electron = versions?.electron ?? ELECTRON_AGENT.exec(agent)?.[1];
  if (scope.Bun || versions?.bun) return ["bun", scope.Bun?.version ?? versions?.bun];
  if (electron) {
    const main = versions?.electron && scope.process?.type !== "renderer";
    return [main ? "electron-main" : "electron-renderer", electron];
  }
  if (versions?.node) return ["node", versions.node];
  if (agent === "Cloudflare-Workers") return ["workerd"];
  const browser = BROWSER_VERSION.exec(agent)?.[1];
  if (isFunction(scope.WorkerGlobalScope) && !scope.document) return ["web-worker", browser];
  if (scope.window && scope.document) return ["browser", browser];
  return ["unknown"];
}

/** Reads one variable; never throws and never prompts. */
export function envOf(scope: Scope, name: string): string | undefined {
  const deno = scope.Deno;
  if (deno?.env) {
    try {
      // Querying never prompts; reading an ungranted variable would.
      const status = deno.permissions?.querySync?.({ name: "env", variable: name });
      return status === undefined || status.state === "granted" ? deno.env.get(name) : undefined;
    } catch {
      return undefined;
    }
  }
  try {
    // Node's `process.env` inherits from Object: its `toString` is a function, not a variable.
    const value = scope.process?.env?.[name];
    return typeof value === "string" ? value : undefined;
  } catch {
    return undefined;
  }
}

// Node names some systems differently from Deno (and some that Deno does not run on). The
// keys come from the runtime (`process.platform`, `Deno.build`), never from outside.
const NODE_OS: Readonly<Record<string, OperatingSystem>> = {
  win32: "windows",
  sunos: "solaris",
  cygwin: "unknown",
  haiku: "unknown",
};
const AGENT_OS: ReadonlyArray<readonly [RegExp, OperatingSystem]> = [
  [/Android/, "android"],
  [/iPhone|iPad/, "ios"],
  [/[Mm]ac/, "darwin"],
  [/Win/, "windows"],
  [/CrOS|Chrome OS|Linux|X11/, "linux"],
];

export function osOf(scope: Scope): OperatingSystem {
  const name = scope.Deno?.build?.os ?? scope.process?.platform;
  if (name !== undefined) {
    return NODE_OS[name] ?? name as OperatingSystem;
  }
  const hint = scope.navigator?.userAgentData?.platform || scope.navigator?.userAgent || "";
  return AGENT_OS.find(([pattern]) => pattern.test(hint))?.[1] ?? "unknown";
}

// Deno names two architectures differently from Node; the rest agree.
const DENO_ARCH: Readonly<Record<string, Arch>> = { x86_64: "x64", aarch64: "arm64" };
const KNOWN_ARCH = /^(?:x64|arm64|arm|ia32|riscv64|ppc64|s390x|loong64)$/;

export function archOf(scope: Scope): Arch {
  const name = scope.Deno?.build?.arch ?? scope.process?.arch;
  if (name !== undefined) {
    const arch = DENO_ARCH[name] ?? name;
    return KNOWN_ARCH.test(arch) ? arch as Arch : "unknown";
  }
  const agent = scope.navigator?.userAgent ?? "";
  return /x86_64|x64|Win64|WOW64/.test(agent)
    ? "x64"
    : /aarch64|arm64/.test(agent)
    ? "arm64"
    : "unknown";
}

function isSet(value: string | undefined): boolean {
  return !!value && !/^(?:0|false)$/i.test(value);
}

// Most providers set `CI`; these are the common ones that do not.
const CI_VARIABLES = [
  "CI",
  "JENKINS_URL",
  "TF_BUILD",
  "CODEBUILD_BUILD_ID",
  "TEAMCITY_VERSION",
];
const TEST_VARIABLES = ["TEST", "VITEST", "JEST_WORKER_ID", "NODE_TEST_CONTEXT"];

function isTerminal(scope: Scope): boolean {
  try {
    if (scope.Deno) return scope.Deno.stdout?.isTerminal?.() === true;
    return scope.process?.stdout?.isTTY === true;
  } catch {
    return false;
  }
}

function concurrencyOf(scope: Scope): number {
  let count = scope.navigator?.hardwareConcurrency;
  try {
    // Node 20 has no `navigator`; `getBuiltinModule` (Node 20.16+; every Node that has it has
    // `availableParallelism`, the CPUs this process may use) reaches `os` without an import.
    count ||= (scope.process?.getBuiltinModule?.("os") as { availableParallelism(): number })
      ?.availableParallelism();
  } catch {
    // unknown: 1
  }
  return count! > 0 ? count! : 1;
}

/**
 * Whether a gated capability is allowed: on Deno unless the permission was denied
 * (`prompt` can still be granted), on Node unless its permission model forbids it.
 */
function allows(scope: Scope, deno: string, node: string): boolean {
  try {
    return scope.Deno
      ? scope.Deno.permissions?.querySync?.({ name: deno }).state !== "denied"
      : scope.process?.permission?.has(node) ?? true;
  } catch {
    return false;
  }
}

const NODE_LIKE = /^(?:node|bun|electron-main)$/;
const BROWSER_LIKE = /^(?:browser|web-worker|electron-renderer)$/;

export function capabilitiesOf(scope: Scope, runtime: Runtime): Capabilities {
  const deno = runtime === "deno";
  const nodeLike = NODE_LIKE.test(runtime);
  let localStorage = false;
  if (deno || runtime === "browser" || runtime === "electron-renderer") {
    try {
      // Sandboxed frames throw on access; Node's experimental getter warns, so Node is skipped.
      // Deno opens its database on first touch; it always has one, so only ask.
      localStorage = deno ? "localStorage" in scope : isFunction(scope.localStorage?.getItem);
    } catch {
      // stays false
    }
  }
  return {
    fileSystem: (deno ? isFunction(scope.Deno?.readFile) : nodeLike) &&
      allows(scope, "read", "fs.read") && allows(scope, "write", "fs.write"),
    // `in`, not a read: reading `Deno.Command` loads the process module (about 2 ms).
    childProcess: (deno ? "Command" in scope.Deno! : nodeLike) &&
      allows(scope, "run", "child"),
    workerThreads: deno || (nodeLike && allows(scope, "", "worker")),
    webWorkers: isFunction(scope.Worker),
    indexedDB: !!scope.indexedDB,
    opfs: isFunction(scope.navigator?.storage?.getDirectory),
    localStorage,
    // Asked with `in`: reading it makes Deno load the implementation (about 0.6 ms).
    broadcastChannel: "BroadcastChannel" in scope,
    // Browsers only allow shared memory in a cross-origin isolated context.
    sharedArrayBuffer: isFunction(scope.SharedArrayBuffer) &&
      (!BROWSER_LIKE.test(runtime) || scope.crossOriginIsolated === true),
    // Servers always have it, and reading Node's `crypto` loads it (about 1 ms); a
    // browser has `crypto.subtle` only in a secure context, so there it is read.
    webCrypto: deno || nodeLike ? "crypto" in scope : isFunction(scope.crypto?.subtle?.digest),
  };
}

export function platformInfoOf(scope: Scope): PlatformInfo {
  const [runtime, version] = runtimeOf(scope);
  const nodeEnv = envOf(scope, "NODE_ENV");
  return {
    runtime,
    version,
    os: osOf(scope),
    arch: archOf(scope),
    ci: CI_VARIABLES.some((name) => isSet(envOf(scope, name))),
    test: nodeEnv === "test" || TEST_VARIABLES.some((name) => isSet(envOf(scope, name))),
    development: nodeEnv === "development" || nodeEnv === "dev",
    tty: isTerminal(scope),
    hardwareConcurrency: concurrencyOf(scope),
    capabilities: capabilitiesOf(scope, runtime),
  };
}

export function memoryUsageOf(scope: Scope): MemoryUsage | undefined {
  try {
    const report = scope.Deno?.memoryUsage ?? scope.process?.memoryUsage;
    if (report !== undefined) {
      const { heapUsed, heapTotal, rss } = report();
      return { heapUsed, heapTotal, rss };
    }
    // Chromium only, and coarse; better than nothing for a profiler in a page.
    const memory = scope.performance?.memory;
    if (memory !== undefined) {
      return { heapUsed: memory.usedJSHeapSize, heapTotal: memory.totalJSHeapSize, rss: undefined };
    }
  } catch {
    // A sandbox may forbid the call; report nothing rather than throw.
  }
  return undefined;
}
