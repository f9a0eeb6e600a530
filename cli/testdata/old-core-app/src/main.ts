// deno-fmt-ignore-file
// deno-lint-ignore-file
// The app's entry: prints the same lines on the old @atomiton/core (the facade), after
// `atomiton migrate-imports` (events, storage and platform on the new packages; the store
// functions with no counterpart still on the facade), and half-way between the two.
import {
  addBlueprint,
  BlueprintSelectors,
  executeBlueprint,
  ExecutionSelectors,
  getStores,
  selectBlueprint,
  showNotification,
  UISelectors,
} from "@atomiton/core";
import { describeEvent, events } from "./events.ts";
import { runtime } from "./platform.ts";
import { describe, openCache, openFiles, openMonitored } from "./storage.ts";
import { has, isDone } from "./types.ts";

const lines: string[] = [];
const print = (line: string): void => void lines.push(line);

// Platform.
print(`runtime: ${runtime}`);

// Events: the new emit/on work on the old EventClient too.
events.on("blueprint:*", (data, type) => print(`event: ${type} ${JSON.stringify(data)}`));
events.emit("blueprint:saved", { id: "bp-1" });
print(`described: ${describeEvent({ type: "ready", source: "app", timestamp: 0, data: null })}`);

// Storage: a memory cache, a monitored one and a folder; `_` and `__proto__` are plain keys.
const cache = openCache();
await cache.set("user_settings", { theme: "dark" });
await cache.set("__proto__", { polluted: false });
print(`cache: ${JSON.stringify(await cache.get("user_settings"))} ${(await cache.keys()).sort().join(",")}`);
print(`has user_settings: ${await has(cache, "user_settings")}; polluted: ${({} as any).polluted}`);
const monitored = openMonitored();
await monitored.set("count", 3);
print(`monitored: ${await monitored.get("count")}`);
print(`described: ${describe({ operation: "write", key: "count", success: true, duration: 0 } as any)}`);
const directory = await Deno.makeTempDir();
try {
  const files = openFiles(directory);
  await files.set("user_settings", [1, 2]);
  await files.set("a/b", "nested");
  print(`files: ${(await files.keys()).sort().join(",")} ${JSON.stringify(await files.get("user_settings"))}`);
  await files.close();
} finally {
  await Deno.remove(directory, { recursive: true });
}

// Stores: the old module-level functions, actions and selectors (no counterpart: still the facade's).
const stores = getStores();
addBlueprint({
  id: "bp-1", name: "Report", description: "weekly", version: "1.0.0", author: "ada",
  created: new Date(0), modified: new Date(0), tags: ["weekly", "mail"], nodes: [], connections: [],
  metadata: {},
});
selectBlueprint("bp-1");
const blueprints = stores.blueprint.getState();
print(`blueprint: ${BlueprintSelectors.getSelectedBlueprint(blueprints)?.name} tags ${BlueprintSelectors.getAllTags(blueprints).join(",")}`);
const jobId = executeBlueprint("bp-1", { week: 1 });
print(`queued: ${ExecutionSelectors.getStatistics(stores.execution.getState()).queuedJobs}`);
stores.execution.actions.cancelJob(jobId);
const job = ExecutionSelectors.getJob(stores.execution.getState(), jobId)!;
print(`cancelled: ${job.status} done ${isDone(job.status)} queued ${stores.execution.getState().queue.length}`);
showNotification("success", "Saved");
showNotification("info", "Sent");
print(`notifications: ${UISelectors.getVisibleNotifications(stores.ui.getState()).map((n) => n.title).join(",")}`);

console.log(lines.join("\n"));
