import { ExecutionError } from "@atomiton/execution";
import type { ProcessClient } from "@atomiton/execution/process";

// The entry that runs where processes exist (mod.ts) provides the new ProcessClient; the npm
// build's browser entry (mod_browser.ts) does not, so a page never bundles node:child_process.
let ProcessClientClass: (new () => ProcessClient) | undefined;

/** Called by mod.ts with `ProcessClient` from `@atomiton/execution/process`. */
export function provideProcessClient(constructor: new () => ProcessClient): void {
  ProcessClientClass = constructor;
}

/** A new ProcessClient; `ExecutionError` `UNSUPPORTED` where there is none (a browser). */
export function newProcessClient(): ProcessClient {
  if (ProcessClientClass === undefined) {
    throw new ExecutionError(
      "UNSUPPORTED",
      "NodeProcessClient cannot start processes in a browser; use WebWorkerClient " +
        "(or WorkerPool from @atomiton/execution) there.",
    );
  }
  return new ProcessClientClass();
}
