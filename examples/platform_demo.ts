// deno-lint-ignore-file no-console
/**
 * What `@atomiton/platform` sees on this machine: `deno task start`.
 *
 * @module
 */
import { getPlatformInfo } from "@atomiton/platform";
import { Histogram, memoryUsage, now } from "@atomiton/platform/metrics";

const start = now();
const info = getPlatformInfo({ refresh: true });
const detection = now() - start;

console.log(`runtime   ${info.runtime} ${info.version ?? ""}`);
console.log(`system    ${info.os}/${info.arch}, ${info.hardwareConcurrency} logical CPUs`);
console.log(
  `modes     ci=${info.ci} test=${info.test} development=${info.development} tty=${info.tty}`,
);
console.log("capabilities");
for (const [name, available] of Object.entries(info.capabilities)) {
  console.log(`  ${available ? "yes" : "no "}  ${name}`);
}

const latency = new Histogram();
for (let i = 0; i < 1000; i++) {
  const t = now();
  getPlatformInfo({ refresh: true });
  latency.record(now() - t);
}
const { p50, p99 } = latency.snapshot();
const heap = memoryUsage()?.heapUsed;
console.log(
  `detection first ${detection.toFixed(3)} ms, then p50 ${p50.toFixed(4)} ms, p99 ${
    p99.toFixed(4)
  } ms`,
);
if (heap !== undefined) console.log(`heap      ${(heap / 1024 / 1024).toFixed(1)} MB`);
