// deno-lint-ignore-file no-console
/**
 * The cost of one action plus one subscriber notification in the Atomiton
 * stores, against a raw zustand store of the same shape (the same fields and
 * as many actions) whose action makes the same change by hand, with no checks
 * and no bookkeeping. The goal: at most 1.2 times the raw cost,
 * printed as a cost ratio (ours / raw, time per action).
 *
 * The shape matters more than the action: zustand merges a change with
 * `Object.assign({}, state, change)`, which V8 turns into a slow dictionary
 * object once the state has more than about 20 fields (actions included), so
 * the session store's changes (28 fields) cost microseconds in raw zustand
 * as in ours.
 *
 * Run: `deno run -A bench/run.ts bench/store_compare.ts` (Deno, then Node).
 *
 * @module
 */
import { createStore } from "zustand/vanilla";
import {
  type Blueprint,
  createBlueprintStore,
  createExecutionStore,
  createSessionStore,
  type Job,
  type StoreApi,
} from "@atomiton/store";
import { type BenchResult, compare } from "./_harness.ts";

const OPS = 1000;
let notified = 0;
const listener = (): void => {
  notified++;
};
const loop = (action: (i: number) => void) => (): void => {
  for (let i = 0; i < OPS; i++) action(i);
};

/** A raw zustand store with the same fields and actions as `ours`, one action replaced. */
function rawLike<S extends object, K extends keyof S>(
  ours: StoreApi<S>,
  name: K,
  action: (set: (partial: Partial<S>) => void, get: () => S) => S[K],
): StoreApi<S> {
  const raw = createStore<S>()((set, get) => ({ ...ours.getState(), [name]: action(set, get) }));
  raw.subscribe(listener);
  ours.subscribe(listener);
  return raw;
}

// A session zoom: ours also checks the number.
const session = createSessionStore();
const rawSession = rawLike(session, "setZoom", (set, get) => (zoom: number) => {
  set({ zoom: Math.min(Math.max(zoom, 0.1), 4) });
  return get().zoom;
});

// A blueprint update: ours also checks the graph and the name.
const nodes = Array.from({ length: 10 }, (_, i) => ({
  id: `n${i}`,
  type: "task",
  position: { x: i, y: 0 },
}));
const edges = nodes.slice(1).map((node, i) => ({ id: `e${i}`, source: `n${i}`, target: node.id }));
const blueprints = createBlueprintStore();
for (let i = 0; i < 20; i++) {
  blueprints.getState().add({ id: `bp${i}`, name: `bp ${i}`, nodes, edges });
}
const rawBlueprints = rawLike(blueprints, "update", (set, get) => (id, patch) => {
  const map = new Map(get().blueprints);
  const bp: Blueprint = { ...map.get(id)!, ...patch, modified: new Date() };
  map.set(id, bp);
  set({ blueprints: map });
  return bp;
});

// Job progress: ours also checks the transition and keeps the queue, active list and stats.
const executions = createExecutionStore();
for (let i = 0; i < 20; i++) executions.getState().enqueue("bp", { id: `j${i}`, total: OPS });
executions.getState().start("j0");
const rawExecutions = rawLike(executions, "progress", (set, get) => (id, { current }) => {
  const map = new Map(get().jobs);
  const job = map.get(id)!;
  const total = job.progress.total;
  const next: Job = {
    ...job,
    progress: { current, total, percentage: Math.round((current / total) * 100) },
  };
  map.set(id, next);
  set({ jobs: map });
  return next;
});

const report = (results: BenchResult[]): void => {
  const cost = 1 / results[1]!.ratio;
  console.log(`  cost ratio (ours / raw zustand): ${cost.toFixed(2)} (goal: at most 1.2)`);
};

report(
  await compare("session setZoom + 1 subscriber (28 fields)", {
    name: "@atomiton/store",
    ops: OPS,
    fn: loop((i) => session.getState().setZoom(1 + (i % 3))),
  }, [{
    name: "raw zustand, same shape",
    ops: OPS,
    fn: loop((i) => rawSession.getState().setZoom(1 + (i % 3))),
  }]),
);
report(
  await compare("blueprint update + 1 subscriber (12 fields)", {
    name: "@atomiton/store",
    ops: OPS,
    fn: loop((i) => blueprints.getState().update(`bp${i % 20}`, { description: `${i}` })),
  }, [{
    name: "raw zustand, same shape",
    ops: OPS,
    fn: loop((i) => rawBlueprints.getState().update(`bp${i % 20}`, { description: `${i}` })),
  }]),
);
report(
  await compare("job progress + 1 subscriber (19 fields)", {
    name: "@atomiton/store",
    ops: OPS,
    fn: loop((i) => executions.getState().progress("j0", { current: i })),
  }, [{
    name: "raw zustand, same shape",
    ops: OPS,
    fn: loop((i) => rawExecutions.getState().progress("j0", { current: i })),
  }]),
);
if (notified === 0) throw new Error("subscribers never ran");
