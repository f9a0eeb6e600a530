// Detection over a scope, so tests can play every runtime on one. The public
// functions call these with the real global scope.
import type { Scope } from "./_scope.ts";
import type { Runtime } from "./detect_runtime.ts";
import type { Arch, Capabilities, OperatingSystem, PlatformInfo } from "./get_platform_info.ts";
import type { MemoryUsage } from "./memory_usage.ts";

const ELECTRON_AGENT = / Electron\/([\d.]+)/;
const WORKERD_AGENT = "Cloudflare-Workers";
const BROWSER_VERSION = /(?:Firefox|Chrome|Version)\/([\d.]+)/;

export function runtimeOf(scope: Scope): Runtime {
  if (typeof scope.Deno?.version?.deno === "string") return "deno";
  if (scope.Bun !== undefined || typeof scope.process?.versions?.bun === "string") return "bun";
  if (typeof scope.process?.versions?.electron === "string") {
    return scope.process.type === "renderer" ? "electron-renderer" : "electron-main";
  }
  const agent = scope.navigator?.userAgent ?? "";
  // A context-isolated renderer has no `process`; its user agent still names Electron.
  if (ELECTRON_AGENT.test(agent)) return "electron-renderer";
  if (typeof scope.process?.versions?.node === "string") return "node";
  if (agent === WORKERD_AGENT) return "workerd";
  if (typeof scope.WorkerGlobalScope === "function" && scope.document === undefined) {
    return "web-worker";
  }
  if (scope.window !== undefined && scope.document !== undefined) return "browser";
  return "unknown";
}

export function versionOf(scope: Scope, runtime: Runtime): string | undefined {
  const agent = scope.navigator?.userAgent ?? "";
  switch (runtime) {
    case "deno":
      return scope.Deno?.version?.deno;
    case "bun":
      return scope.Bun?.version ?? scope.process?.versions?.bun;
    case "node":
      return scope.process?.versions?.node;
    case "electron-main":
    case "electron-renderer":
      return scope.process?.versions?.electron ?? ELECTRON_AGENT.exec(agent)?.[1];
    case "browser":
    case "web-worker":
      return BROWSER_VERSION.exec(agent)?.[1];
    default:
      return undefined;
  }
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
    return scope.process?.env?.[name];
  } catch {
    return undefined;
  }
}

const NODE_OS: Readonly<Record<string, OperatingSystem>> = {
  win32: "windows",
  sunos: "solaris",
};
const KNOWN_OS = new Set<string>([
  "linux",
  "darwin",
  "windows",
  "android",
  "ios",
  "freebsd",
  "openbsd",
  "netbsd",
  "aix",
  "solaris",
  "illumos",
]);
const AGENT_OS: ReadonlyArray<readonly [RegExp, OperatingSystem]> = [
  [/Android/i, "android"],
  [/iPhone|iPad|iPod|iOS/i, "ios"],
  [/Mac ?OS|Macintosh/i, "darwin"],
  [/Win/i, "windows"],
  [/CrOS|Chrome OS|Linux|X11/i, "linux"],
];

export function osOf(scope: Scope): OperatingSystem {
  const name = scope.Deno?.build?.os ?? scope.process?.platform;
  if (name !== undefined) {
    const os = NODE_OS[name] ?? name;
    return KNOWN_OS.has(os) ? os as OperatingSystem : "unknown";
  }
  const hint = scope.navigator?.userAgentData?.platform || scope.navigator?.userAgent || "";
  return AGENT_OS.find(([pattern]) => pattern.test(hint))?.[1] ?? "unknown";
}

const ARCH: Readonly<Record<string, Arch>> = {
  x86_64: "x64",
  x64: "x64",
  aarch64: "arm64",
  arm64: "arm64",
  arm: "arm",
  ia32: "ia32",
  riscv64: "riscv64",
  ppc64: "ppc64",
  s390x: "s390x",
  loong64: "loong64",
};

export function archOf(scope: Scope): Arch {
  const name = scope.Deno?.build?.arch ?? scope.process?.arch;
  if (name !== undefined) return ARCH[name] ?? "unknown";
  const agent = scope.navigator?.userAgent ?? "";
  if (/x86_64|x64|Win64|WOW64|amd64/i.test(agent)) return "x64";
  if (/aarch64|arm64/i.test(agent)) return "arm64";
  return "unknown";
}

// Checked in order; the first variable set names the provider.
const CI_PROVIDERS: ReadonlyArray<readonly [string, string]> = [
  ["GITHUB_ACTIONS", "github_actions"],
  ["GITLAB_CI", "gitlab"],
  ["CIRCLECI", "circle"],
  ["BUILDKITE", "buildkite"],
  ["TRAVIS", "travis"],
  ["JENKINS_URL", "jenkins"],
  ["TF_BUILD", "azure_pipelines"],
  ["BITBUCKET_BUILD_NUMBER", "bitbucket"],
  ["CODEBUILD_BUILD_ARN", "aws_codebuild"],
  ["TEAMCITY_VERSION", "teamcity"],
  ["DRONE", "drone"],
  ["APPVEYOR", "appveyor"],
  ["SEMAPHORE", "semaphore"],
  ["NETLIFY", "netlify"],
  ["VERCEL", "vercel"],
  ["CF_PAGES", "cloudflare_pages"],
];

function isSet(value: string | undefined): boolean {
  return value !== undefined && value !== "" && value !== "0" && value.toLowerCase() !== "false";
}

export function ciProviderOf(scope: Scope): string | undefined {
  return CI_PROVIDERS.find(([name]) => isSet(envOf(scope, name)))?.[1];
}

const TEST_VARIABLES = ["VITEST", "JEST_WORKER_ID", "NODE_TEST_CONTEXT", "TEST"];

function isTerminal(scope: Scope): boolean {
  try {
    if (scope.Deno) return scope.Deno.stdout?.isTerminal?.() === true;
    return scope.process?.stdout?.isTTY === true;
  } catch {
    return false;
  }
}

function concurrencyOf(scope: Scope): number {
  const reported = scope.navigator?.hardwareConcurrency;
  if (typeof reported === "number" && reported > 0) return reported;
  try {
    // Node 20 has no `navigator`; `getBuiltinModule` reaches `os` without an import.
    const os = scope.process?.getBuiltinModule?.("node:os") as
      | { availableParallelism?(): number }
      | undefined;
    return os?.availableParallelism?.() ?? 1;
  } catch {
    return 1;
  }
}

/** A Deno permission counts unless it was denied: `prompt` can still be granted. */
function denoAllows(scope: Scope, name: string): boolean {
  try {
    return scope.Deno?.permissions?.querySync?.({ name }).state !== "denied";
  } catch {
    return false;
  }
}

/** Node's permission model (`--permission`) may forbid what the runtime has. */
function nodeAllows(scope: Scope, name: string): boolean {
  try {
    return scope.process?.permission?.has(name) ?? true;
  } catch {
    return false;
  }
}

const NODE_LIKE = new Set<Runtime>(["node", "bun", "electron-main"]);
const BROWSER_LIKE = new Set<Runtime>(["browser", "web-worker", "electron-renderer"]);

export function capabilitiesOf(scope: Scope, runtime: Runtime): Capabilities {
  const deno = runtime === "deno";
  const nodeLike = NODE_LIKE.has(runtime);
  let localStorage = false;
  if (deno || runtime === "browser" || runtime === "electron-renderer") {
    try {
      // Sandboxed frames throw on access; Node's experimental getter warns, so Node is skipped.
      localStorage = typeof scope.localStorage?.getItem === "function";
    } catch {
      localStorage = false;
    }
  }
  return {
    fileSystem: deno
      ? typeof scope.Deno?.readFile === "function" && denoAllows(scope, "read") &&
        denoAllows(scope, "write")
      : nodeLike && nodeAllows(scope, "fs.read") && nodeAllows(scope, "fs.write"),
    childProcess: deno
      ? typeof scope.Deno?.Command === "function" && denoAllows(scope, "run")
      : nodeLike && nodeAllows(scope, "child"),
    workerThreads: deno || (nodeLike && nodeAllows(scope, "worker")),
    webWorkers: typeof scope.Worker === "function",
    indexedDB: typeof scope.indexedDB === "object" && scope.indexedDB !== null,
    opfs: typeof scope.navigator?.storage?.getDirectory === "function",
    localStorage,
    broadcastChannel: typeof scope.BroadcastChannel === "function",
    // Browsers only allow shared memory in a cross-origin isolated context.
    sharedArrayBuffer: typeof scope.SharedArrayBuffer === "function" &&
      (!BROWSER_LIKE.has(runtime) || scope.crossOriginIsolated === true),
    webCrypto: typeof scope.crypto?.subtle?.digest === "function",
  };
}

export function platformInfoOf(scope: Scope): PlatformInfo {
  const runtime = runtimeOf(scope);
  const nodeEnv = envOf(scope, "NODE_ENV");
  const ciProvider = ciProviderOf(scope);
  return {
    runtime,
    version: versionOf(scope, runtime),
    os: osOf(scope),
    arch: archOf(scope),
    ci: ciProvider !== undefined || isSet(envOf(scope, "CI")) ||
      isSet(envOf(scope, "CONTINUOUS_INTEGRATION")),
    ciProvider,
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
