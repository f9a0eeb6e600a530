// Run on Node (bundled by platform_node_test.ts): prints what this package reports there and what
// Node itself says, as one JSON line; the names given as a JSON list are read with env().
import { availableParallelism, cpus } from "node:os";
import process from "node:process";
import { env, getPlatformInfo } from "../mod.ts";

const info = getPlatformInfo();
// deno-lint-ignore no-console -- the test reads what the process prints
console.log(JSON.stringify({
  runtime: info.runtime,
  hardwareConcurrency: info.hardwareConcurrency,
  availableParallelism: availableParallelism(),
  cpus: cpus().length,
  navigator: "navigator" in globalThis,
  env: (JSON.parse(process.argv[2] ?? "[]") as string[]).map((name) => typeof env(name)),
}));
