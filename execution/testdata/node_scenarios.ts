// Bundled for Node.js by worker_pool_runtimes_test.ts: runs the shared pool and
// process scenarios and prints the failures.
import { runScenarios } from "./pool_scenarios.ts";
import { runProcessScenarios } from "./process_scenarios.ts";

const argv = (globalThis as unknown as { process: { argv: string[] } }).process.argv;
const [tasks, broken] = argv.slice(2) as [string, string];
const failures = [
  ...await runScenarios({ tasks, broken, runtime: "node" }),
  ...await runProcessScenarios("node"),
];
// deno-lint-ignore no-console
console.log("ATOMITON_SCENARIO_RESULT " + JSON.stringify(failures));
