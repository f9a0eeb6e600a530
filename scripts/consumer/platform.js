// The npm copy of @atomiton/platform as a user meets it, on Node, Deno, a page and a worker.
import {
  assertCapability,
  CapabilityError,
  detectRuntime,
  env,
  getPlatformInfo,
  hasCapability,
  PlatformError,
} from "@atomiton/platform";
import { Histogram, memoryUsage, now } from "@atomiton/platform/metrics";

/**
 * @param {(ok: boolean, message: string) => void} check
 * @param {{ runtime: string, isolated?: boolean }} where
 */
export default function smoke(check, where) {
  const runtime = detectRuntime();
  check(runtime === where.runtime, `detectRuntime() is ${runtime}, expected ${where.runtime}`);
  const info = getPlatformInfo();
  const caps = info.capabilities;
  const server = runtime === "node" || runtime === "deno";
  check(typeof info.version === "string" && info.version.length > 0, `version ${info.version}`);
  check(info.os === "linux", `os ${info.os}`);
  check(info.arch === "x64" || info.arch === "arm64", `arch ${info.arch}`);
  check(info.hardwareConcurrency >= 1, `hardwareConcurrency ${info.hardwareConcurrency}`);
  check(caps.fileSystem === server, `fileSystem ${caps.fileSystem}`);
  check(caps.childProcess === server, `childProcess ${caps.childProcess}`);
  check(caps.workerThreads === server, `workerThreads ${caps.workerThreads}`);
  check(caps.webWorkers === (runtime !== "node"), `webWorkers ${caps.webWorkers}`);
  check(caps.indexedDB === !server, `indexedDB ${caps.indexedDB}`);
  check(caps.opfs === !server, `opfs ${caps.opfs}`);
  check(
    caps.localStorage === (runtime === "browser" || runtime === "deno"),
    `localStorage ${caps.localStorage}`,
  );
  check(caps.broadcastChannel, "broadcastChannel");
  check(caps.webCrypto, "webCrypto");
  check(
    caps.sharedArrayBuffer === (server || where.isolated === true),
    `sharedArrayBuffer ${caps.sharedArrayBuffer} (isolated: ${where.isolated})`,
  );
  check(hasCapability("webCrypto") === true, "hasCapability(webCrypto)");

  const missing = server ? "indexedDB" : "childProcess";
  try {
    assertCapability(missing);
    check(false, `assertCapability(${missing}) did not throw`);
  } catch (error) {
    check(
      error instanceof CapabilityError && error instanceof PlatformError &&
        error.code === "CAPABILITY_MISSING" && error.capability === missing &&
        error.runtime === runtime,
      `assertCapability(${missing}) threw ${error}`,
    );
  }

  const path = env("PATH");
  check(server ? typeof path === "string" : path === undefined, `env(PATH) ${path}`);
  try {
    env("A=B");
    check(false, "env(A=B) did not throw");
  } catch (error) {
    check(error instanceof PlatformError && error.code === "INVALID_ENV_NAME", `env(A=B) ${error}`);
  }

  const histogram = new Histogram();
  for (let i = 1; i <= 100; i++) histogram.record(i);
  check(histogram.count === 100 && histogram.max === 100, "Histogram count and max");
  check(Math.abs(histogram.p50 - 50) <= 1, `Histogram p50 ${histogram.p50}`);
  const start = now();
  check(now() >= start, "now() is monotonic");
  const memory = memoryUsage();
  check(
    server
      ? memory !== undefined && memory.heapUsed > 0
      : memory === undefined || memory.heapUsed > 0,
    `memoryUsage() ${JSON.stringify(memory)}`,
  );
}
