// Every export of @atomiton/core, for both entries: mod.ts and the npm build's mod_browser.ts.
export { type DeprecationNotice, onDeprecation } from "./on_deprecation.ts";
export {
  detectPlatform,
  type PlatformFeatures,
  type PlatformInfo,
  type RuntimePlatform,
} from "./detect_platform.ts";
export { getPlatformInfo } from "./get_platform_info.ts";
export { EventClient, eventClient, type SystemEvent } from "./event_client.ts";
export {
  broadcast,
  clearAllListeners,
  configure,
  createEvent,
  emit,
  type EventBus,
  type EventBusConfig,
  type EventEmitterOptions,
  type EventFilter,
  events,
  type EventSubscription,
  getActiveChannels,
  getConfig,
  getListenerCount,
  once,
  subscribe,
  subscribeFiltered,
  type SystemEventListener,
} from "./event_functions.ts";
export * from "./event_helpers.ts";
export { BaseStorageClient, type IStorageClient } from "./base_storage_client.ts";
export { MemoryClient } from "./memory_client.ts";
export { FileSystemClient } from "./file_system_client.ts";
export { IndexedDBClient } from "./indexeddb_client.ts";
export {
  MonitoredStorageClient,
  type StorageEvent,
  withMonitoring,
} from "./monitored_storage_client.ts";
export { ClientFactory } from "./client_factory.ts";
export * from "./base_execution_client.ts";
export { NodeProcessClient } from "./node_process_client.ts";
export { WebWorkerClient } from "./web_worker_client.ts";
export {
  type PersistedData,
  type StateUpdater,
  StoreClient,
  storeClient,
  type StoreConfig,
  type ZustandStore,
} from "./store_client.ts";
export { OldStore } from "./old_store.ts";
export * from "./ui_store.ts";
export {
  type Clipboard,
  createSessionStore,
  type DragItem,
  type Selection,
  SessionActions,
  SessionSelectors,
  type SessionState,
  SessionStore,
  type SessionView,
  type UndoItem,
} from "./session_store.ts";
export * from "./blueprint_store.ts";
export * from "./execution_store.ts";
export {
  type AppStores,
  StoreService,
  storeService,
  type StoreSubscription,
} from "./store_service.ts";
export * from "./store_functions.ts";
