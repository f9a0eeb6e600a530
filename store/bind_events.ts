/**
 * Bridges a zustand store and an `EventClient` of `@atomiton/events`: store
 * changes become typed `"store:changed"` events, and the execution events a
 * blueprint run emits (`execution:started`, `execution:node-progress`,
 * `execution:completed`, ...) drive an execution store.
 *
 * @example Follow runs that the CLI reports in another process
 * ```ts ignore
 * import { createExecutionStore } from "@atomiton/store";
 * import { bindEvents, type StoreEvents } from "@atomiton/store/events";
 * import { EventClient } from "@atomiton/events";
 * import { BroadcastChannelTransport } from "@atomiton/events/broadcast-channel";
 *
 * const events = new EventClient<StoreEvents>();
 * new BroadcastChannelTransport(events, { channel: "atomiton:events", types: ["execution:*"] });
 * const executions = createExecutionStore();
 * bindEvents(executions, events, { name: "executions" });
 * ```
 *
 * @module
 */
import type { EventClient } from "@atomiton/events";
import type { StoreApi } from "./store_api.ts";
import { changedKeys } from "./_common.ts";
import type { ExecutionState, NodeState } from "./execution_store.ts";

/**
 * What a blueprint run reports, as the CLI and workers emit it. `bindEvents`
 * turns these into execution store transitions.
 */
export type ExecutionEvents = {
  /** A job began; an unknown `jobId` is added, already running. */
  "execution:started": { jobId: string; blueprintId: string; total?: number };
  /** How far a job is overall. */
  "execution:progress": { jobId: string; current: number; total?: number; message?: string };
  /** One node's state changed. */
  "execution:node-progress": { jobId: string; nodeId: string } & NodeState;
  "execution:completed": { jobId: string; result?: unknown };
  "execution:failed": { jobId: string; error: string };
  "execution:cancelled": { jobId: string; reason?: string };
};

/** A store's change: the store's name and the changed fields with their new values. */
export interface StoreChange {
  /** The store's name, as given to `bindEvents`. */
  readonly store: string;
  /** The changed fields and their new values. */
  readonly changes: Readonly<Record<string, unknown>>;
}

/** Every event `bindEvents` emits or follows. */
export type StoreEvents = ExecutionEvents & { "store:changed": StoreChange };

/**
 * Bridges a store and an event client: every change of the store is emitted
 * as `"store:changed"` with its name and the changed fields (actions left
 * out); and when the store is an execution store, the execution events drive
 * it (`execution:started` starts or adds the job, regardless of the
 * concurrency limit, since it runs elsewhere; `execution:completed` completes
 * it, and so on). A transition an event asks for that makes no sense is
 * refused as the action would be, and the error goes to the client's `onError`.
 *
 * @typeParam S The store's state.
 * @typeParam M The client's event map: {@linkcode StoreEvents}, or one that includes
 *   at least `"store:changed"`.
 * @param store A zustand store.
 * @param events An event client, for example with a transport attached.
 * @param options `name`: the store's name in `"store:changed"` (default `"store"`).
 * @returns A function that ends the bridge.
 *
 * @example Execution events drive the store
 * ```ts
 * import { createExecutionStore } from "@atomiton/store";
 * import { bindEvents, type StoreEvents } from "@atomiton/store/events";
 * import { EventClient } from "@atomiton/events";
 * import assert from "node:assert/strict";
 *
 * const events = new EventClient<StoreEvents>();
 * const jobs = createExecutionStore();
 * const unbind = bindEvents(jobs, events, { name: "jobs" });
 * const changed: string[] = [];
 * events.on("store:changed", ({ changes }) => changed.push(Object.keys(changes).join()));
 * events.emit("execution:started", { jobId: "run-1", blueprintId: "bp-1", total: 2 });
 * events.emit("execution:node-progress", { jobId: "run-1", nodeId: "a", status: "completed" });
 * events.emit("execution:completed", { jobId: "run-1", result: "ok" });
 * const job = jobs.getState().jobs.get("run-1");
 * assert.equal(job?.status, "completed");
 * assert.equal(job?.nodeStates.get("a")?.status, "completed");
 * assert.ok(changed.length >= 3);
 * unbind();
 * ```
 */
export function bindEvents<S, M extends { "store:changed": StoreChange }>(
  store: StoreApi<S>,
  client: EventClient<M>,
  options: { name?: string } = {},
): () => void {
  const events = client as unknown as EventClient<StoreEvents>;
  const name = options.name ?? "store";
  const offs = [
    store.subscribe((state, previous) => {
      const changes: Record<string, unknown> = {};
      for (const key of changedKeys(state, previous)) changes[key] = state[key];
      events.emit("store:changed", { store: name, changes });
    }),
  ];
  const s = store.getState() as Partial<ExecutionState>;
  if (s.jobs instanceof Map && s.enqueue) {
    const run = (): ExecutionState => store.getState() as ExecutionState;
    const on = <K extends keyof ExecutionEvents>(
      type: K,
      handler: (data: ExecutionEvents[K]) => unknown,
    ): number => offs.push(events.on(type, handler as never));
    on("execution:started", ({ jobId, blueprintId, total }) => {
      const job = run().jobs.get(jobId) ??
        run().enqueue(blueprintId, total === undefined ? { id: jobId } : { id: jobId, total });
      run().start(job.id, true);
    });
    on("execution:progress", ({ jobId, ...progress }) => run().progress(jobId, progress));
    on(
      "execution:node-progress",
      ({ jobId, nodeId, ...state }) => run().nodeProgress(jobId, nodeId, state),
    );
    on("execution:completed", ({ jobId, result }) => run().complete(jobId, result));
    on("execution:failed", ({ jobId, error }) => run().fail(jobId, error));
    on("execution:cancelled", ({ jobId, reason }) => run().cancel(jobId, reason));
  }
  return () => offs.forEach((off) => off());
}
