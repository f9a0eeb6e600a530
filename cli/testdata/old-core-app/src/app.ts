// deno-fmt-ignore-file
// deno-lint-ignore-file
// Start-up, old style: needs a person after the codemod.
import {
  initializeStore,
  setTheme,
  withMonitoring,
  NodeProcessClient,
  WebWorkerClient as Workers,
  MemoryClient,
} from "@atomiton/core";
import * as core from "@atomiton/core";
import "@atomiton/core";

export * from "@atomiton/core";

await initializeStore();
setTheme("dark");
const storage = withMonitoring(new MemoryClient());
const processes = new NodeProcessClient();
const workers = new Workers();
console.log(core.getPlatformInfo(), storage, processes, workers);
