import assert from "node:assert/strict";
import { createStore } from "zustand/vanilla";
import { createBlueprintStore } from "./blueprint_store.ts";
import { createExecutionStore } from "./execution_store.ts";
import { StoreError } from "./store_error.ts";
import { withHistory } from "./with_history.ts";

interface Counter {
  count: number;
  label: string;
  add(n: number): void;
  addTwice(n: number): void;
  rename(label: string): void;
  noop(): void;
}

const counter = () =>
  createStore<Counter>()((set, get) => ({
    count: 0,
    label: "",
    add: (n) => set({ count: get().count + n }),
    addTwice: (n) => {
      get().add(n);
      get().add(n);
    },
    rename: (label) => set({ label }),
    noop: () => {},
  }));

Deno.test("withHistory() records each action with its arguments and the state after it", () => {
  const store = counter();
  using history = withHistory(store);
  store.getState().add(2);
  store.getState().rename("x");
  store.getState().noop();
  assert.deepEqual(
    history.entries.map(({ action, args, state }) => [action, args, state.count, state.label]),
    [["add", [2], 2, ""], ["rename", ["x"], 2, "x"]],
  );
  assert.equal(history.index, 1);
});

Deno.test("withHistory() records an action that calls others as one entry", () => {
  const store = counter();
  using history = withHistory(store);
  store.getState().addTwice(3);
  assert.deepEqual(history.entries.map((e) => [e.action, e.args]), [["addTwice", [3]]]);
  assert.equal(store.getState().count, 6);
});

Deno.test("withHistory() records setState outside actions as setState with the changed fields", () => {
  const store = counter();
  using history = withHistory(store);
  store.setState({ count: 5 });
  assert.deepEqual(history.entries.map((e) => [e.action, e.args]), [["setState", [{ count: 5 }]]]);
});

Deno.test("withHistory() undo() and redo() walk the states and are not recorded", () => {
  const store = counter();
  using history = withHistory(store);
  const { add } = store.getState();
  add(1);
  add(10);
  assert.equal(history.undo(), true);
  assert.equal(store.getState().count, 1);
  assert.equal(history.undo(), true);
  assert.equal(store.getState().count, 0);
  assert.equal(history.undo(), false);
  assert.equal(history.index, -1);
  assert.equal(history.redo(), true);
  assert.equal(history.redo(), true);
  assert.equal(history.redo(), false);
  assert.equal(store.getState().count, 11);
  assert.equal(history.entries.length, 2);
  store.getState().add(100);
  assert.equal(store.getState().count, 111, "actions still work after undo and redo");
});

Deno.test("withHistory() a change after an undo drops what could be redone", () => {
  const store = counter();
  using history = withHistory(store);
  store.getState().add(1);
  store.getState().add(2);
  history.undo();
  store.getState().rename("new");
  assert.deepEqual(history.entries.map((e) => e.action), ["add", "rename"]);
  assert.equal(history.redo(), false);
  assert.deepEqual([store.getState().count, store.getState().label], [1, "new"]);
});

Deno.test("withHistory() keeps at most limit entries and undoes back to the oldest kept", () => {
  const store = counter();
  using history = withHistory(store, { limit: 2 });
  for (const n of [1, 2, 3]) store.getState().add(n);
  assert.deepEqual(history.entries.map((e) => e.args[0]), [2, 3]);
  history.undo();
  history.undo();
  assert.equal(history.undo(), false);
  assert.equal(store.getState().count, 1, "the state before the oldest entry kept");
  assert.throws(() => withHistory(store, { limit: 0 }), StoreError);
});

Deno.test("withHistory() goTo() jumps to any entry and refuses one out of range", () => {
  const store = counter();
  using history = withHistory(store);
  for (const n of [1, 2, 3]) store.getState().add(n);
  history.goTo(0);
  assert.equal(store.getState().count, 1);
  history.goTo(2);
  assert.equal(store.getState().count, 6);
  history.goTo(-1);
  assert.equal(store.getState().count, 0);
  for (const bad of [3, -2, 0.5]) {
    assert.throws(
      () => history.goTo(bad),
      (e) => e instanceof StoreError && e.code === "INVALID_OPTION" && /index/.test(e.message),
    );
  }
  assert.equal(history.index, -1);
});

Deno.test("withHistory() replay() runs the recorded actions on another store", () => {
  const store = createBlueprintStore({ now: () => 0 });
  using history = withHistory(store);
  const { add, update, select, remove } = store.getState();
  add({ id: "a", name: "A" });
  add({ id: "b", name: "B" });
  update("a", { name: "A2" });
  select("a");
  remove("b");
  store.setState({ search: "a" });
  const fresh = createBlueprintStore({ now: () => 0 });
  history.replay(fresh);
  const data = (s: ReturnType<typeof fresh.getState>) => [s.blueprints, s.selectedId, s.search];
  assert.deepEqual(data(fresh.getState()), data(store.getState()));
  const partial = createBlueprintStore({ now: () => 0 });
  history.replay(partial, history.entries.slice(0, 2));
  assert.deepEqual([...partial.getState().blueprints.keys()], ["a", "b"]);
});

Deno.test("withHistory() replay() reproduces a refused transition", () => {
  const store = createExecutionStore();
  using history = withHistory(store);
  const { enqueue, start, cancel } = store.getState();
  enqueue("bp", { id: "j" });
  start("j");
  cancel("j");
  const fresh = createExecutionStore();
  history.replay(fresh);
  assert.throws(() => fresh.getState().complete("j"), { code: "INVALID_TRANSITION" });
});

Deno.test("withHistory() dispose() stops recording and gives the store its actions back", () => {
  const store = counter();
  const original = store.getState().add;
  const history = withHistory(store);
  assert.notEqual(store.getState().add, original);
  history.dispose();
  assert.equal(store.getState().add, original);
  store.getState().add(1);
  assert.equal(history.entries.length, 0);
});
