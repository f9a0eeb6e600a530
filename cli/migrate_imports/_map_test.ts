import assert from "node:assert/strict";
import ts from "typescript";
import { CORE_EXPORTS, isCoreSpecifier, packageOf } from "./_map.ts";
import { rewriteImports } from "./_rewrite.ts";

const ROOT = new URL("../../", import.meta.url);

/**
 * The exports of the old `@atomiton/core` index, both published shapes (read from
 * packages/core/src/index.ts of the old monorepo), and the names its
 * `export * from "@atomiton/events"` brought along.
 */
const OLD_INDEX = [
  // later index: the store functions
  "initializeStore",
  "isStoreInitialized",
  "cleanupStore",
  "setTheme",
  "showNotification",
  "dismissNotification",
  "selectBlueprint",
  "addBlueprint",
  "executeBlueprint",
  "getStateSnapshot",
  "getStores",
  "subscribeToUI",
  "subscribeToSession",
  "subscribeToBlueprint",
  "subscribeToExecution",
  // early index: the store classes and factories
  "StoreClient",
  "storeClient",
  "StoreService",
  "storeService",
  "createUIStore",
  "UIStore",
  "UIActions",
  "UISelectors",
  "createSessionStore",
  "SessionStore",
  "SessionActions",
  "SessionSelectors",
  "createBlueprintStore",
  "BlueprintStore",
  "BlueprintActions",
  "BlueprintSelectors",
  "createExecutionStore",
  "ExecutionStore",
  "ExecutionActions",
  "ExecutionSelectors",
  "StoreConfig",
  "ZustandStore",
  "StateUpdater",
  "PersistedData",
  // store types
  "StoreSubscription",
  "UIState",
  "UIPreferences",
  "UITheme",
  "ColorScheme",
  "LayoutMode",
  "Notification",
  "Modal",
  "PanelState",
  "SessionState",
  "DragItem",
  "Selection",
  "Clipboard",
  "UndoItem",
  "BlueprintState",
  "Blueprint",
  "ExecutionState",
  "Job",
  "JobStatus",
  "JobProgress",
  "JobResult",
  // events: the early client, then the re-exported @atomiton/events
  "EventClient",
  "eventClient",
  "SystemEvent",
  "configure",
  "getConfig",
  "emit",
  "subscribe",
  "subscribeFiltered",
  "once",
  "createEvent",
  "broadcast",
  "clearAllListeners",
  "getListenerCount",
  "getActiveChannels",
  "emitStateChange",
  "onStateChange",
  "emitUIAction",
  "onUIAction",
  "emitBlueprintExecution",
  "onBlueprintExecution",
  "emitNodeEvent",
  "onNodeEvent",
  "emitSystemEvent",
  "onSystemEvent",
  "emitMetric",
  "onMetric",
  "debug",
  "onDebug",
  "createEventBus",
  "events",
  "SystemEventListener",
  "EventSubscription",
  "EventFilter",
  "EventEmitterOptions",
  "EventBus",
  "EventBusConfig",
  // clients
  "ClientFactory",
  "BaseStorageClient",
  "FileSystemClient",
  "MemoryClient",
  "IndexedDBClient",
  "MonitoredStorageClient",
  "withMonitoring",
  "BaseExecutionClient",
  "WebWorkerClient",
  "NodeProcessClient",
  "IStorageClient",
  "StorageEvent",
  "IExecutionClient",
  "ProcessHandle",
  "SpawnOptions",
  "ProcessResult",
  // platforms
  "detectPlatform",
  "getPlatformInfo",
  "PlatformInfo",
  "PlatformFeatures",
  "RuntimePlatform",
];

const mappedEntries = Object.entries(CORE_EXPORTS).flatMap(([old, target]) =>
  target.status === "removed" ? [] : [{ old, ...target }]
);

Deno.test("CORE_EXPORTS maps every export of the old index, and nothing else", () => {
  assert.deepEqual(Object.keys(CORE_EXPORTS).sort(), [...OLD_INDEX].sort());
});

Deno.test("CORE_EXPORTS: every new value is exported by its entry at run time", async () => {
  const values = mappedEntries.filter((entry) => entry.kind === "value");
  assert.ok(values.length >= 15);
  for (const { old, entry, name } of values) {
    const module = await import(entry) as Record<string, unknown>;
    assert.equal(typeof module[name], "function", `${old} -> ${name} from ${entry}`);
  }
});

Deno.test("CORE_EXPORTS: every new type is no run-time export, so it gets `type`", async () => {
  for (const { old, entry, name, kind } of mappedEntries) {
    if (kind !== "type") continue;
    const module = await import(entry) as Record<string, unknown>;
    assert.equal(name in module, false, `${old} -> ${name} from ${entry}`);
  }
});

Deno.test("CORE_EXPORTS: every new name type-checks as imported from its entry", async () => {
  // A file that imports every mapped name as the codemod writes it, checked by the workspace.
  const lines = mappedEntries.map(({ kind, entry, name }, i) =>
    `import { ${kind === "type" ? "type " : ""}${name} as _${i} } from "${entry}";`
  );
  // Re-exported: a value imported without `type` must really be a value (isolatedModules).
  const ids = (kind: string): string =>
    mappedEntries.flatMap((entry, i) => entry.kind === kind ? [`_${i}`] : []).join(", ");
  lines.push(`export type { ${ids("type")} };`, `export { ${ids("value")} };`);
  const dir = await Deno.makeTempDir();
  try {
    const file = `${dir}/names.ts`;
    await Deno.writeTextFile(file, lines.join("\n") + "\n");
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["check", "--quiet", "--config", new URL("deno.json", ROOT).pathname, file],
      env: { NO_COLOR: "1" },
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(code, 0, new TextDecoder().decode(stderr));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("MIGRATION.md has a row for every old export with its new home", async () => {
  const guide = await Deno.readTextFile(new URL("MIGRATION.md", ROOT));
  for (const [old, target] of Object.entries(CORE_EXPORTS)) {
    const row = guide.split("\n").find((line) => line.startsWith(`| \`${old}\` `));
    assert.ok(row, `a row for ${old}`);
    if (target.status === "removed") {
      assert.match(row, /no counterpart/, old);
    } else {
      assert.ok(row.includes(`\`${target.name}\` from \`${target.entry}\``), `${old}: ${row}`);
      assert.equal(row.includes("**API changed**"), target.status === "changed", old);
    }
  }
});

Deno.test("MIGRATION.md's before-and-after example is what the codemod writes", async () => {
  const guide = await Deno.readTextFile(new URL("MIGRATION.md", ROOT));
  const block = guide.match(/```ts\n\/\/ before\n([^]*?)\/\/ after\n([^]*?)```/);
  assert.ok(block, "the example");
  const [before, after] = [block[1]!, block[2]!.replace(/ \/\/ no counterpart.*$/m, "")];
  assert.equal(rewriteImports(ts, before, "example.ts").text, after);
});

Deno.test("isCoreSpecifier() knows the old package and its subpaths only", () => {
  assert.equal(isCoreSpecifier("@atomiton/core"), true);
  assert.equal(isCoreSpecifier("@atomiton/core/clients"), true);
  assert.equal(isCoreSpecifier("@atomiton/core-utils"), false);
  assert.equal(isCoreSpecifier("@atomiton/storage"), false);
});

Deno.test("packageOf() drops the entry's path", () => {
  assert.equal(packageOf("@atomiton/storage/fs"), "@atomiton/storage");
  assert.equal(packageOf("@atomiton/store"), "@atomiton/store");
});
