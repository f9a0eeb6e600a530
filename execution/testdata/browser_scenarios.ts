// Bundled for Chromium by worker_pool_runtimes_test.ts: runs the shared pool
// scenarios in the page and publishes the failures as `__result`.
import { runScenarios } from "./pool_scenarios.ts";

const scope = globalThis as unknown as { location: { href: string }; __result?: string[] };
scope.__result = await runScenarios({
  tasks: new URL("./tasks.mjs", scope.location.href).href,
  broken: new URL("./broken.mjs", scope.location.href).href,
  runtime: "browser",
});
