/**
 * The Atomiton state stores, on zustand: blueprints, executions and the
 * editing session, each a zustand vanilla store (`getState`, `setState`,
 * `subscribe`) with typed actions, and one error type.
 *
 * The main entry also carries the interface store and the utilities that work
 * on any zustand store; each is an entry of its own too, for bundlers that do
 * not tree-shake: `@atomiton/store/ui` (preferences, modals, notifications),
 * `@atomiton/store/persist` (to any `@atomiton/storage` client; Maps, Sets and
 * Dates round-trip; versions migrate), `@atomiton/store/sync` (across tabs,
 * workers and processes), `@atomiton/store/events` (to and from an event
 * client), `@atomiton/store/history` (undo, redo, replay). React hooks with
 * selectors are in `@atomiton/store/react`, so React stays optional.
 *
 * @example Blueprints and a run
 * ```ts
 * import { createBlueprintStore, createExecutionStore, selectFilteredBlueprints } from "@atomiton/store";
 * import assert from "node:assert/strict";
 *
 * const blueprints = createBlueprintStore();
 * const executions = createExecutionStore({ concurrency: 2 });
 * const bp = blueprints.getState().add({ name: "Nightly backup", tags: ["files"] });
 * blueprints.getState().setTagFilter(["files"]);
 * assert.deepEqual(selectFilteredBlueprints(blueprints.getState()), [bp]);
 *
 * const job = executions.getState().enqueue(bp.id);
 * executions.getState().start();
 * executions.getState().complete(job.id, "ok");
 * assert.equal(executions.getState().stats.completed, 1);
 * ```
 *
 * @module
 */
export * from "./store_error.ts";
export * from "./blueprint_store.ts";
export * from "./execution_store.ts";
export * from "./session_store.ts";
export * from "./ui_store.ts";
export * from "./persist.ts";
export * from "./sync_store.ts";
export * from "./bind_events.ts";
export * from "./with_history.ts";
export type { SetState, StoreApi } from "./store_api.ts";
