/** Whether an export is a runtime value or only a type. */
export type ExportKind = "value" | "type";

/** The part of the old `@atomiton/core` an export belonged to (MIGRATION.md's sections). */
export type ExportArea = "store" | "events" | "storage" | "execution" | "platform";

/**
 * Where an export of the old `@atomiton/core` lives now:
 * - `moved`: the same thing under `name` in `entry`; the import is rewritten (with
 *   `name as Old` where the name changed) and nothing else needs to change;
 * - `changed`: `name` in `entry` does its job, but it is used differently (a function
 *   became a class, other methods); the import is rewritten and its uses are listed;
 * - `removed`: no counterpart; the import is left alone and `instead` says what to do.
 */
export type CoreExport =
  | {
    readonly status: "moved" | "changed";
    readonly area: ExportArea;
    readonly kind: ExportKind;
    readonly entry: string;
    readonly name: string;
    /** How it differs; for `changed`, what to change where it is used. */
    readonly note?: string;
  }
  | {
    readonly status: "removed";
    readonly area: ExportArea;
    readonly kind: ExportKind;
    readonly instead: string;
  };

const STORE = "@atomiton/store";
const EVENTS = "@atomiton/events";
const STORAGE = "@atomiton/storage";
const PROCESS = "@atomiton/execution/process";
const PLATFORM = "@atomiton/platform";

function moved(
  area: ExportArea,
  kind: ExportKind,
  entry: string,
  name: string,
  note?: string,
): CoreExport {
  return { status: "moved", area, kind, entry, name, ...(note ? { note } : {}) };
}

function changed(
  area: ExportArea,
  kind: ExportKind,
  entry: string,
  name: string,
  note: string,
): CoreExport {
  return { status: "changed", area, kind, entry, name, note };
}

function removed(area: ExportArea, kind: ExportKind, instead: string): CoreExport {
  return { status: "removed", area, kind, instead };
}

const ACTIONS_IN_STATE =
  "actions live in the state: `store.getState().action(...)`; select with `(s) => s.field`";
const STORAGE_API =
  "`read`/`write` of Buffers became `get`/`set` of JSON values or bytes; no `initialize()`, `close()` ends it";

/**
 * Every export of the old monolithic `@atomiton/core` (both published shapes of its
 * index: the early one with `EventClient`, `StoreService` and the store factories, the
 * later one with the store functions and `export * from "@atomiton/events"`), by name.
 */
export const CORE_EXPORTS: Readonly<Record<string, CoreExport>> = {
  // Store: the singleton service became stores you create.
  initializeStore: removed(
    "store",
    "value",
    "create the stores at start-up (`createUIStore()`, `createSessionStore()`, `createBlueprintStore()`, `createExecutionStore()` from @atomiton/store); there is no global initialise step",
  ),
  isStoreInitialized: removed(
    "store",
    "value",
    "a store exists once created: keep the instance (or resolve it from an @atomiton/di container)",
  ),
  cleanupStore: removed(
    "store",
    "value",
    "`ui.dispose()` for the UI store and `await persistence.close()` for each `persist()`",
  ),
  setTheme: removed("store", "value", "`ui.getState().setPreferences({ theme })`"),
  showNotification: removed(
    "store",
    "value",
    "`ui.getState().notify({ type, title, message, timeout })`; it returns the id",
  ),
  dismissNotification: removed("store", "value", "`ui.getState().dismiss(id)`"),
  selectBlueprint: removed("store", "value", "`blueprints.getState().select(id)`"),
  addBlueprint: removed("store", "value", "`blueprints.getState().add({ name, ... })`"),
  executeBlueprint: removed(
    "store",
    "value",
    "`executions.getState().enqueue(blueprintId)`, and run the blueprint with `atomiton run` or a WorkerPool",
  ),
  getStateSnapshot: removed(
    "store",
    "value",
    "read each store: `{ ui: ui.getState(), session: session.getState(), ... }`",
  ),
  getStores: removed(
    "store",
    "value",
    "keep the stores you created, or register them in an @atomiton/di Container",
  ),
  subscribeToUI: removed(
    "store",
    "value",
    "`ui.subscribe(listener)`; it returns the unsubscribe function",
  ),
  subscribeToSession: removed(
    "store",
    "value",
    "`session.subscribe(listener)`; it returns the unsubscribe function",
  ),
  subscribeToBlueprint: removed(
    "store",
    "value",
    "`blueprints.subscribe(listener)`; it returns the unsubscribe function",
  ),
  subscribeToExecution: removed(
    "store",
    "value",
    "`executions.subscribe(listener)`; it returns the unsubscribe function",
  ),
  StoreClient: removed(
    "store",
    "value",
    "stores are plain zustand stores; persist one with `persist(store, storage, { key })` from @atomiton/store/persist",
  ),
  storeClient: removed(
    "store",
    "value",
    "stores are plain zustand stores; persist one with `persist(store, storage, { key })` from @atomiton/store/persist",
  ),
  StoreService: removed(
    "store",
    "value",
    "create the stores you need with the `create…Store()` factories of @atomiton/store",
  ),
  storeService: removed(
    "store",
    "value",
    "create the stores you need with the `create…Store()` factories of @atomiton/store",
  ),
  createUIStore: changed("store", "value", STORE, "createUIStore", ACTIONS_IN_STATE),
  createSessionStore: changed("store", "value", STORE, "createSessionStore", ACTIONS_IN_STATE),
  createBlueprintStore: changed("store", "value", STORE, "createBlueprintStore", ACTIONS_IN_STATE),
  createExecutionStore: changed("store", "value", STORE, "createExecutionStore", ACTIONS_IN_STATE),
  UIStore: moved("store", "type", STORE, "UIStore", "a zustand store that is also Disposable"),
  SessionStore: moved("store", "type", STORE, "SessionStore"),
  BlueprintStore: moved("store", "type", STORE, "BlueprintStore"),
  ExecutionStore: moved("store", "type", STORE, "ExecutionStore"),
  UIActions: removed("store", "value", ACTIONS_IN_STATE),
  UISelectors: removed("store", "value", ACTIONS_IN_STATE),
  SessionActions: removed("store", "value", ACTIONS_IN_STATE),
  SessionSelectors: removed("store", "value", ACTIONS_IN_STATE),
  BlueprintActions: removed("store", "value", ACTIONS_IN_STATE),
  BlueprintSelectors: removed(
    "store",
    "value",
    "`selectFilteredBlueprints(state)` and `selectAllTags(state)` from @atomiton/store",
  ),
  ExecutionActions: removed("store", "value", ACTIONS_IN_STATE),
  ExecutionSelectors: removed("store", "value", ACTIONS_IN_STATE),
  StoreConfig: removed(
    "store",
    "type",
    "`PersistOptions` (@atomiton/store/persist) for what was persisted; initial state goes to the factory's options",
  ),
  ZustandStore: moved("store", "type", STORE, "StoreApi"),
  StateUpdater: removed(
    "store",
    "type",
    "`(state: T) => Partial<T>`, as zustand's `setState` takes",
  ),
  PersistedData: removed("store", "type", "`Partial<S>` of the store's state, with `persist()`"),
  StoreSubscription: removed(
    "store",
    "type",
    "`() => void`: `store.subscribe()` returns the unsubscribe function itself",
  ),
  UIState: moved("store", "type", STORE, "UIState", "actions are part of the state"),
  UIPreferences: moved("store", "type", STORE, "Preferences"),
  UITheme: removed("store", "type", '`Preferences["theme"]` ("light" | "dark" | "system")'),
  ColorScheme: removed("store", "type", '`Preferences["colorScheme"]` (a string)'),
  LayoutMode: removed("store", "type", '`Preferences["layout"]` ("default" | "compact" | "focus")'),
  Notification: moved("store", "type", STORE, "Notification", "`duration` became `timeout`"),
  Modal: moved("store", "type", STORE, "Modal"),
  PanelState: moved("store", "type", STORE, "PanelState"),
  SessionState: moved("store", "type", STORE, "SessionState", "actions are part of the state"),
  DragItem: moved("store", "type", STORE, "DragState", "the drag: node ids, origin and pointer"),
  Selection: removed("store", "type", '`SessionState["selection"]` (the selected node ids)'),
  Clipboard: moved("store", "type", STORE, "Clipboard"),
  UndoItem: removed(
    "store",
    "type",
    "your own step type with `session.getState().record(step)`, or `withHistory(store)` (@atomiton/store/history) and its `HistoryEntry`",
  ),
  BlueprintState: moved("store", "type", STORE, "BlueprintState", "actions are part of the state"),
  Blueprint: moved("store", "type", STORE, "Blueprint"),
  ExecutionState: moved("store", "type", STORE, "ExecutionState", "actions are part of the state"),
  Job: moved("store", "type", STORE, "Job"),
  JobStatus: moved("store", "type", STORE, "JobStatus"),
  JobProgress: moved("store", "type", STORE, "JobProgress"),
  JobResult: removed("store", "type", '`Job["result"]` (and `Job["error"]` for a failure)'),

  // Events: one typed client you create, instead of module functions and a singleton.
  EventClient: changed(
    "events",
    "value",
    EVENTS,
    "EventClient",
    '`broadcast(event)` -> `emit(type, data)`; `listen(fn)` -> `on("*", (data, type) => ...)`; type it with an event map',
  ),
  eventClient: removed(
    "events",
    "value",
    "create one `new EventClient()` (@atomiton/events) at start-up and share it, or register it in a container",
  ),
  SystemEvent: moved(
    "events",
    "type",
    EVENTS,
    "SystemEvent",
    "read-only; `data` is always there; no `metadata`",
  ),
  createEventBus: changed(
    "events",
    "value",
    EVENTS,
    "EventClient",
    "`createEventBus(name)` -> `new EventClient()`; `removeAllListeners()` -> `clear()`",
  ),
  emit: removed("events", "value", "`events.emit(type, data)` on a shared EventClient"),
  broadcast: removed("events", "value", "`events.emit(type, data)` on a shared EventClient"),
  createEvent: removed(
    "events",
    "value",
    "`events.emit(type, data)`: the client stamps `source` and `timestamp`",
  ),
  subscribe: removed(
    "events",
    "value",
    '`events.on("*", (data, type) => ...)`; it returns the unsubscribe function',
  ),
  subscribeFiltered: removed(
    "events",
    "value",
    '`events.on("prefix:*", handler)` for a prefix, or filter inside the handler',
  ),
  once: removed("events", "value", "`events.once(type, handler)`, or `await events.once(type)`"),
  configure: removed(
    "events",
    "value",
    "`new EventClient({ onError })`: options are per client",
  ),
  getConfig: removed("events", "value", "keep the options you gave the client"),
  clearAllListeners: removed("events", "value", "`events.clear()`"),
  getListenerCount: removed("events", "value", "`events.listenerCount(pattern)`"),
  getActiveChannels: removed("events", "value", "`events.listenerCount()` per pattern you use"),
  emitStateChange: removed(
    "events",
    "value",
    '`events.emit("state:changed", data)` with your event map',
  ),
  onStateChange: removed("events", "value", '`events.on("state:changed", handler)`'),
  emitUIAction: removed("events", "value", '`events.emit("ui:action", data)` with your event map'),
  onUIAction: removed("events", "value", '`events.on("ui:action", handler)`'),
  emitBlueprintExecution: removed(
    "events",
    "value",
    '`events.emit("execution:started", data)`; `bindEvents(store, events)` (@atomiton/store/events) drives an execution store',
  ),
  onBlueprintExecution: removed("events", "value", '`events.on("execution:*", handler)`'),
  emitNodeEvent: removed("events", "value", '`events.emit("node:...", data)` with your event map'),
  onNodeEvent: removed("events", "value", '`events.on("node:*", handler)`'),
  emitSystemEvent: removed("events", "value", "`events.emit(type, data)`"),
  onSystemEvent: removed("events", "value", '`events.on("*", handler)`'),
  emitMetric: removed(
    "events",
    "value",
    '`Histogram` (@atomiton/platform/metrics) to measure; `events.emit("metric", data)` to publish',
  ),
  onMetric: removed("events", "value", '`events.on("metric", handler)`'),
  debug: removed(
    "events",
    "value",
    '`events.emit("debug", data)`; record a log with EventRecorder (@atomiton/events/recorder)',
  ),
  onDebug: removed("events", "value", '`events.on("debug", handler)`'),
  SystemEventListener: removed(
    "events",
    "type",
    "`EventHandler<M, P>` (@atomiton/events): handlers get `(data, type)`",
  ),
  EventSubscription: removed(
    "events",
    "type",
    "`Unsubscribe` (@atomiton/events): `on()` returns a function, also Disposable",
  ),
  EventFilter: removed("events", "type", 'a pattern: an exact type, `"*"` or `"prefix:*"`'),
  EventEmitterOptions: removed("events", "type", "`EventClientOptions` (@atomiton/events)"),
  EventBus: removed("events", "type", "`EventClient<M>` (@atomiton/events)"),
  EventBusConfig: removed("events", "type", "`EventClientOptions` (@atomiton/events)"),
  events: removed("events", "value", "one shared `new EventClient()` (@atomiton/events)"),

  // Storage: one key-value interface; backends are entries of their own.
  ClientFactory: changed(
    "storage",
    "value",
    "@atomiton/storage/auto",
    "createStorageClient",
    "`ClientFactory.createStorageClient(platform)` -> `createStorageClient({ name })`; no execution clients",
  ),
  BaseStorageClient: removed(
    "storage",
    "value",
    "implement the `StorageClient` interface (@atomiton/storage); wrap another client to add behaviour",
  ),
  FileSystemClient: changed(
    "storage",
    "value",
    "@atomiton/storage/fs",
    "FileSystemClient",
    `\`new FileSystemClient({ directory })\`; ${STORAGE_API}`,
  ),
  MemoryClient: changed("storage", "value", STORAGE, "MemoryClient", STORAGE_API),
  IndexedDBClient: changed(
    "storage",
    "value",
    "@atomiton/storage/indexeddb",
    "IndexedDBClient",
    `\`new IndexedDBClient({ database })\`; ${STORAGE_API}`,
  ),
  MonitoredStorageClient: changed(
    "storage",
    "value",
    STORAGE,
    "MonitoredStorageClient",
    "`new MonitoredStorageClient(client, { events })`: operations go to an EventClient as `storage:*` events",
  ),
  withMonitoring: changed(
    "storage",
    "value",
    STORAGE,
    "MonitoredStorageClient",
    "`withMonitoring(client)` -> `new MonitoredStorageClient(client)`",
  ),
  IStorageClient: moved("storage", "type", STORAGE, "StorageClient", STORAGE_API),
  StorageEvent: moved("storage", "type", STORAGE, "StorageOperationEvent"),

  // Execution: worker pools run task modules; processes have their own client.
  BaseExecutionClient: removed(
    "execution",
    "value",
    "`WorkerPool` (@atomiton/execution) for tasks, `ProcessClient` (@atomiton/execution/process) for programs",
  ),
  WebWorkerClient: changed(
    "execution",
    "value",
    "@atomiton/execution",
    "WorkerPool",
    "`new WorkerPool(moduleUrl)` and `await pool.run(input)` instead of spawning a script and waiting; it picks Web Workers or worker threads",
  ),
  NodeProcessClient: changed(
    "execution",
    "value",
    PROCESS,
    "ProcessClient",
    "`spawn(command, args, options)` returns a handle; `client.wait(handle)` -> `handle.wait()`, `kill(handle)` -> `handle.kill()`",
  ),
  IExecutionClient: removed(
    "execution",
    "type",
    "`WorkerPool` or `ProcessClient`; there is no common interface",
  ),
  ProcessHandle: moved("execution", "type", PROCESS, "ProcessHandle"),
  SpawnOptions: moved("execution", "type", PROCESS, "SpawnOptions"),
  ProcessResult: moved("execution", "type", PROCESS, "ProcessResult"),

  // Platform detection.
  detectPlatform: changed(
    "platform",
    "value",
    PLATFORM,
    "getPlatformInfo",
    "`detectPlatform()` -> `getPlatformInfo({ refresh: true })`; `platform`/`isNode`/`isBrowser` -> `runtime`, `features` -> `capabilities`",
  ),
  getPlatformInfo: changed(
    "platform",
    "value",
    PLATFORM,
    "getPlatformInfo",
    '`platform`/`isNode`/`isBrowser` -> `runtime`; `features.hasX` -> `capabilities.x` or `hasCapability("x")`; `isTest` -> `test`',
  ),
  PlatformInfo: moved(
    "platform",
    "type",
    PLATFORM,
    "PlatformInfo",
    "`runtime`, `os`, `arch`, `capabilities` instead of `platform`, `isNode`, `features`",
  ),
  PlatformFeatures: moved(
    "platform",
    "type",
    PLATFORM,
    "Capabilities",
    "`hasIndexedDB` -> `indexedDB`",
  ),
  RuntimePlatform: moved(
    "platform",
    "type",
    PLATFORM,
    "Runtime",
    '"deno" | "node" | "bun" | "browser" | ... instead of "browser" | "desktop" | "test"',
  ),
};

/** What the report says of a name the map does not know. */
export const UNKNOWN_EXPORT =
  "not an export of @atomiton/core that the new packages replace (its re-exports of @atomiton/nodes, its theme and visualization modules stay with those packages)";

/** The old package, and its subpaths (`@atomiton/core/...`). */
export function isCoreSpecifier(specifier: string): boolean {
  return specifier === "@atomiton/core" || specifier.startsWith("@atomiton/core/");
}

/** The package of an entry: `@atomiton/storage/fs` -> `@atomiton/storage`. */
export function packageOf(entry: string): string {
  return entry.split("/").slice(0, 2).join("/");
}
