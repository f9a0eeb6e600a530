import assert from "node:assert/strict";
import { createSessionStore, MAX_ZOOM, MIN_ZOOM } from "./session_store.ts";
import { StoreError, type StoreErrorCode } from "./store_error.ts";

const code = (expected: StoreErrorCode) => (error: unknown): boolean =>
  error instanceof StoreError && error.code === expected;

Deno.test("createSessionStore() starts empty, in edit mode, at zoom 1", () => {
  const s = createSessionStore().getState();
  assert.equal(s.user, undefined);
  assert.deepEqual([s.selection, s.undoStack, s.redoStack], [[], [], []]);
  assert.deepEqual([s.mode, s.zoom, s.pan, s.drag], ["edit", 1, { x: 0, y: 0 }, undefined]);
  assert.deepEqual([s.operations, s.breakpoints], [new Map(), new Set()]);
});

Deno.test("createSessionStore() setUser(), select() and setClipboard() set what they say", () => {
  const store = createSessionStore();
  const { setUser, select, setClipboard } = store.getState();
  setUser({ id: "u1", name: "Ada" });
  select(["b", "a", "b"]);
  const clipboard = { nodes: [{ id: "n", type: "t", position: { x: 1, y: 2 } }], edges: [] };
  setClipboard(clipboard);
  assert.deepEqual(store.getState().user, { id: "u1", name: "Ada" });
  assert.deepEqual(store.getState().selection, ["b", "a"]);
  assert.equal(store.getState().clipboard, clipboard);
  setUser(undefined);
  select([]);
  setClipboard(undefined);
  assert.deepEqual([store.getState().user, store.getState().selection], [undefined, []]);
  assert.equal(store.getState().clipboard, undefined);
});

Deno.test("createSessionStore() undo() and redo() move steps between bounded stacks", () => {
  const store = createSessionStore({ historyLimit: 3 });
  const { record, undo, redo } = store.getState();
  assert.equal(undo(), undefined);
  assert.equal(redo(), undefined);
  for (const step of [1, 2, 3, 4]) record(step);
  assert.deepEqual(store.getState().undoStack, [2, 3, 4], "the oldest step went past the limit");
  assert.equal(undo(), 4);
  assert.equal(undo(), 3);
  assert.deepEqual(store.getState().redoStack, [4, 3]);
  assert.equal(redo(), 3);
  assert.deepEqual([store.getState().undoStack, store.getState().redoStack], [[2, 3], [4]]);
  record(5);
  assert.deepEqual([store.getState().undoStack, store.getState().redoStack], [[2, 3, 5], []]);
  assert.throws(() => createSessionStore({ historyLimit: 0 }), code("INVALID_OPTION"));
  assert.throws(() => createSessionStore({ historyLimit: 2.5 }), /historyLimit must be a whole/);
});

Deno.test("createSessionStore() setMode() takes edit, view or debug only", () => {
  const store = createSessionStore();
  store.getState().setMode("debug");
  assert.equal(store.getState().mode, "debug");
  assert.throws(
    () => store.getState().setMode("fly" as "edit"),
    { message: 'mode must be edit or view or debug, got "fly"' },
  );
  assert.equal(store.getState().mode, "debug");
});

Deno.test("createSessionStore() setZoom() clamps to the range and refuses NaN", () => {
  const store = createSessionStore();
  const { setZoom } = store.getState();
  assert.equal(setZoom(2.5), 2.5);
  assert.equal(setZoom(100), MAX_ZOOM);
  assert.equal(setZoom(0), MIN_ZOOM);
  assert.equal(setZoom(-Infinity), MIN_ZOOM);
  assert.throws(() => setZoom(NaN), code("INVALID_OPTION"));
  assert.equal(store.getState().zoom, MIN_ZOOM);
  store.getState().setPan({ x: -5, y: 7 });
  assert.deepEqual(store.getState().pan, { x: -5, y: 7 });
});

Deno.test("createSessionStore() drags start, move and end; a move without a drag is refused", () => {
  const store = createSessionStore();
  const { startDrag, moveDrag, endDrag } = store.getState();
  assert.throws(() => moveDrag({ x: 1, y: 1 }), code("INVALID_TRANSITION"));
  assert.equal(endDrag(), undefined);
  startDrag(["a", "b"], { x: 10, y: 10 });
  moveDrag({ x: 15, y: 12 });
  const drag = { ids: ["a", "b"], origin: { x: 10, y: 10 }, current: { x: 15, y: 12 } };
  assert.deepEqual(store.getState().drag, drag);
  assert.deepEqual(endDrag(), drag);
  assert.equal(store.getState().drag, undefined);
});

Deno.test("createSessionStore() operations track progress, clamped, until they end", () => {
  const store = createSessionStore({ now: () => 42 });
  const { startOperation, updateOperation, endOperation } = store.getState();
  const id = startOperation("Saving");
  startOperation("Importing", "imp");
  updateOperation(id, 0.5);
  updateOperation("imp", 7);
  assert.deepEqual(store.getState().operations.get(id), {
    id,
    label: "Saving",
    progress: 0.5,
    started: 42,
  });
  assert.equal(store.getState().operations.get("imp")!.progress, 1);
  assert.throws(() => updateOperation("nope", 0.1), code("NOT_FOUND"));
  assert.throws(() => updateOperation(id, NaN), code("INVALID_OPTION"));
  assert.equal(endOperation(id), true);
  assert.equal(endOperation(id), false);
  assert.deepEqual([...store.getState().operations.keys()], ["imp"]);
});

Deno.test("createSessionStore() toggleBreakpoint() adds and removes; clearBreakpoints() empties", () => {
  const store = createSessionStore();
  const { toggleBreakpoint, clearBreakpoints } = store.getState();
  assert.equal(toggleBreakpoint("a"), true);
  assert.equal(toggleBreakpoint("b"), true);
  assert.equal(toggleBreakpoint("a"), false);
  assert.deepEqual(store.getState().breakpoints, new Set(["b"]));
  clearBreakpoints();
  assert.equal(store.getState().breakpoints.size, 0);
});
