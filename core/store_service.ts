import { deprecated, quietly } from "./_deprecation.ts";
import { lazyInstance } from "./_lazy.ts";
import {
  type BlueprintState,
  type BlueprintStore,
  createBlueprintStore,
} from "./blueprint_store.ts";
import {
  createExecutionStore,
  type ExecutionState,
  type ExecutionStore,
} from "./execution_store.ts";
import { createSessionStore, type SessionState, type SessionStore } from "./session_store.ts";
import { createUIStore, type UIState, type UIStore, type UITheme } from "./ui_store.ts";
import { sharedStoreClient } from "./_shared_store_client.ts";
import { StoreError } from "@atomiton/store";

/**
 * What the old subscribe functions returned.
 *
 * @deprecated `store.subscribe()` returns the unsubscribe function itself.
 *
 * @example
 * ```ts
 * import { type StoreSubscription, subscribeToUI } from "@atomiton/core";
 *
 * const subscription: StoreSubscription = subscribeToUI(() => {});
 * subscription.unsubscribe();
 * ```
 */
export interface StoreSubscription {
  /** Stops the subscription. */
  unsubscribe: () => void;
}

/**
 * The four stores the service holds.
 *
 * @example
 * ```ts
 * import { type AppStores, initializeStore } from "@atomiton/core";
 *
 * const stores: AppStores = initializeStore();
 * console.log(stores.ui.getState().preferences.theme);
 * ```
 */
export interface AppStores {
  /** The UI store. */
  ui: UIStore;
  /** The session store. */
  session: SessionStore;
  /** The blueprint store. */
  blueprint: BlueprintStore;
  /** The execution store. */
  execution: ExecutionStore;
}

/**
 * The old service over the four stores.
 *
 * @deprecated Create the stores you need with the `create…Store()` factories of `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { MemoryClient, StoreClient, StoreService } from "@atomiton/core";
 *
 * // Persist to memory here; by default it is the platform's folder (~/.config/atomiton/storage).
 * await StoreClient.getInstance().initialize(new MemoryClient());
 * const service = StoreService.getInstance();
 * await service.initialize();
 * service.setTheme("light");
 * await service.cleanup();
 * ```
 */
export class StoreService {
  static #instance: StoreService | undefined;
  #stores: AppStores | null = null;

  private constructor() {}

  /**
   * The shared service.
   *
   * @returns The one instance.
   */
  static getInstance(): StoreService {
    deprecated("StoreService", "the create…Store() factories of @atomiton/store");
    return StoreService.#instance ??= new StoreService();
  }

  /** Creates the four stores once (after initialising the store client). */
  async initialize(): Promise<void> {
    if (this.#stores) return;
    await sharedStoreClient().initialize();
    this.stores();
  }

  /**
   * The four stores, created on first use.
   *
   * @returns The stores, created on first use.
   */
  stores(): AppStores {
    return this.#stores ??= quietly(() => ({
      ui: createUIStore(),
      session: createSessionStore(),
      blueprint: createBlueprintStore(),
      execution: createExecutionStore(),
    }));
  }

  #get<K extends keyof AppStores>(name: K): AppStores[K] {
    if (!this.#stores) {
      throw new StoreError(
        "INVALID_TRANSITION",
        "StoreService not initialized. Call initialize() first.",
      );
    }
    return this.#stores[name];
  }

  /**
   * The UI store.
   *
   * @returns The UI store.
   */
  getUIStore(): UIStore {
    return this.#get("ui");
  }
  /**
   * The session store.
   *
   * @returns The session store.
   */
  getSessionStore(): SessionStore {
    return this.#get("session");
  }
  /**
   * The blueprint store.
   *
   * @returns The blueprint store.
   */
  getBlueprintStore(): BlueprintStore {
    return this.#get("blueprint");
  }
  /**
   * The execution store.
   *
   * @returns The execution store.
   */
  getExecutionStore(): ExecutionStore {
    return this.#get("execution");
  }
  /**
   * Sets the UI store's theme.
   *
   * @param theme The theme.
   */
  setTheme(theme: UITheme): void {
    this.getUIStore().actions.setTheme(theme);
  }
  /**
   * Shows a notification in the UI store.
   *
   * @param type Kind.
   * @param title Title.
   * @param message Text.
   * @param duration Ms until it goes.
   * @returns Its id. /
   */
  showNotification(
    type: "info" | "success" | "warning" | "error",
    title: string,
    message?: string,
    duration?: number,
  ): string {
    return this.getUIStore().actions.showNotification({ type, title, message, duration });
  }
  /**
   * Selects a blueprint in the blueprint store.
   *
   * @param blueprintId The blueprint, or `null`.
   */
  selectBlueprint(blueprintId: string | null): void {
    this.getBlueprintStore().actions.selectBlueprint(blueprintId);
  }
  /**
   * Queues a job for a blueprint; throws `StoreError` `NOT_FOUND` for an unknown one.
   *
   * @param blueprintId The blueprint.
   * @param inputs Its inputs.
   * @returns The job's id.
   */
  executeBlueprint(blueprintId: string, inputs: Record<string, unknown> = {}): string {
    const blueprint = this.getBlueprintStore().getState().blueprints.get(blueprintId);
    if (!blueprint) throw new StoreError("NOT_FOUND", `Blueprint ${blueprintId} not found`);
    return this.getExecutionStore().actions.addJob({
      blueprintId,
      blueprintName: blueprint.name,
      status: "queued",
      priority: 1,
      progress: { current: 0, total: 100, percentage: 0 },
      inputs,
      outputs: {},
      tags: blueprint.tags,
      nodeStates: new Map(),
    });
  }
  /**
   * A snapshot of the four stores' states.
   *
   * @returns Each store's state.
   */
  getStateSnapshot(): {
    ui: UIState;
    session: SessionState;
    blueprint: BlueprintState;
    execution: ExecutionState;
  } {
    return {
      ui: this.getUIStore().getState(),
      session: this.getSessionStore().getState(),
      blueprint: this.getBlueprintStore().getState(),
      execution: this.getExecutionStore().getState(),
    };
  }
  /**
   * Whether the stores exist yet.
   *
   * @returns Whether the stores exist.
   */
  isInitialized(): boolean {
    return this.#stores !== null;
  }
  /** Writes pending state and forgets the stores. */
  async cleanup(): Promise<void> {
    await sharedStoreClient().cleanup();
    this.#stores = null;
  }
}

/**
 * The old StoreService instance, made on first use.
 *
 * @deprecated Create the stores you need with the `create…Store()` factories of `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { storeService } from "@atomiton/core";
 *
 * console.log(storeService.isInitialized());
 * ```
 */
export const storeService: StoreService = lazyInstance(
  "storeService",
  "the create…Store() factories of @atomiton/store",
  () => quietly(() => StoreService.getInstance()),
);
