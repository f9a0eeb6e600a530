import { StoreError } from "@atomiton/store";
import { deprecated } from "./_deprecation.ts";
import { OldStore } from "./old_store.ts";
import { uniqueId } from "./_unique_id.ts";
import { sharedStoreClient } from "./_shared_store_client.ts";

/**
 * What the old session store drags.
 *
 * @deprecated Use `DragState` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { createSessionStore, type DragItem } from "@atomiton/core";
 *
 * const item: DragItem = { type: "node", id: "n1", data: null, source: "palette" };
 * createSessionStore().actions.startDrag(item);
 * ```
 */
export interface DragItem {
  /** What is dragged. */
  type: "node" | "connection" | "blueprint" | "file";
  /** Its id. */
  id: string;
  /** What it carries. */
  data: unknown;
  /** Where the drag started. */
  source: string;
}

/**
 * The old session store's selection.
 *
 * @deprecated Use `SessionState["selection"]` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { createSessionStore, type Selection } from "@atomiton/core";
 *
 * const selection: Selection = { type: "node", ids: ["n1"] };
 * createSessionStore().actions.setSelection(selection);
 * ```
 */
export interface Selection {
  /** What is selected; `multiple` for more than one id. */
  type: "node" | "connection" | "multiple";
  /** The selected ids. */
  ids: string[];
  /** The selection's box on the canvas. */
  bounds?: { x: number; y: number; width: number; height: number };
}

/**
 * The clipboard of the old session store.
 *
 * @deprecated Use `Clipboard` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { createSessionStore, type Clipboard } from "@atomiton/core";
 *
 * const session = createSessionStore();
 * session.actions.copyToClipboard("text", "hello", "editor");
 * const clipboard: Clipboard | null = session.getState().clipboard;
 * console.log(clipboard?.data);
 * ```
 */
export interface Clipboard {
  /** What was copied. */
  type: "nodes" | "blueprint" | "text" | "data";
  /** The copied data. */
  data: unknown;
  /** When. */
  timestamp: Date;
  /** From where. */
  source: string;
}

/**
 * A step on the old session store's undo stack.
 *
 * @deprecated Record your own steps with `session.getState().record(step)`, or `withHistory`.
 *
 * @example
 * ```ts
 * import { createSessionStore, type UndoItem } from "@atomiton/core";
 *
 * const session = createSessionStore();
 * session.actions.addUndoItem({ type: "move", description: "Move node", data: null });
 * const step: UndoItem | null = session.actions.undo();
 * console.log(step?.description);
 * ```
 */
export interface UndoItem {
  /** The kind of step. */
  type: string;
  /** What the step did, for a menu. */
  description: string;
  /** What undoing it needs. */
  data: unknown;
  /** When it was recorded. */
  timestamp: Date;
}

/**
 * The old session store's state.
 *
 * @deprecated Use `SessionState` from `@atomiton/store`: actions are part of the state.
 *
 * @example
 * ```ts
 * import { createSessionStore, type SessionState } from "@atomiton/core";
 *
 * const state: SessionState = createSessionStore().getState();
 * console.log(state.zoomLevel);
 * ```
 */
export interface SessionState {
  /** The signed-in user, or `null`. */
  userId: string | null;
  /** Their name. */
  userName: string | null;
  /** Their role. */
  userRole: string | null;
  /** When the session started. */
  sessionStarted: Date;
  /** What is being dragged. */
  dragItem: DragItem | null;
  /** Where it would drop. */
  dropTarget: string | null;
  /** Whether a drag is under way. */
  isDragging: boolean;
  /** What is selected. */
  selection: Selection | null;
  /** Whether clicks add to the selection. */
  multiSelectMode: boolean;
  /** What was copied or cut. */
  clipboard: Clipboard | null;
  /** Steps to undo, latest last. */
  undoStack: UndoItem[];
  /** Steps undone, latest last. */
  redoStack: UndoItem[];
  /** How many steps the undo stack keeps. */
  maxUndoItems: number;
  /** Temporary values by key. */
  tempData: Map<string, unknown>;
  /** Messages between parts of the app. */
  messages: Array<
    { id: string; from: string; to: string; type: string; payload: unknown; timestamp: Date }
  >;
  /** Long operations by id. */
  activeOperations: Map<
    string,
    { type: string; description: string; progress?: number; cancellable?: boolean }
  >;
  /** The editor's mode. */
  editorMode: "edit" | "preview" | "debug";
  /** The viewport's zoom (0.1 to 5). */
  zoomLevel: number;
  /** The viewport's position. */
  panPosition: { x: number; y: number };
  /** Whether debugging is on. */
  debugEnabled: boolean;
  /** The nodes with a breakpoint. */
  debugBreakpoints: string[];
  /** The node the debugger stopped at. */
  debugCurrentNode: string | null;
}

function initial(): SessionState {
  return {
    userId: null,
    userName: null,
    userRole: null,
    sessionStarted: new Date(),
    dragItem: null,
    dropTarget: null,
    isDragging: false,
    selection: null,
    multiSelectMode: false,
    clipboard: null,
    undoStack: [],
    redoStack: [],
    maxUndoItems: 50,
    tempData: new Map(),
    messages: [],
    activeOperations: new Map(),
    editorMode: "edit",
    zoomLevel: 1,
    panPosition: { x: 0, y: 0 },
    debugEnabled: false,
    debugBreakpoints: [],
    debugCurrentNode: null,
  };
}

const INSTEAD = "createSessionStore from @atomiton/store: `session.getState().action(...)`";

/**
 * The session state with the old computed fields.
 *
 * @example
 * ```ts
 * import { createSessionStore, type SessionView } from "@atomiton/core";
 *
 * const view: SessionView = createSessionStore().getState();
 * console.log(view.canUndo, view.viewport.zoom);
 * ```
 */
export type SessionView = SessionState & {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly viewport: { x: number; y: number; zoom: number };
};

/**
 * The old session store (not persisted); `getState()` adds `canUndo`, `canRedo` and `viewport`.
 *
 * @deprecated Use `SessionStore` from `@atomiton/store`.
 *
 * @example
 * ```ts
 * import { createSessionStore } from "@atomiton/core";
 *
 * console.log(createSessionStore().getState().viewport);
 * ```
 */
export class SessionStore extends OldStore<SessionState> {
  /** The store's actions. */
  readonly actions: SessionActions = new SessionActions(this);

  /**
   * The state, with the old computed fields.
   *
   * @returns The state with `canUndo`, `canRedo` and `viewport`.
   */
  override getState(): SessionView {
    const s = super.getState();
    return {
      ...s,
      canUndo: s.undoStack.length > 0,
      canRedo: s.redoStack.length > 0,
      viewport: { x: s.panPosition.x, y: s.panPosition.y, zoom: s.zoomLevel },
    };
  }
}

/**
 * Makes the old session store.
 *
 * @deprecated Use `createSessionStore()` from `@atomiton/store`.
 * @returns The store, with `actions`.
 *
 * @example
 * ```ts
 * import { createSessionStore } from "@atomiton/core";
 *
 * createSessionStore().actions.toggleSelection("node-1");
 * ```
 */
export function createSessionStore(): SessionStore {
  deprecated("createSessionStore", INSTEAD);
  return new SessionStore(sharedStoreClient().createZustandStore({ initialState: initial() }));
}

function finite(name: string, value: number): number {
  if (Number.isFinite(value)) return value;
  throw new StoreError(
    "INVALID_VALUE",
    `The viewport's ${name} must be a finite number, got ${value}; the viewport is unchanged.`,
  );
}

function selectionOf(ids: string[], type?: Selection["type"]): Selection | null {
  if (ids.length === 0) return null;
  return { type: ids.length > 1 ? "multiple" : type ?? "node", ids };
}

/**
 * The old session store's actions.
 *
 * @deprecated Actions live in the state of `@atomiton/store`'s session store.
 *
 * @example
 * ```ts
 * import { createSessionStore } from "@atomiton/core";
 *
 * createSessionStore().actions.setViewportZoom(2);
 * ```
 */
export class SessionActions {
  readonly #store: SessionStore;

  /**
   * Acts on `store` (made by `createSessionStore`).
   *
   * @param store The store acted on.
   */
  constructor(store: SessionStore) {
    this.#store = store;
  }

  #set(change: (state: SessionState) => Partial<SessionState>): void {
    this.#store.setState((state) => ({ ...state, ...change(state) }));
  }

  /**
   * Signs a user in and restarts the session clock.
   *
   * @param userId The user.
   * @param userName Their name.
   * @param userRole Their role.
   */
  setUserSession(userId: string, userName: string, userRole: string): void {
    this.#set(() => ({ userId, userName, userRole, sessionStarted: new Date() }));
  }
  /** Signs the user out. */
  clearUserSession(): void {
    this.#set(() => ({ userId: null, userName: null, userRole: null }));
  }
  /**
   * Starts dragging `item`.
   *
   * @param item What is dragged.
   */
  startDrag(item: DragItem): void {
    this.#set(() => ({ dragItem: item, isDragging: true }));
  }
  /**
   * Sets where the dragged item would drop.
   *
   * @param targetId Where it would drop.
   */
  setDropTarget(targetId: string | null): void {
    this.#set(() => ({ dropTarget: targetId }));
  }
  /**
   * Moves the dragged item to the pointer.
   *
   * @param x Pointer x.
   * @param y Pointer y.
   */
  updateDragPosition(x: number, y: number): void {
    this.#set((s) =>
      s.dragItem ? { dragItem: { ...s.dragItem, position: { x, y } } as DragItem } : {}
    );
  }
  /** Ends the drag. */
  endDrag(): void {
    this.#set(() => ({ dragItem: null, dropTarget: null, isDragging: false }));
  }
  /**
   * Replaces the selection.
   *
   * @param selection The selection, or `null`.
   */
  setSelection(selection: Selection | null): void {
    this.#set(() => ({ selection }));
  }
  /**
   * Adds ids to the selection (each once).
   *
   * @param items Ids to add.
   */
  addToSelection(items: string[]): void {
    this.#set((s) => ({
      selection: selectionOf(
        [...new Set([...(s.selection?.ids ?? []), ...items])],
        s.selection?.type,
      ),
    }));
  }
  /** Selects nothing. */
  clearSelection(): void {
    this.#set(() => ({ selection: null }));
  }
  /**
   * Removes ids from the selection.
   *
   * @param items Ids to remove.
   */
  removeFromSelection(items: string[]): void {
    const gone = new Set(items);
    this.#set((s) => ({
      selection: selectionOf((s.selection?.ids ?? []).filter((id) => !gone.has(id))),
    }));
  }
  /**
   * Selects `id`, or unselects it if selected.
   *
   * @param id The id to add or remove.
   */
  toggleSelection(id: string): void {
    this.#set((s) => {
      const ids = s.selection?.ids ?? [];
      return {
        selection: selectionOf(ids.includes(id) ? ids.filter((i) => i !== id) : [...ids, id]),
      };
    });
  }
  /** Switches multi-select. */
  toggleMultiSelectMode(): void {
    this.#set((s) => ({ multiSelectMode: !s.multiSelectMode }));
  }
  /**
   * Copies data to the clipboard.
   *
   * @param type What.
   * @param data The data.
   * @param source From where.
   */
  copyToClipboard(type: Clipboard["type"], data: unknown, source: string): void {
    this.#set(() => ({ clipboard: { type, data, timestamp: new Date(), source } }));
  }
  /**
   * Cuts data to the clipboard (marked `isCut`).
   *
   * @param type What.
   * @param data The data.
   * @param source From where.
   */
  cutToClipboard(type: Clipboard["type"], data: unknown, source: string): void {
    this.#set(() => ({
      clipboard: { type, data, timestamp: new Date(), source, isCut: true } as Clipboard,
    }));
  }
  /** Empties the clipboard. */
  clearClipboard(): void {
    this.#set(() => ({ clipboard: null }));
  }
  /**
   * Records a step to undo; the redo stack empties and the oldest steps past `maxUndoItems` go.
   *
   * @param item A step to undo later (the redo stack empties).
   */
  addUndoItem(item: Omit<UndoItem, "timestamp">): void {
    this.#set((s) => ({
      undoStack: [...s.undoStack, { ...item, timestamp: new Date() }].slice(-s.maxUndoItems),
      redoStack: [],
    }));
  }
  /**
   * The later name of `addUndoItem`.
   *
   * @param item Same as `addUndoItem`.
   */
  addUndoAction(item: Omit<UndoItem, "timestamp">): void {
    this.addUndoItem(item);
  }
  /**
   * Moves the latest step from the undo stack to the redo stack.
   *
   * @returns The step undone, or `null`.
   */
  undo(): UndoItem | null {
    const item = this.#store.getState().undoStack.at(-1) ?? null;
    if (item) {
      this.#set((s) => ({
        undoStack: s.undoStack.slice(0, -1),
        redoStack: [...s.redoStack, item],
      }));
    }
    return item;
  }
  /**
   * Moves the latest undone step back to the undo stack.
   *
   * @returns The step redone, or `null`.
   */
  redo(): UndoItem | null {
    const item = this.#store.getState().redoStack.at(-1) ?? null;
    if (item) {
      this.#set((s) => ({
        redoStack: s.redoStack.slice(0, -1),
        undoStack: [...s.undoStack, item],
      }));
    }
    return item;
  }
  /** Empties both stacks. */
  clearUndoHistory(): void {
    this.#set(() => ({ undoStack: [], redoStack: [] }));
  }
  /**
   * Keeps a temporary value for this session.
   *
   * @param key Any string (kept in a Map).
   * @param value The value.
   */
  setTempData(key: string, value: unknown): void {
    this.#set((s) => ({ tempData: new Map(s.tempData).set(key, value) }));
  }
  /**
   * Reads a temporary value.
   *
   * @param key The key.
   * @returns Its value.
   */
  getTempData(key: string): unknown {
    return this.#store.getState().tempData.get(key);
  }
  /**
   * Forgets one temporary value, or all of them.
   *
   * @param key One key, or all when omitted.
   */
  clearTempData(key?: string): void {
    this.#set((s) => {
      const tempData = new Map(key === undefined ? [] : s.tempData);
      if (key !== undefined) tempData.delete(key);
      return { tempData };
    });
  }
  /**
   * Queues a message between parts of the app (the latest 100 are kept).
   *
   * @param from Sender.
   * @param to Receiver.
   * @param type Kind.
   * @param payload Data.
   */
  sendMessage(from: string, to: string, type: string, payload: unknown): void {
    const message = { id: uniqueId("msg"), from, to, type, payload, timestamp: new Date() };
    this.#set((s) => ({ messages: [...s.messages, message].slice(-100) }));
  }
  /**
   * Forgets the messages to one receiver, or all of them.
   *
   * @param to Only those to this receiver; all when omitted.
   */
  clearMessages(to?: string): void {
    this.#set((s) => ({ messages: to ? s.messages.filter((m) => m.to !== to) : [] }));
  }
  /**
   * Records a long operation as running, at progress 0.
   *
   * @param id Its id.
   * @param type Kind.
   * @param description Text.
   * @param cancellable Whether.
   */
  startOperation(id: string, type: string, description: string, cancellable = false): void {
    this.#set((s) => ({
      activeOperations: new Map(s.activeOperations).set(id, {
        type,
        description,
        progress: 0,
        cancellable,
      }),
    }));
  }
  /**
   * Sets a running operation's progress.
   *
   * @param id The operation.
   * @param progress Its progress.
   */
  updateOperationProgress(id: string, progress: number): void {
    this.#set((s) => {
      const operation = s.activeOperations.get(id);
      return operation
        ? { activeOperations: new Map(s.activeOperations).set(id, { ...operation, progress }) }
        : {};
    });
  }
  /**
   * Forgets an operation that ended.
   *
   * @param id The operation that ended.
   */
  endOperation(id: string): void {
    this.#set((s) => {
      const activeOperations = new Map(s.activeOperations);
      activeOperations.delete(id);
      return { activeOperations };
    });
  }
  /**
   * Switches the editor's mode.
   *
   * @param mode The editor's mode.
   */
  setEditorMode(mode: SessionState["editorMode"]): void {
    this.#set(() => ({ editorMode: mode }));
  }
  /**
   * Throws `StoreError` `INVALID_VALUE` for a zoom or position that is not finite (the old one stored NaN).
   *
   * @param zoomLevel The zoom.
   * @param panPosition The position.
   */
  updateViewport(zoomLevel?: number, panPosition?: { x: number; y: number }): void {
    const zoom = zoomLevel === undefined ? undefined : finite("zoom", zoomLevel);
    const pan = panPosition && { x: finite("x", panPosition.x), y: finite("y", panPosition.y) };
    this.#set((s) => ({ zoomLevel: zoom ?? s.zoomLevel, panPosition: pan ?? s.panPosition }));
  }
  /**
   * Pans the viewport; throws `StoreError` `INVALID_VALUE` for a coordinate that is not finite.
   *
   * @param x The x.
   * @param y The y.
   */
  setViewportPosition(x: number, y: number): void {
    this.updateViewport(undefined, { x, y });
  }
  /**
   * Zooms the viewport; throws `StoreError` `INVALID_VALUE` for a zoom that is not finite.
   *
   * @param zoom The zoom, clamped to 0.1 to 5.
   */
  setViewportZoom(zoom: number): void {
    this.updateViewport(Math.max(0.1, Math.min(5, finite("zoom", zoom))));
  }
  /**
   * Pans and zooms the viewport; throws `StoreError` `INVALID_VALUE` for a value that is not finite.
   *
   * @param x The x.
   * @param y The y.
   * @param zoom The zoom, clamped to 0.1 to 5.
   */
  setViewportTransform(x: number, y: number, zoom: number): void {
    this.updateViewport(Math.max(0.1, Math.min(5, finite("zoom", zoom))), { x, y });
  }
  /** Zoom 1 at 0, 0. */
  resetViewport(): void {
    this.updateViewport(1, { x: 0, y: 0 });
  }
  /** Switches debugging. */
  toggleDebugMode(): void {
    this.#set((s) => ({ debugEnabled: !s.debugEnabled }));
  }
  /**
   * Adds a debugger breakpoint on a node.
   *
   * @param nodeId The node.
   */
  addBreakpoint(nodeId: string): void {
    this.#set((s) => ({ debugBreakpoints: [...s.debugBreakpoints, nodeId] }));
  }
  /**
   * Removes a node's breakpoint.
   *
   * @param nodeId The node.
   */
  removeBreakpoint(nodeId: string): void {
    this.#set((s) => ({ debugBreakpoints: s.debugBreakpoints.filter((id) => id !== nodeId) }));
  }
  /** Back to a new session. */
  resetSession(): void {
    this.#store.setState(() => initial());
  }
}

/**
 * The old session store's selectors.
 *
 * @deprecated Select with `(s) => s.field` on `@atomiton/store`'s session store.
 *
 * @example
 * ```ts
 * import { createSessionStore, SessionSelectors } from "@atomiton/core";
 *
 * console.log(SessionSelectors.hasSelection(createSessionStore().getState()));
 * ```
 */
export class SessionSelectors {
  /**
   * Whether something is selected.
   *
   * @param s The state.
   * @returns Whether something is selected.
   */
  static hasSelection(s: SessionState): boolean {
    deprecated("SessionSelectors", INSTEAD);
    return (s.selection?.ids.length ?? 0) > 0;
  }
  /**
   * The selected ids.
   *
   * @param s The state.
   * @returns The selected ids.
   */
  static getSelectedItems(s: SessionState): string[] {
    deprecated("SessionSelectors", INSTEAD);
    return s.selection?.ids ?? [];
  }
  /**
   * Whether the clipboard holds something.
   *
   * @param s The state.
   * @returns Whether the clipboard holds something.
   */
  static hasClipboard(s: SessionState): boolean {
    deprecated("SessionSelectors", INSTEAD);
    return s.clipboard !== null;
  }
  /**
   * Whether something is being dragged.
   *
   * @param s The state.
   * @returns Whether something is dragged.
   */
  static isDragging(s: SessionState): boolean {
    deprecated("SessionSelectors", INSTEAD);
    return s.isDragging;
  }
  /**
   * The viewport's zoom.
   *
   * @param s The state.
   * @returns The zoom.
   */
  static getViewportScale(s: SessionState): number {
    deprecated("SessionSelectors", INSTEAD);
    return s.zoomLevel;
  }
  /**
   * Whether a user is signed in.
   *
   * @param s The state.
   * @returns Whether a user is signed in.
   */
  static isAuthenticated(s: SessionState): boolean {
    deprecated("SessionSelectors", INSTEAD);
    return s.userId !== null;
  }
  /**
   * The messages to one receiver.
   *
   * @param s The state.
   * @param recipient The receiver.
   * @returns Its messages.
   */
  static getMessagesFor(s: SessionState, recipient: string): SessionState["messages"] {
    deprecated("SessionSelectors", INSTEAD);
    return s.messages.filter((m) => m.to === recipient);
  }
  /**
   * Whether there is a step to undo.
   *
   * @param s The state.
   * @returns Whether there is a step to undo.
   */
  static canUndo(s: SessionState): boolean {
    deprecated("SessionSelectors", INSTEAD);
    return s.undoStack.length > 0;
  }
  /**
   * Whether there is a step to redo.
   *
   * @param s The state.
   * @returns Whether there is a step to redo.
   */
  static canRedo(s: SessionState): boolean {
    deprecated("SessionSelectors", INSTEAD);
    return s.redoStack.length > 0;
  }
  /**
   * How many operations are running.
   *
   * @param s The state.
   * @returns How many operations run.
   */
  static getActiveOperationCount(s: SessionState): number {
    deprecated("SessionSelectors", INSTEAD);
    return s.activeOperations.size;
  }
  /**
   * Whether any operation is running.
   *
   * @param s The state.
   * @returns Whether any operation runs.
   */
  static hasActiveOperations(s: SessionState): boolean {
    deprecated("SessionSelectors", INSTEAD);
    return s.activeOperations.size > 0;
  }
  /**
   * How long the session has lasted.
   *
   * @param s The state.
   * @returns Milliseconds since the session started.
   */
  static getSessionDuration(s: SessionState): number {
    deprecated("SessionSelectors", INSTEAD);
    return Date.now() - new Date(s.sessionStarted).getTime();
  }
}
