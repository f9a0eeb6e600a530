import { deprecated } from "./_deprecation.ts";
import { OldStore } from "./old_store.ts";
import { uniqueId } from "./_unique_id.ts";
import { sharedStoreClient } from "./_shared_store_client.ts";

/**
 * The old UI themes.
 *
 * @deprecated Use `Preferences["theme"]` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { setTheme, type UITheme } from "@atomiton/core";
 *
 * const theme: UITheme = "light";
 * setTheme(theme);
 * ```
 */
export type UITheme = "light" | "dark" | "auto";
/**
 * The old editor color schemes.
 *
 * @deprecated Use `Preferences["colorScheme"]` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { type ColorScheme, createUIStore } from "@atomiton/core";
 *
 * const scheme: ColorScheme = "monokai";
 * createUIStore().actions.setColorScheme(scheme);
 * ```
 */
export type ColorScheme = "default" | "dracula" | "monokai" | "solarized";
/**
 * The old layout spacings.
 *
 * @deprecated Use `Preferences["layout"]` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { createUIStore, type LayoutMode } from "@atomiton/core";
 *
 * const layoutMode: LayoutMode = "compact";
 * createUIStore().actions.updatePreferences({ layoutMode });
 * ```
 */
export type LayoutMode = "compact" | "comfortable" | "spacious";

/**
 * A notification in the old UI store.
 *
 * @deprecated Use `Notification` from `@atomiton/store` (`duration` became `timeout`).
 *
 * @example
 * ```ts
 * import { createUIStore, type Notification } from "@atomiton/core";
 *
 * const ui = createUIStore();
 * ui.actions.showNotification({ type: "info", title: "Saved" });
 * const shown: Notification[] = ui.getState().notifications;
 * console.log(shown.length);
 * ```
 */
export interface Notification {
  /** Its id. */
  id: string;
  /** Its kind. */
  type: "info" | "success" | "warning" | "error";
  /** Its title. */
  title: string;
  /** Its text. */
  message?: string | undefined;
  /** Milliseconds before it goes; 0 or none: it stays. */
  duration?: number | undefined;
  /** When it was shown. */
  timestamp: Date;
  /** Its buttons. */
  actions?: Array<{ label: string; action: () => void }>;
}

/**
 * A modal in the old UI store.
 *
 * @deprecated Use `Modal` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { createUIStore, type Modal } from "@atomiton/core";
 *
 * const modal: Omit<Modal, "id"> = { type: "confirm", title: "Delete?" };
 * createUIStore().actions.showModal(modal);
 * ```
 */
export interface Modal {
  /** Its id. */
  id: string;
  /** Which modal. */
  type: string;
  /** Its title. */
  title: string;
  /** What it shows. */
  props?: Record<string, unknown>;
  /** Called when it closes. */
  onClose?: () => void;
}

/**
 * The old UI preferences.
 *
 * @deprecated Use `Preferences` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { createUIStore, type UIPreferences } from "@atomiton/core";
 *
 * const preferences: UIPreferences = createUIStore().getState().preferences;
 * console.log(preferences.gridSize);
 * ```
 */
export interface UIPreferences {
  /** Light, dark, or as the system. */
  theme: UITheme;
  /** The editor's colors. */
  colorScheme: ColorScheme;
  /** The spacing. */
  layoutMode: LayoutMode;
  /** The sidebar's width in pixels. */
  sidebarWidth: number;
  /** Whether the sidebar is collapsed. */
  sidebarCollapsed: boolean;
  /** Whether the minimap shows. */
  showMinimap: boolean;
  /** Whether the grid shows. */
  showGrid: boolean;
  /** Whether nodes snap to the grid. */
  snapToGrid: boolean;
  /** The grid's cell size in pixels. */
  gridSize: number;
  /** Whether blueprints save by themselves. */
  autoSave: boolean;
  /** Minutes between saves. */
  autoSaveInterval: number;
  /** The font size in pixels. */
  fontSize: number;
  /** The font. */
  fontFamily: string;
  /** Whether the UI animates. */
  animations: boolean;
  /** Whether the UI plays sounds. */
  soundEffects: boolean;
}

/**
 * A panel's state.
 *
 * @deprecated Use `PanelState` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { createUIStore, type PanelState } from "@atomiton/core";
 *
 * const panel: Partial<PanelState> = { visible: false };
 * createUIStore().actions.updatePanelState("inspector", panel);
 * ```
 */
export interface PanelState {
  /** Whether it shows. */
  visible: boolean;
  /** Where it is. */
  position?: { x: number; y: number };
  /** How big it is. */
  size?: { width: number; height: number };
  /** Whether it is minimized. */
  minimized?: boolean;
}

/**
 * The old UI store's state.
 *
 * @deprecated Use `UIState` from `@atomiton/store`: actions are part of the state.
 *
 * @example
 * ```ts
 * import { createUIStore, type UIState } from "@atomiton/core";
 *
 * const state: UIState = createUIStore().getState();
 * console.log(state.panelStates.size);
 * ```
 */
export interface UIState {
  /** The preferences (persisted). */
  preferences: UIPreferences;
  /** The modal on top. */
  activeModal: Modal | null;
  /** The open modals, top last. */
  modalStack: Modal[];
  /** The notifications shown. */
  notifications: Notification[];
  /** Each panel's state by id (persisted, as a Map). */
  panelStates: Map<string, PanelState>;
  /** Whether the app-wide loading indicator shows. */
  globalLoading: boolean;
  /** What it says. */
  loadingMessage: string | null;
}

const PREFERENCES: UIPreferences = {
  theme: "dark",
  colorScheme: "dracula",
  layoutMode: "comfortable",
  sidebarWidth: 250,
  sidebarCollapsed: false,
  showMinimap: true,
  showGrid: true,
  snapToGrid: true,
  gridSize: 20,
  autoSave: true,
  autoSaveInterval: 5,
  fontSize: 14,
  fontFamily: "JetBrains Mono",
  animations: true,
  soundEffects: false,
};

const INSTEAD = "createUIStore from @atomiton/store: `ui.getState().action(...)`";

/**
 * Makes the old UI store; after `storeClient.initialize()`, its preferences and
 * panels persist as `store:ui-preferences` (the panels' Map kept).
 *
 * @deprecated Use `createUIStore()` from `@atomiton/store`.
 * @returns The store, with `actions`.
 *
 * @example
 * ```ts
 * import { createUIStore } from "@atomiton/core";
 * import assert from "node:assert/strict";
 *
 * const ui = createUIStore();
 * ui.actions.setTheme("light");
 * assert.equal(ui.getState().preferences.theme, "light");
 * ```
 */
export function createUIStore(): UIStore {
  deprecated("createUIStore", INSTEAD);
  const store = sharedStoreClient().createZustandStore<UIState>({
    initialState: {
      preferences: PREFERENCES,
      activeModal: null,
      modalStack: [],
      notifications: [],
      panelStates: new Map(),
      globalLoading: false,
      loadingMessage: null,
    },
    persist: true,
    persistKey: "ui-preferences",
    persistDebounce: 500,
    persistFilter: (state) => ({ preferences: state.preferences, panelStates: state.panelStates }),
  });
  return new UIStore(store);
}

/**
 * The old UI store: `getState()`, `setState(updater)`, `subscribe(callback)` and `actions`.
 *
 * @deprecated Use `UIStore` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { createUIStore } from "@atomiton/core";
 *
 * const ui = createUIStore();
 * const stop = ui.subscribe((state) => console.log(state.preferences.theme));
 * stop();
 * ```
 */
export class UIStore extends OldStore<UIState> {
  /** The store's actions. */
  readonly actions: UIActions = new UIActions(this);
}

/**
 * The old UI store's actions.
 *
 * @deprecated Actions live in the state of `@atomiton/store`'s UI store.
 *
 * @example
 * ```ts
 * import { createUIStore } from "@atomiton/core";
 *
 * const ui = createUIStore();
 * const id = ui.actions.showNotification({ type: "info", title: "Saved" });
 * ui.actions.removeNotification(id);
 * ```
 */
export class UIActions {
  readonly #store: UIStore;
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  /**
   * Acts on `store` (made by `createUIStore`).
   *
   * @param store The store acted on.
   */
  constructor(store: UIStore) {
    this.#store = store;
  }

  #set(change: (state: UIState) => Partial<UIState>): void {
    this.#store.setState((state) => ({ ...state, ...change(state) }));
  }

  /**
   * Changes some preferences (persisted with the store).
   *
   * @param updates Preferences to change.
   */
  updatePreferences(updates: Partial<UIPreferences>): void {
    this.#set((s) => ({ preferences: { ...s.preferences, ...updates } }));
  }

  /**
   * Sets the theme.
   *
   * @param theme The theme.
   */
  setTheme(theme: UITheme): void {
    this.updatePreferences({ theme });
  }

  /**
   * Sets the color scheme.
   *
   * @param colorScheme The color scheme.
   */
  setColorScheme(colorScheme: ColorScheme): void {
    this.updatePreferences({ colorScheme });
  }

  /** Collapses or expands the sidebar. */
  toggleSidebar(): void {
    this.#set((s) => ({
      preferences: { ...s.preferences, sidebarCollapsed: !s.preferences.sidebarCollapsed },
    }));
  }

  /**
   * Opens a modal on top of the others.
   *
   * @param modal The modal, without an id.
   * @returns Its id (unique). /
   */
  showModal(modal: Omit<Modal, "id">): string {
    const full: Modal = { ...modal, id: uniqueId("modal") };
    this.#set((s) => ({ activeModal: full, modalStack: [...s.modalStack, full] }));
    return full.id;
  }

  /**
   * Closes a modal; the one below becomes active.
   *
   * @param id The modal to close; default: the top one.
   */
  closeModal(id?: string): void {
    this.#set((s) => {
      const modalStack = id ? s.modalStack.filter((m) => m.id !== id) : s.modalStack.slice(0, -1);
      return { activeModal: modalStack.at(-1) ?? null, modalStack };
    });
  }

  /**
   * Shows a notification; with a `duration` above 0, it goes after that many ms.
   *
   * @param notification The notification, without id and time.
   * @returns Its id, unique even for two in the same millisecond.
   */
  showNotification(notification: Omit<Notification, "id" | "timestamp">): string {
    const id = uniqueId("notification");
    const full: Notification = { ...notification, id, timestamp: new Date() };
    this.#set((s) => ({ notifications: [...s.notifications, full] }));
    if (notification.duration && notification.duration > 0) {
      this.#timers.set(id, setTimeout(() => this.removeNotification(id), notification.duration));
    }
    return id;
  }

  /**
   * Removes a notification (and its timer).
   *
   * @param id The notification to remove.
   */
  removeNotification(id: string): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
    this.#set((s) => ({ notifications: s.notifications.filter((n) => n.id !== id) }));
  }

  /**
   * Removes a notification (the later name of `removeNotification`).
   *
   * @param id The notification to remove (the later name of `removeNotification`).
   */
  dismissNotification(id: string): void {
    this.removeNotification(id);
  }

  /** Removes every notification. */
  clearNotifications(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#set(() => ({ notifications: [] }));
  }

  /**
   * Changes a panel's state (any string names a panel; kept in a Map).
   *
   * @param panelId The panel.
   * @param updates What to change (a new panel starts visible). /
   */
  updatePanelState(panelId: string, updates: Partial<PanelState>): void {
    this.#set((s) => {
      const panelStates = new Map(s.panelStates);
      panelStates.set(panelId, { ...(panelStates.get(panelId) ?? { visible: true }), ...updates });
      return { panelStates };
    });
  }

  /**
   * Shows or hides the app-wide loading indicator.
   *
   * @param loading Whether something loads.
   * @param message What. /
   */
  setGlobalLoading(loading: boolean, message?: string): void {
    this.#set(() => ({ globalLoading: loading, loadingMessage: message || null }));
  }

  /** Back to the default preferences. */
  resetPreferences(): void {
    this.#set(() => ({ preferences: PREFERENCES }));
  }
}

/**
 * The old UI store's selectors.
 *
 * @deprecated Select with `(s) => s.field` on `@atomiton/store`'s UI store.
 *
 * @example
 * ```ts
 * import { createUIStore, UISelectors } from "@atomiton/core";
 *
 * console.log(UISelectors.hasOpenModal(createUIStore().getState()));
 * ```
 */
export class UISelectors {
  /**
   * The theme in effect.
   *
   * @param state The state.
   * @returns The theme, `auto` resolved by the system's preference (dark without one). /
   */
  static getResolvedTheme(state: UIState): "light" | "dark" {
    deprecated("UISelectors", INSTEAD);
    if (state.preferences.theme !== "auto") return state.preferences.theme;
    const media = (globalThis as { matchMedia?: (q: string) => { matches: boolean } }).matchMedia;
    return media && !media("(prefers-color-scheme: dark)").matches ? "light" : "dark";
  }

  /**
   * The notifications to show.
   *
   * @param state The state.
   * @param limit How many.
   * @returns The latest notifications. /
   */
  static getVisibleNotifications(state: UIState, limit = 5): Notification[] {
    deprecated("UISelectors", INSTEAD);
    return state.notifications.slice(-limit);
  }

  /**
   * Whether a panel is visible.
   *
   * @param state The state.
   * @param panelId The panel.
   * @returns Whether it is visible (a panel never set is). /
   */
  static isPanelVisible(state: UIState, panelId: string): boolean {
    deprecated("UISelectors", INSTEAD);
    return state.panelStates.get(panelId)?.visible ?? true;
  }

  /**
   * Whether a modal is open.
   *
   * @param state The state.
   * @returns Whether a modal is open. /
   */
  static hasOpenModal(state: UIState): boolean {
    deprecated("UISelectors", INSTEAD);
    return state.activeModal !== null;
  }

  /**
   * The CSS variables for the theme in effect.
   *
   * @param state The state.
   * @returns The CSS variables of the resolved theme. /
   */
  static getThemeVariables(state: UIState): Record<string, string> {
    const dark = UISelectors.getResolvedTheme(state) === "dark";
    return {
      "--background": dark ? "var(--color-background)" : "var(--color-foreground)",
      "--foreground": dark ? "var(--color-foreground)" : "var(--color-background)",
    };
  }
}
