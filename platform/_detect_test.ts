import assert from "node:assert/strict";
import {
  archOf,
  capabilitiesOf,
  envOf,
  memoryUsageOf,
  osOf,
  platformInfoOf,
  runtimeOf,
} from "./_detect.ts";
import type { Scope } from "./_scope.ts";
import { assertPrototypeClean, PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";

class FakeWorkerGlobalScope {}

const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
const ELECTRON_MAC =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 Chrome/138.0 Electron/37.2.1 Safari/537.36";

const node = (extra: Partial<NonNullable<Scope["process"]>> = {}): Scope => ({
  process: {
    versions: { node: "22.1.0" },
    platform: "linux",
    arch: "x64",
    env: {},
    ...extra,
  },
});

Deno.test("runtimeOf() tells every runtime apart", () => {
  const cases: Array<[string, Scope]> = [
    ["deno", { Deno: { version: { deno: "2.0.0" } }, process: { versions: { node: "22" } } }],
    ["bun", { Bun: { version: "1.2.0" }, process: { versions: { node: "22", bun: "1.2.0" } } }],
    ["bun", { process: { versions: { node: "22", bun: "1.2.0" } } }],
    ["electron-main", {
      process: { versions: { node: "22", electron: "37.0.0" }, type: "browser" },
    }],
    ["electron-main", {
      process: { versions: { node: "22", electron: "37.0.0" }, type: "utility" },
    }],
    [
      "electron-renderer",
      { process: { versions: { node: "22", electron: "37.0.0" }, type: "renderer" } },
    ],
    ["electron-renderer", { window: {}, document: {}, navigator: { userAgent: ELECTRON_MAC } }],
    ["node", node()],
    ["workerd", { navigator: { userAgent: "Cloudflare-Workers" } }],
    ["web-worker", {
      WorkerGlobalScope: FakeWorkerGlobalScope,
      navigator: { userAgent: CHROME_LINUX },
    }],
    ["browser", { window: {}, document: {}, navigator: { userAgent: CHROME_LINUX } }],
    ["unknown", {}],
  ];
  for (const [expected, scope] of cases) {
    assert.equal(runtimeOf(scope)[0], expected, JSON.stringify(scope));
  }
});

Deno.test("runtimeOf() treats jsdom-style globals on Node as Node", () => {
  assert.equal(runtimeOf({ ...node(), window: {}, document: {} })[0], "node");
});

Deno.test("runtimeOf() reads each runtime's own version", () => {
  const version = (scope: Scope): string | undefined => runtimeOf(scope)[1];
  assert.equal(version({ Deno: { version: { deno: "2.9.6" } } }), "2.9.6");
  assert.equal(version({ Bun: { version: "1.2.3" } }), "1.2.3");
  assert.equal(version({ process: { versions: { bun: "1.2.4" } } }), "1.2.4");
  assert.equal(version(node()), "22.1.0");
  assert.equal(version({ process: { versions: { node: "22", electron: "37.0.0" } } }), "37.0.0");
  assert.equal(
    version({ window: {}, document: {}, navigator: { userAgent: ELECTRON_MAC } }),
    "37.2.1",
  );
  assert.equal(
    version({ window: {}, document: {}, navigator: { userAgent: CHROME_LINUX } }),
    "156.0.0.0",
  );
  const firefoxWorker: Scope = {
    WorkerGlobalScope: FakeWorkerGlobalScope,
    navigator: { userAgent: "Mozilla/5.0 (X11; Linux) Firefox/140.0" },
  };
  assert.equal(version(firefoxWorker), "140.0");
  assert.equal(version({ navigator: { userAgent: "Cloudflare-Workers" } }), undefined);
  assert.equal(version({}), undefined);
});

Deno.test("envOf() reads Deno only where granted, and never throws", () => {
  const values: Record<string, string> = { A: "1", B: "2" };
  const granted = new Set(["A"]);
  const deno: Scope = {
    Deno: {
      env: { get: (name) => values[name] },
      permissions: {
        querySync: ({ variable }) => ({ state: granted.has(variable!) ? "granted" : "prompt" }),
      },
    },
  };
  assert.equal(envOf(deno, "A"), "1");
  assert.equal(envOf(deno, "B"), undefined, "an ungranted variable reads as unset");
  const throwing: Scope = {
    Deno: {
      env: {
        get: () => {
          throw new Error("NotCapable");
        },
      },
    },
  };
  assert.equal(envOf(throwing, "A"), undefined);
  assert.equal(envOf(node({ env: { X: "y" } }), "X"), "y");
  assert.equal(envOf({}, "X"), undefined);
  const hostile = {
    process: {
      get env(): never {
        throw new Error("locked");
      },
    },
  } as unknown as Scope;
  assert.equal(envOf(hostile, "X"), undefined);
});

Deno.test("osOf() normalises runtime and user-agent names", () => {
  assert.equal(osOf({ Deno: { build: { os: "darwin" } } }), "darwin");
  assert.equal(osOf(node({ platform: "win32" })), "windows");
  assert.equal(osOf(node({ platform: "sunos" })), "solaris");
  assert.equal(osOf(node({ platform: "haiku" })), "unknown");
  assert.equal(osOf(node({ platform: "freebsd" })), "freebsd");
  assert.equal(osOf({ navigator: { userAgentData: { platform: "macOS" } } }), "darwin");
  assert.equal(osOf({ navigator: { userAgent: CHROME_LINUX } }), "linux");
  assert.equal(
    osOf({ navigator: { userAgent: "Mozilla/5.0 (Linux; Android 14; Pixel 8) Chrome/156" } }),
    "android",
  );
  assert.equal(
    osOf({ navigator: { userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)" } }),
    "ios",
  );
  assert.equal(
    osOf({ navigator: { userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64)" } }),
    "windows",
  );
  assert.equal(osOf({}), "unknown");
});

Deno.test("archOf() normalises Deno, Node and user-agent names", () => {
  assert.equal(archOf({ Deno: { build: { arch: "x86_64" } } }), "x64");
  assert.equal(archOf({ Deno: { build: { arch: "aarch64" } } }), "arm64");
  assert.equal(archOf(node({ arch: "riscv64" })), "riscv64");
  assert.equal(archOf(node({ arch: "mips" })), "unknown");
  assert.equal(archOf({ navigator: { userAgent: CHROME_LINUX } }), "x64");
  assert.equal(archOf({ navigator: { userAgent: "Mozilla/5.0 (X11; Linux aarch64)" } }), "arm64");
  assert.equal(archOf({}), "unknown");
});

Deno.test("platformInfoOf() reads CI, test and development modes", () => {
  const plain = platformInfoOf(node({ env: {} }));
  assert.equal(plain.ci, false);
  assert.equal(plain.test, false);
  assert.equal(plain.development, false);

  const github = platformInfoOf(node({ env: { CI: "true", NODE_ENV: "test" } }));
  assert.equal(github.ci, true);
  assert.equal(github.test, true);
  assert.equal(platformInfoOf(node({ env: { JENKINS_URL: "http://ci" } })).ci, true);
  assert.equal(platformInfoOf(node({ env: { TF_BUILD: "True" } })).ci, true);

  assert.equal(platformInfoOf(node({ env: { CI: "1" } })).ci, true);
  assert.equal(platformInfoOf(node({ env: { CI: "false" } })).ci, false);
  assert.equal(platformInfoOf(node({ env: { CI: "0" } })).ci, false);
  assert.equal(platformInfoOf(node({ env: { JEST_WORKER_ID: "3" } })).test, true);
  assert.equal(platformInfoOf(node({ env: { NODE_ENV: "development" } })).development, true);
  assert.equal(platformInfoOf(node({ env: { NODE_ENV: "dev" } })).development, true);
  assert.equal(platformInfoOf(node({ env: { NODE_ENV: "production" } })).development, false);
});

Deno.test("platformInfoOf() reads the terminal and the CPU count", () => {
  assert.equal(platformInfoOf(node({ stdout: { isTTY: true } })).tty, true);
  assert.equal(platformInfoOf(node({ stdout: {} })).tty, false);
  assert.equal(platformInfoOf({ Deno: { stdout: { isTerminal: () => true } } }).tty, true);
  const brokenTerminal: Scope = {
    Deno: {
      stdout: {
        isTerminal: () => {
          throw new Error("closed");
        },
      },
    },
  };
  assert.equal(platformInfoOf(brokenTerminal).tty, false);

  assert.equal(platformInfoOf({ navigator: { hardwareConcurrency: 12 } }).hardwareConcurrency, 12);
  const os = { availableParallelism: () => 6 };
  const viaBuiltin = node({ getBuiltinModule: (id) => id === "os" ? os : undefined });
  assert.equal(platformInfoOf(viaBuiltin).hardwareConcurrency, 6);
  const failing = node({
    getBuiltinModule: () => {
      throw new Error("no");
    },
  });
  assert.equal(platformInfoOf(failing).hardwareConcurrency, 1);
  assert.equal(platformInfoOf({}).hardwareConcurrency, 1);
  // A navigator that reports nothing useful (0) does not hide Node's own figure.
  const unhelpful = { ...viaBuiltin, navigator: { hardwareConcurrency: 0 } };
  assert.equal(platformInfoOf(unhelpful).hardwareConcurrency, 6);
  assert.equal(platformInfoOf({ navigator: { hardwareConcurrency: NaN } }).hardwareConcurrency, 1);
});

Deno.test("envOf() on Node reads only the variables, never what process.env inherits", () => {
  const scope = node({ env: { PATH: "/bin", ["__proto__"]: "set" } });
  assert.equal(envOf(scope, "PATH"), "/bin");
  for (const name of PROTOTYPE_KEYS) {
    const want = name === "__proto__" ? "set" : undefined;
    assert.equal(envOf(scope, name), want, name);
    assert.equal(envOf(node(), name), undefined, name);
  }
  assertPrototypeClean();
});

Deno.test("capabilitiesOf() follows Deno permissions: denied is off, prompt is on", () => {
  const states: Record<string, string> = { read: "granted", write: "prompt", run: "denied" };
  const scope: Scope = {
    Deno: {
      version: { deno: "2.0.0" },
      readFile: () => {},
      Command: class {},
      permissions: { querySync: ({ name }) => ({ state: states[name] ?? "prompt" }) },
    },
    Worker: class {},
    BroadcastChannel: class {},
    SharedArrayBuffer: class {},
    localStorage: { getItem: () => null },
    crypto: { subtle: { digest: () => {} } },
  };
  const caps = capabilitiesOf(scope, "deno");
  assert.equal(caps.fileSystem, true);
  assert.equal(caps.childProcess, false, "run was denied");
  assert.equal(caps.workerThreads, true);
  assert.equal(caps.webWorkers, true);
  assert.equal(caps.localStorage, true);
  assert.equal(caps.sharedArrayBuffer, true);
  assert.equal(caps.webCrypto, true);
  assert.equal(caps.indexedDB, false);
  assert.equal(caps.opfs, false);

  states.write = "denied";
  assert.equal(capabilitiesOf(scope, "deno").fileSystem, false);
  const throwingQuery: Scope = {
    Deno: {
      readFile: () => {},
      permissions: {
        querySync: () => {
          throw new Error("unsupported");
        },
      },
    },
  };
  assert.equal(capabilitiesOf(throwingQuery, "deno").fileSystem, false);
});

Deno.test("capabilitiesOf() follows Node's permission model", () => {
  assert.equal(capabilitiesOf(node(), "node").fileSystem, true);
  assert.equal(capabilitiesOf(node(), "node").childProcess, true);
  const limited = node({ permission: { has: (scope) => scope === "fs.read" } });
  const caps = capabilitiesOf(limited, "node");
  assert.equal(caps.fileSystem, false, "no fs.write");
  assert.equal(caps.childProcess, false);
  assert.equal(caps.workerThreads, false);
  const throwing = node({
    permission: {
      has: () => {
        throw new Error("bad");
      },
    },
  });
  assert.equal(capabilitiesOf(throwing, "node").fileSystem, false);
  assert.equal(capabilitiesOf(node(), "node").localStorage, false, "Node's getter is not touched");
});

Deno.test("capabilitiesOf() gives browsers shared memory only when cross-origin isolated", () => {
  const page = (isolated: boolean): Scope => ({
    window: {},
    document: {},
    SharedArrayBuffer: class {},
    crossOriginIsolated: isolated,
    indexedDB: {},
    navigator: { storage: { getDirectory: () => {} } },
  });
  assert.equal(capabilitiesOf(page(false), "browser").sharedArrayBuffer, false);
  assert.equal(capabilitiesOf(page(true), "browser").sharedArrayBuffer, true);
  const caps = capabilitiesOf(page(true), "browser");
  assert.equal(caps.indexedDB, true);
  assert.equal(caps.opfs, true);
  assert.equal(caps.fileSystem, false);
  assert.equal(caps.childProcess, false);
  assert.equal(caps.workerThreads, false);
});

Deno.test("capabilitiesOf() survives a localStorage that throws", () => {
  const sandboxed = {
    window: {},
    document: {},
    get localStorage(): never {
      throw new DOMException("denied", "SecurityError");
    },
  } as unknown as Scope;
  assert.equal(capabilitiesOf(sandboxed, "browser").localStorage, false);
});

Deno.test("memoryUsageOf() reads Deno, Node and Chromium, and never throws", () => {
  const figures = () => ({ rss: 30, heapTotal: 20, heapUsed: 10, external: 1 });
  assert.deepEqual(memoryUsageOf({ Deno: { memoryUsage: figures } }), {
    heapUsed: 10,
    heapTotal: 20,
    rss: 30,
  });
  assert.deepEqual(memoryUsageOf(node({ memoryUsage: figures })), {
    heapUsed: 10,
    heapTotal: 20,
    rss: 30,
  });
  assert.deepEqual(
    memoryUsageOf({ performance: { memory: { usedJSHeapSize: 5, totalJSHeapSize: 8 } } }),
    { heapUsed: 5, heapTotal: 8, rss: undefined },
  );
  assert.equal(memoryUsageOf({}), undefined);
  const failing = node({
    memoryUsage: () => {
      throw new Error("sandbox");
    },
  });
  assert.equal(memoryUsageOf(failing), undefined);
});
