/**
 * The interface store: preferences, modals, notifications that go away on
 * their own, panel states and a global loading state. Its own entry, since
 * only an app with an interface needs it (and its timers).
 *
 * @example Preferences and a notification
 * ```ts
 * import { createUIStore } from "@atomiton/store/ui";
 * import assert from "node:assert/strict";
 *
 * using ui = createUIStore();
 * ui.getState().setPreferences({ theme: "dark", grid: { size: 10 } });
 * ui.getState().notify({ message: "Saved", type: "success" });
 * assert.equal(ui.getState().preferences.grid.visible, true);
 * assert.equal(ui.getState().notifications.length, 1);
 * ```
 *
 * @module
 */
import type { StoreApi } from "./store_api.ts";
import { createStore, newId, num, oneOf } from "./_common.ts";

/** The user's interface preferences. */
export interface Preferences {
  /** Light, dark, or as the system is (default). */
  readonly theme: "light" | "dark" | "system";
  /** The accent colors' name, such as `"blue"`. */
  readonly colorScheme: string;
  /** How much the interface shows at once. */
  readonly layout: "default" | "compact" | "focus";
  /** `width` in pixels, 0 or more. */
  readonly sidebar: { readonly open: boolean; readonly width: number };
  /** `size` in pixels, 1 or more. */
  readonly grid: { readonly visible: boolean; readonly size: number };
  /** Whether nodes snap to the grid. */
  readonly snap: boolean;
  /** `interval` in ms, 1000 or more. */
  readonly autosave: { readonly enabled: boolean; readonly interval: number };
  /** `size` in pixels, 6 to 72. */
  readonly font: { readonly family: string; readonly size: number };
  /** Whether the interface animates. */
  readonly animations: boolean;
}

/** A change to preferences: any field, and any part of a nested one. */
export type PreferencesPatch = {
  readonly [K in keyof Preferences]?: Preferences[K] extends object ? Partial<Preferences[K]>
    : Preferences[K];
};

/** A message shown for a while. */
export interface Notification {
  /** Unique among the notifications shown. */
  readonly id: string;
  /** How it looks (default `"info"`). */
  readonly type: "info" | "success" | "warning" | "error";
  /** What it says. */
  readonly message: string;
  /** A heading above the message. */
  readonly title?: string;
  /** Milliseconds until it goes away on its own; 0 or Infinity: it stays until dismissed. */
  readonly timeout: number;
}

/** What `notify` takes: a message, and optionally the rest. */
export type NotificationInput = Pick<Notification, "message"> & Partial<Notification>;

/** An open modal dialog. */
export interface Modal {
  /** Which dialog it is. */
  readonly id: string;
  /** What the dialog was opened with. */
  readonly props?: unknown;
}

/** A panel's state: open or not, and its size in pixels. */
export interface PanelState {
  /** Whether it shows. */
  readonly open: boolean;
  /** Its width or height in pixels. */
  readonly size?: number;
}

/** The UI store's state and actions. */
export interface UIState {
  /** The user's preferences. */
  readonly preferences: Preferences;
  /** Open modals, the top one last. */
  readonly modals: readonly Modal[];
  /** Notifications shown, oldest first. */
  readonly notifications: readonly Notification[];
  /** Panel states by panel id, in an object without a prototype: any id is a plain key. */
  readonly panels: Readonly<Record<string, PanelState>>;
  /** What is loading, as given to `startLoading`; empty when nothing is. */
  readonly loading: readonly string[];
  /**
   * Changes preferences (nested ones merge); returns them.
   * @throws {StoreError} `INVALID_OPTION` for a value out of range, and changes nothing.
   */
  setPreferences(patch: PreferencesPatch): Preferences;
  /** Goes back to the preferences the store started with. */
  resetPreferences(): void;
  /** Opens a modal on top (moving it there if it was open). */
  openModal(id: string, props?: unknown): void;
  /** Closes a modal, or the top one; returns whether one closed. */
  closeModal(id?: string): boolean;
  /** Shows a notification that goes away after its timeout; returns its id. */
  notify(notification: NotificationInput): string;
  /** Removes a notification; returns whether it was shown. */
  dismiss(id: string): boolean;
  /** Changes a panel's state (a new panel starts closed). */
  setPanel(id: string, state: Partial<PanelState>): void;
  /** Opens a closed panel or closes an open one; returns whether it is open. */
  togglePanel(id: string): boolean;
  /** Marks something as loading until the function it returns is called (once is enough). */
  startLoading(message?: string): () => void;
}

/** A zustand store of the interface; `dispose` stops the notification timers. */
export interface UIStore extends StoreApi<UIState>, Disposable {
  /** Stops every notification timer (notifications stay until dismissed). */
  dispose(): void;
}

/** Options for {@linkcode createUIStore}. */
export interface UIStoreOptions {
  /** Preferences to start with, over the defaults. */
  readonly preferences?: PreferencesPatch;
  /** A notification's timeout when it gives none, in ms (default 5000). */
  readonly notificationTimeout?: number;
}

/** The default preferences. */
export const DEFAULT_PREFERENCES: Preferences = {
  theme: "system",
  colorScheme: "blue",
  layout: "default",
  sidebar: { open: true, width: 280 },
  grid: { visible: true, size: 20 },
  snap: true,
  autosave: { enabled: true, interval: 30000 },
  font: { family: "system-ui", size: 14 },
  animations: true,
};

const merge = (base: Preferences, patch: PreferencesPatch): Preferences => {
  const p = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(patch)) {
    // Only the preferences there are: `__proto__` or a typo is refused, not kept.
    oneOf("preference", key, Object.keys(base));
    p[key] = typeof value === "object" ? { ...p[key] as object, ...value } : value;
  }
  const next = p as unknown as Preferences;
  oneOf("theme", next.theme, ["light", "dark", "system"]);
  oneOf("layout", next.layout, ["default", "compact", "focus"]);
  num("sidebar.width", next.sidebar.width);
  num("grid.size", next.grid.size, 1);
  num("autosave.interval", next.autosave.interval, 1000);
  num("font.size", next.font.size, 6, 72);
  return next;
};

/**
 * Creates a store of the interface: preferences, modals, notifications that
 * go away on their own, panel states and a global loading state.
 *
 * Notification timers do not keep a process alive; `dispose()` (or `using`)
 * stops them all.
 *
 * @param options Starting preferences and the default notification timeout.
 * @returns A zustand vanilla store with `dispose`.
 *
 * @example Preferences, a notification and loading
 * ```ts
 * import { createUIStore } from "@atomiton/store/ui";
 * import assert from "node:assert/strict";
 *
 * using ui = createUIStore({ preferences: { theme: "dark" } });
 * const { setPreferences, notify, startLoading } = ui.getState();
 * setPreferences({ font: { size: 16 } });
 * assert.equal(ui.getState().preferences.font.family, "system-ui");
 * notify({ message: "Saved", type: "success", timeout: 3000 });
 * const done = startLoading("Importing");
 * assert.deepEqual(ui.getState().loading, ["Importing"]);
 * done();
 * assert.deepEqual(ui.getState().loading, []);
 * ```
 */
export function createUIStore(options: UIStoreOptions = {}): UIStore {
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const defaultTimeout = num("notificationTimeout", options.notificationTimeout ?? 5000);
  const initial = merge(DEFAULT_PREFERENCES, options.preferences ?? {});
  const store = createStore<UIState>()((set, get) => {
    const dismiss = (id: string): boolean => {
      clearTimeout(timers.get(id));
      timers.delete(id);
      const { notifications } = get();
      const kept = notifications.filter((n) => n.id !== id);
      set({ notifications: kept });
      return kept.length < notifications.length;
    };
    return {
      preferences: initial,
      modals: [],
      notifications: [],
      panels: Object.create(null), // keyed by the app's panel ids: `constructor` is one too
      loading: [],
      setPreferences: (patch) => {
        set({ preferences: merge(get().preferences, patch) });
        return get().preferences;
      },
      resetPreferences: () => set({ preferences: initial }),
      openModal: (id, props) =>
        set({ modals: [...get().modals.filter((m) => m.id !== id), { id, props }] }),
      closeModal: (id) => {
        const { modals } = get();
        const kept = id === undefined ? modals.slice(0, -1) : modals.filter((m) => m.id !== id);
        set({ modals: kept });
        return kept.length < modals.length;
      },
      notify: (input) => {
        const n: Notification = { id: newId(), type: "info", timeout: defaultTimeout, ...input };
        oneOf("type", n.type, ["info", "success", "warning", "error"]);
        if (num("timeout", n.timeout) > 0 && n.timeout < Infinity) {
          const timer = setTimeout(() => dismiss(n.id), n.timeout);
          // An unread notification is no reason to keep a process running.
          "Deno" in globalThis
            ? Deno.unrefTimer(timer as unknown as number)
            : (timer as { unref?(): void }).unref?.();
          timers.set(n.id, timer);
        }
        set({ notifications: [...get().notifications, n] });
        return n.id;
      },
      dismiss,
      setPanel: (id, state) =>
        set({
          panels: Object.assign(Object.create(null), get().panels, {
            [id]: { open: false, ...get().panels[id], ...state },
          }),
        }),
      togglePanel: (id) => {
        get().setPanel(id, { open: !get().panels[id]?.open });
        return get().panels[id]!.open;
      },
      startLoading: (message = "") => {
        let ended = false;
        set({ loading: [...get().loading, message] });
        return () => {
          const i = get().loading.indexOf(message);
          if (!ended && i >= 0) set({ loading: get().loading.toSpliced(i, 1) });
          ended = true;
        };
      },
    };
  });
  const dispose = (): void => {
    timers.forEach(clearTimeout);
    timers.clear();
  };
  return Object.assign(store, { dispose, [Symbol.dispose]: dispose });
}
