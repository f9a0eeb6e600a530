/**
 * Undo, redo, time travel and replay for any zustand store: every action is
 * recorded with its arguments and the state it led to.
 *
 * @example Undo a change to a blueprint
 * ```ts
 * import { createBlueprintStore } from "@atomiton/store";
 * import { withHistory } from "@atomiton/store/history";
 * import assert from "node:assert/strict";
 *
 * const store = createBlueprintStore();
 * using history = withHistory(store, { limit: 100 });
 * store.getState().add({ id: "bp-1", name: "Draft" });
 * store.getState().update("bp-1", { name: "Final" });
 * history.undo();
 * assert.equal(store.getState().blueprints.get("bp-1")?.name, "Draft");
 * ```
 *
 * @module
 */
import type { StoreApi } from "./store_api.ts";
import { int, num } from "./_common.ts";

/** One recorded change: the action that made it, its arguments, and the state after it. */
export interface HistoryEntry<S> {
  /** The action's name, or `"setState"` for a change made without an action. */
  readonly action: string;
  /** The action's arguments; for `"setState"`, the changed fields. */
  readonly args: readonly unknown[];
  /** The store's state after the change. */
  readonly state: S;
}

/** A store's recorded history, as {@linkcode withHistory} returns it. */
export interface History<S> extends Disposable {
  /** The recorded changes, oldest first, at most `limit` of them. */
  readonly entries: readonly HistoryEntry<S>[];
  /** The index of the entry the store is at; -1 before the first one. */
  readonly index: number;
  /** Goes back one change; returns whether there was one. */
  undo(): boolean;
  /** Goes forward one undone change; returns whether there was one. */
  redo(): boolean;
  /**
   * Puts the store in the state after entry `index` (-1: before the first one).
   * @throws {StoreError} `INVALID_OPTION` for an index out of range.
   */
  goTo(index: number): void;
  /**
   * Runs the recorded actions again, in order, on a store (a fresh one, to
   * reproduce a bug): what happened, not the states it led to.
   */
  replay(target: StoreApi<S>, entries?: readonly HistoryEntry<S>[]): void;
  /** Stops recording and gives the store its own actions back. */
  dispose(): void;
}

/**
 * Records a store's changes for undo, redo, time travel and replay.
 *
 * Every action (a function in the state) is wrapped so that its name and
 * arguments are recorded with the state it leads to; an action that calls
 * others is one entry. A change made with `setState` is recorded as
 * `"setState"` with the changed fields. Undo, redo and `goTo` replace the
 * state with a recorded one and are not recorded themselves; a change made
 * after an undo drops what could be redone. The oldest entries go past `limit`.
 *
 * @param store A zustand store.
 * @param options `limit`: the most entries kept, a whole number of 1 or more (default 100).
 * @returns The history.
 * @throws {StoreError} `INVALID_OPTION` for a bad limit.
 *
 * @example Undo, redo and replay
 * ```ts
 * import { createSessionStore } from "@atomiton/store";
 * import { withHistory } from "@atomiton/store/history";
 * import assert from "node:assert/strict";
 *
 * const session = createSessionStore();
 * using history = withHistory(session, { limit: 50 });
 * session.getState().setZoom(2);
 * session.getState().setMode("debug");
 * history.undo();
 * assert.equal(session.getState().mode, "edit");
 * history.redo();
 * assert.equal(session.getState().mode, "debug");
 * assert.deepEqual(history.entries.map((e) => e.action), ["setZoom", "setMode"]);
 *
 * const fresh = createSessionStore();
 * history.replay(fresh);
 * assert.equal(fresh.getState().zoom, 2);
 * ```
 */
export function withHistory<S>(store: StoreApi<S>, options: { limit?: number } = {}): History<S> {
  const limit = int("limit", options.limit ?? 100, 1);
  const entries: HistoryEntry<S>[] = [];
  let base = store.getState();
  let index = -1;
  let depth = 0;
  let changed = false;
  let moving = false;

  const record = (action: string, args: readonly unknown[]): void => {
    entries.splice(index + 1);
    entries.push({ action, args, state: store.getState() });
    if (entries.length > limit) base = entries.shift()!.state;
    index = entries.length - 1;
  };
  const move = (state: S): void => {
    moving = true;
    try {
      store.setState(state, true);
    } finally {
      moving = false;
    }
  };
  const goTo = (i: number): void => {
    index = num("index", int("index", i, -1), -1, entries.length - 1);
    move(index < 0 ? base : entries[index]!.state);
  };
  const unsubscribe = store.subscribe((state, previous) => {
    if (moving) return;
    if (depth) changed = true;
    else {
      const patch: Record<string, unknown> = {};
      for (const key in state) if (state[key] !== previous[key]) patch[key] = state[key];
      record("setState", [patch]);
    }
  });
  const originals: Record<string, unknown> = {};
  const wrapped: Record<string, unknown> = {};
  for (const [name, action] of Object.entries(store.getState() as object)) {
    if (typeof action !== "function") continue;
    originals[name] = action;
    wrapped[name] = (...args: unknown[]): unknown => {
      if (!depth++) changed = false;
      try {
        return action(...args);
      } finally {
        if (!--depth && changed) record(name, args);
      }
    };
  }
  move({ ...store.getState(), ...wrapped });
  base = store.getState();

  const dispose = (): void => {
    unsubscribe();
    move({ ...store.getState(), ...originals });
  };
  return {
    entries,
    get index(): number {
      return index;
    },
    undo: () => index >= 0 && (goTo(index - 1), true),
    redo: () => index < entries.length - 1 && (goTo(index + 1), true),
    goTo,
    replay: (target, list = entries) => {
      for (const { action, args } of list) {
        action === "setState"
          ? target.setState(args[0] as Partial<S>)
          : (target.getState() as Record<string, (...a: unknown[]) => unknown>)[action]!(...args);
      }
    },
    dispose,
    [Symbol.dispose]: dispose,
  };
}
