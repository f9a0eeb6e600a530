import type { StoreApi } from "./store_api.ts";
import type { BlueprintEdge, BlueprintNode } from "./blueprint_store.ts";
import { createStore, fail, int, missing, newId, num, oneOf, put } from "./_common.ts";

/** The signed-in user. */
export interface SessionUser {
  /** The user's id. */
  readonly id: string;
  /** A name for people. */
  readonly name: string;
  /** Where to write to them. */
  readonly email?: string;
}

/** A point on the canvas. */
export interface Point {
  /** Left to right. */
  readonly x: number;
  /** Top to bottom. */
  readonly y: number;
}

/** What the editor is for right now. */
export type EditorMode = "edit" | "view" | "debug";

/** Nodes and edges copied for pasting. */
export interface Clipboard {
  /** The nodes copied. */
  readonly nodes: readonly BlueprintNode[];
  /** The edges copied. */
  readonly edges: readonly BlueprintEdge[];
}

/** Nodes being dragged: where the drag began and where the pointer is. */
export interface DragState {
  /** The ids of the nodes dragged. */
  readonly ids: readonly string[];
  /** Where the drag began. */
  readonly origin: Point;
  /** Where the pointer is now. */
  readonly current: Point;
}

/** Something the user waits for (saving, importing), with its progress. */
export interface Operation {
  /** Unique among the operations under way. */
  readonly id: string;
  /** What it is, for people. */
  readonly label: string;
  /** From 0 to 1. */
  readonly progress: number;
  /** When it began, in ms since the epoch. */
  readonly started: number;
}

/** The session store's state and actions. */
export interface SessionState {
  /** The signed-in user, if any. */
  readonly user: SessionUser | undefined;
  /** Selected node ids, in selection order. */
  readonly selection: readonly string[];
  /** What was copied last, if anything. */
  readonly clipboard: Clipboard | undefined;
  /** Undoable steps, oldest first, at most `historyLimit` of them. */
  readonly undoStack: readonly unknown[];
  /** Undone steps that can be redone, most recently undone last. */
  readonly redoStack: readonly unknown[];
  /** What the editor is for right now (default `"edit"`). */
  readonly mode: EditorMode;
  /** From {@linkcode MIN_ZOOM} to {@linkcode MAX_ZOOM}. */
  readonly zoom: number;
  /** How far the canvas is moved. */
  readonly pan: Point;
  /** The drag under way, if any. */
  readonly drag: DragState | undefined;
  /** Operations in progress by id. */
  readonly operations: ReadonlyMap<string, Operation>;
  /** Node ids where a debug run stops. */
  readonly breakpoints: ReadonlySet<string>;
  /** Signs a user in, or out with `undefined`. */
  setUser(user: SessionUser | undefined): void;
  /** Selects these nodes (duplicates dropped); `[]` clears. */
  select(ids: readonly string[]): void;
  /** Keeps what was copied, or empties the clipboard with `undefined`. */
  setClipboard(clipboard: Clipboard | undefined): void;
  /** Records an undoable step; clears what could be redone; drops the oldest past the limit. */
  record(step: unknown): void;
  /** Moves the latest step to the redo stack and returns it, for the caller to revert. */
  undo(): unknown;
  /** Moves the latest undone step back and returns it, for the caller to apply again. */
  redo(): unknown;
  /**
   * Sets the editor mode.
   * @throws {StoreError} `INVALID_OPTION` unless `"edit"`, `"view"` or `"debug"`.
   */
  setMode(mode: EditorMode): void;
  /**
   * Sets the zoom, clamped to the allowed range; returns the zoom set.
   * @throws {StoreError} `INVALID_OPTION` for NaN.
   */
  setZoom(zoom: number): number;
  /** Moves the canvas. */
  setPan(pan: Point): void;
  /** Starts dragging nodes from a point. */
  startDrag(ids: readonly string[], at: Point): void;
  /**
   * Moves the drag under way to a point.
   * @throws {StoreError} `INVALID_TRANSITION` when no drag is under way.
   */
  moveDrag(to: Point): void;
  /** Ends the drag; returns it as it ended, or `undefined` when there was none. */
  endDrag(): DragState | undefined;
  /** Starts an operation at progress 0; returns its id. */
  startOperation(label: string, id?: string): string;
  /**
   * Sets an operation's progress, clamped from 0 to 1.
   * @throws {StoreError} `NOT_FOUND`, or `INVALID_OPTION` for NaN.
   */
  updateOperation(id: string, progress: number): void;
  /** Ends an operation; returns whether it was under way. */
  endOperation(id: string): boolean;
  /** Adds or removes a breakpoint; returns whether the node now has one. */
  toggleBreakpoint(nodeId: string): boolean;
  /** Removes every breakpoint. */
  clearBreakpoints(): void;
}

/** A zustand store of the editing session, as {@linkcode createSessionStore} makes it. */
export type SessionStore = StoreApi<SessionState>;

/** Options for {@linkcode createSessionStore}. */
export interface SessionStoreOptions {
  /** The most undoable steps kept: a whole number of 1 or more (default 100). */
  readonly historyLimit?: number;
  /** The clock for operations, in ms since the epoch; default `Date.now`. */
  readonly now?: () => number;
}

/** The smallest zoom. */
export const MIN_ZOOM = 0.1;
/** The largest zoom. */
export const MAX_ZOOM = 4;

const clamp = (name: string, value: number, min: number, max: number): number =>
  Math.min(Math.max(num(name, value, -Infinity), min), max);

/**
 * Creates a store of the editing session: the user, the selection, the
 * clipboard, a bounded undo and redo history, the editor mode, zoom (clamped)
 * and pan, the drag under way, operations with progress and debug breakpoints.
 *
 * @param options The history limit and a clock.
 * @returns A zustand vanilla store.
 *
 * @example Undo and redo steps
 * ```ts
 * import { createSessionStore } from "@atomiton/store";
 * import assert from "node:assert/strict";
 *
 * const session = createSessionStore({ historyLimit: 50 });
 * const { record, undo, redo, setZoom } = session.getState();
 * record({ moved: "a", from: { x: 0, y: 0 } });
 * assert.deepEqual(undo(), { moved: "a", from: { x: 0, y: 0 } });
 * assert.deepEqual(redo(), { moved: "a", from: { x: 0, y: 0 } });
 * assert.equal(setZoom(99), 4);
 * ```
 */
export function createSessionStore(options: SessionStoreOptions = {}): SessionStore {
  const limit = int("historyLimit", options.historyLimit ?? 100, 1);
  const now = options.now ?? Date.now;
  return createStore<SessionState>()((set, get) => {
    // Moves the last step of one stack onto the other and returns it.
    const shift = (from: "undoStack" | "redoStack", to: "undoStack" | "redoStack"): unknown => {
      const s = get();
      if (!s[from].length) return undefined;
      const step = s[from].at(-1);
      set({ [from]: s[from].slice(0, -1), [to]: [...s[to], step] });
      return step;
    };
    const operation = (id: string): Operation =>
      get().operations.get(id) ?? missing("operation", id);
    return {
      user: undefined,
      selection: [],
      clipboard: undefined,
      undoStack: [],
      redoStack: [],
      mode: "edit",
      zoom: 1,
      pan: { x: 0, y: 0 },
      drag: undefined,
      operations: new Map(),
      breakpoints: new Set(),
      setUser: (user) => set({ user }),
      select: (ids) => set({ selection: [...new Set(ids)] }),
      setClipboard: (clipboard) => set({ clipboard }),
      record: (step) => set({ undoStack: [...get().undoStack, step].slice(-limit), redoStack: [] }),
      undo: () => shift("undoStack", "redoStack"),
      redo: () => shift("redoStack", "undoStack"),
      setMode: (mode) => set({ mode: oneOf("mode", mode, ["edit", "view", "debug"]) }),
      setZoom: (zoom) => {
        set({ zoom: clamp("zoom", zoom, MIN_ZOOM, MAX_ZOOM) });
        return get().zoom;
      },
      setPan: (pan) => set({ pan }),
      startDrag: (ids, at) => set({ drag: { ids: [...ids], origin: at, current: at } }),
      moveDrag: (to) => {
        const drag = get().drag ??
          fail("INVALID_TRANSITION", "cannot move a drag: none is under way");
        set({ drag: { ...drag, current: to } });
      },
      endDrag: () => {
        const { drag } = get();
        set({ drag: undefined });
        return drag;
      },
      startOperation: (label, id = newId()) => {
        set({ operations: put(get().operations, id, { id, label, progress: 0, started: now() }) });
        return id;
      },
      updateOperation: (id, progress) =>
        set({
          operations: put(get().operations, id, {
            ...operation(id),
            progress: clamp("progress", progress, 0, 1),
          }),
        }),
      endOperation: (id) => {
        const { operations } = get();
        return operations.has(id) && (set({ operations: put(operations, id) }), true);
      },
      toggleBreakpoint: (nodeId) => {
        const breakpoints = new Set(get().breakpoints);
        const on = !breakpoints.delete(nodeId);
        if (on) breakpoints.add(nodeId);
        set({ breakpoints });
        return on;
      },
      clearBreakpoints: () => set({ breakpoints: new Set() }),
    };
  });
}
