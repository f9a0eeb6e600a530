import { deprecated } from "./_deprecation.ts";
import type { Blueprint, BlueprintState } from "./blueprint_store.ts";
import type { ExecutionState } from "./execution_store.ts";
import type { SessionState } from "./session_store.ts";
import { sharedService } from "./_shared_service.ts";
import type { AppStores, StoreSubscription } from "./store_service.ts";
import type { Notification, UIState, UITheme } from "./ui_store.ts";

const STORES = "the create…Store() factories of @atomiton/store";

/**
 * Creates the four stores once.
 *
 * @deprecated Create the stores at start-up with the factories of `@atomiton/store`.
 * @returns The stores.
 *
 * @example
 * ```ts
 * import { initializeStore } from "@atomiton/core";
 *
 * const { ui } = initializeStore();
 * console.log(ui.getState().preferences.theme);
 * ```
 */
export function initializeStore(): AppStores {
  deprecated("initializeStore", STORES);
  return sharedService().stores();
}

/**
 * Whether the shared stores exist yet.
 *
 * @deprecated A store exists once created: keep the instance.
 * @returns Whether the stores exist.
 * @example
 * ```ts
 * import { isStoreInitialized } from "@atomiton/core";
 *
 * console.log(isStoreInitialized());
 * ```
 */
export function isStoreInitialized(): boolean {
  deprecated("isStoreInitialized", "keeping the store instances you created");
  return sharedService().isInitialized();
}

/**
 * Writes the persisted stores' pending state and forgets the shared stores.
 *
 * @deprecated Use `ui.dispose()` and `await persistence.close()`.
 * @returns When pending state is written.
 * @example
 * ```ts
 * import { cleanupStore } from "@atomiton/core";
 *
 * await cleanupStore();
 * ```
 */
export function cleanupStore(): Promise<void> {
  deprecated("cleanupStore", "ui.dispose() and persistence.close()");
  return sharedService().cleanup();
}

/**
 * Sets the shared UI store's theme.
 *
 * @deprecated Use `ui.getState().setPreferences({ theme })`.
 * @param theme The theme.
 * @example
 * ```ts
 * import { setTheme } from "@atomiton/core";
 *
 * setTheme("light");
 * ```
 */
export function setTheme(theme: UITheme): void {
  deprecated("setTheme", "ui.getState().setPreferences({ theme })");
  sharedService().stores().ui.actions.setTheme(theme);
}

/**
 * Shows a notification in the shared UI store.
 *
 * @deprecated Use `ui.getState().notify({ type, title, message, timeout })`.
 * @param type Kind.
 * @param title Title.
 * @param message Text.
 * @param duration Ms until it goes.
 * @returns Its id.
 * @example
 * ```ts
 * import { showNotification } from "@atomiton/core";
 *
 * console.log(showNotification("info", "Saved"));
 * ```
 */
export function showNotification(
  type: Notification["type"],
  title: string,
  message?: string,
  duration?: number,
): string {
  deprecated("showNotification", "ui.getState().notify(...)");
  return sharedService().stores().ui.actions.showNotification({ type, title, message, duration });
}

/**
 * Removes a notification from the shared UI store.
 *
 * @deprecated Use `ui.getState().dismiss(id)`.
 * @param id The notification.
 * @example
 * ```ts
 * import { dismissNotification } from "@atomiton/core";
 *
 * dismissNotification("notification-1");
 * ```
 */
export function dismissNotification(id: string): void {
  deprecated("dismissNotification", "ui.getState().dismiss(id)");
  sharedService().stores().ui.actions.dismissNotification(id);
}

/**
 * Selects a blueprint in the shared blueprint store.
 *
 * @deprecated Use `blueprints.getState().select(id)`.
 * @param id The blueprint, or `null`.
 * @example
 * ```ts
 * import { selectBlueprint } from "@atomiton/core";
 *
 * selectBlueprint(null);
 * ```
 */
export function selectBlueprint(id: string | null): void {
  deprecated("selectBlueprint", "blueprints.getState().select(id)");
  sharedService().stores().blueprint.actions.selectBlueprint(id);
}

/**
 * Adds a blueprint to the shared blueprint store.
 *
 * @deprecated Use `blueprints.getState().add({ name, ... })`.
 * @param blueprint The blueprint.
 * @example
 * ```ts
 * import { addBlueprint } from "@atomiton/core";
 *
 * const now = new Date();
 * addBlueprint({ id: "b1", name: "Report", description: "", version: "1", author: "me",
 *   created: now, modified: now, tags: [], nodes: [], connections: [], metadata: {} });
 * ```
 */
export function addBlueprint(blueprint: Blueprint): void {
  deprecated("addBlueprint", "blueprints.getState().add(...)");
  sharedService().stores().blueprint.actions.addBlueprint(blueprint);
}

/**
 * Queues a job for a blueprint; throws `StoreError` `NOT_FOUND` for an unknown one.
 *
 * @deprecated Use `executions.getState().enqueue(blueprintId)`.
 * @param blueprintId The blueprint.
 * @param inputs Its inputs.
 * @returns The job's id.
 * @example
 * ```ts
 * import { executeBlueprint } from "@atomiton/core";
 *
 * try { executeBlueprint("missing"); } catch (error) { console.log((error as Error).message); }
 * ```
 */
export function executeBlueprint(
  blueprintId: string,
  inputs: Record<string, unknown> = {},
): string {
  deprecated("executeBlueprint", "executions.getState().enqueue(blueprintId)");
  const service = sharedService();
  service.stores();
  return service.executeBlueprint(blueprintId, inputs);
}

/**
 * Every store's state with Maps and Sets as arrays of entries (as the old function gave).
 *
 * @deprecated Read each store's `getState()`.
 * @returns The snapshot.
 * @example
 * ```ts
 * import { getStateSnapshot } from "@atomiton/core";
 *
 * console.log(Object.keys(getStateSnapshot()));
 * ```
 */
export function getStateSnapshot(): Record<string, unknown> {
  deprecated("getStateSnapshot", "each store's getState()");
  const { ui, session, blueprint, execution } = sharedService().stores();
  const s = session.getState();
  return {
    blueprint: { ...blueprint.getState(), blueprints: [...blueprint.getState().blueprints] },
    ui: { ...ui.getState(), panelStates: [...ui.getState().panelStates] },
    session: { ...s, tempData: [...s.tempData], activeOperations: [...s.activeOperations] },
    execution: { ...execution.getState(), jobs: [...execution.getState().jobs] },
  };
}

/**
 * The shared stores, created on first use.
 *
 * @deprecated Keep the stores you created, or register them in a container.
 * @returns The stores.
 * @example
 * ```ts
 * import { getStores } from "@atomiton/core";
 *
 * console.log(getStores().ui.getState().notifications.length);
 * ```
 */
export function getStores(): AppStores {
  deprecated("getStores", STORES);
  return sharedService().stores();
}

function on<K extends keyof AppStores, S>(
  name: K,
  old: string,
  callback: (state: S) => void,
): StoreSubscription {
  deprecated(old, `${name}.subscribe(listener) on a store of @atomiton/store`);
  const store = sharedService().stores()[name] as unknown as {
    subscribe(cb: (state: S) => void): () => void;
  };
  return { unsubscribe: store.subscribe(callback) };
}

/**
 * Calls `callback` with each state of the shared UI store.
 *
 * @deprecated Use `ui.subscribe(listener)`.
 * @param callback Gets each state.
 * @returns `{ unsubscribe }`.
 * @example
 * ```ts
 * import { subscribeToUI } from "@atomiton/core";
 *
 * subscribeToUI((state) => console.log(state.preferences.theme)).unsubscribe();
 * ```
 */
export function subscribeToUI(callback: (state: UIState) => void): StoreSubscription {
  return on("ui", "subscribeToUI", callback);
}

/**
 * Calls `callback` with each state of the shared session store.
 *
 * @deprecated Use `session.subscribe(listener)`.
 * @param callback Gets each state.
 * @returns `{ unsubscribe }`.
 * @example
 * ```ts
 * import { subscribeToSession } from "@atomiton/core";
 *
 * subscribeToSession((state) => console.log(state.zoomLevel)).unsubscribe();
 * ```
 */
export function subscribeToSession(callback: (state: SessionState) => void): StoreSubscription {
  return on("session", "subscribeToSession", callback);
}

/**
 * Calls `callback` with each state of the shared blueprint store.
 *
 * @deprecated Use `blueprints.subscribe(listener)`.
 * @param callback Gets each state.
 * @returns `{ unsubscribe }`.
 * @example
 * ```ts
 * import { subscribeToBlueprint } from "@atomiton/core";
 *
 * subscribeToBlueprint((state) => console.log(state.blueprints.size)).unsubscribe();
 * ```
 */
export function subscribeToBlueprint(callback: (state: BlueprintState) => void): StoreSubscription {
  return on("blueprint", "subscribeToBlueprint", callback);
}

/**
 * Calls `callback` with each state of the shared execution store.
 *
 * @deprecated Use `executions.subscribe(listener)`.
 * @param callback Gets each state.
 * @returns `{ unsubscribe }`.
 * @example
 * ```ts
 * import { subscribeToExecution } from "@atomiton/core";
 *
 * subscribeToExecution((state) => console.log(state.queue.length)).unsubscribe();
 * ```
 */
export function subscribeToExecution(callback: (state: ExecutionState) => void): StoreSubscription {
  return on("execution", "subscribeToExecution", callback);
}
