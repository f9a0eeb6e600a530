/**
 * Keeps one zustand store in step across tabs, workers and processes on one
 * machine: over a `BroadcastChannel`, a message port, or an `EventClient` of
 * `@atomiton/events` and its transports. No echo loops; concurrent changes
 * resolve the same way everywhere.
 *
 * @example Every tab shows the same blueprints
 * ```ts ignore
 * import { createBlueprintStore } from "@atomiton/store";
 * import { syncStore } from "@atomiton/store/sync";
 *
 * const blueprints = createBlueprintStore();
 * syncStore(blueprints, { channel: "atomiton:blueprints", keys: ["blueprints"] });
 * ```
 *
 * @module
 */
import type { EventClient } from "@atomiton/events";
import type { StoreApi } from "./store_api.ts";
import { changedKeys, str } from "./_common.ts";
import type { Step } from "./_sync_body.ts";

// The body loads with the first syncStore(); once here, every later sync starts at once.
type Body = typeof import("./_sync_body.ts");
let loading: Promise<Body> | undefined;
let body: Body | undefined;

/** A port messages go through: a `BroadcastChannel`, a `MessagePort`, a `Worker`. */
export interface SyncPort {
  /** Sends a message to the other side(s). */
  postMessage(message: unknown): void;
  /** Listens for messages. */
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
  /** Stops listening. */
  removeEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

/** Options for {@linkcode syncStore}. */
export interface SyncOptions<S> {
  /**
   * A `BroadcastChannel` name (one is opened and closed with the sync), a port,
   * or an `EventClient` (of any event map) whose transports carry the changes.
   */
  // deno-lint-ignore no-explicit-any -- any event map: the sync uses an event type of its own
  readonly channel: string | SyncPort | EventClient<any>;
  /** The fields to keep in step; default: every field but the actions. */
  readonly keys?: readonly (keyof S & string)[];
  /** This side's id; of two changes made at once, the greater id's wins. Default: random. */
  readonly source?: string;
  /** The event type on an event client (default `"store:sync"`). */
  readonly type?: string;
  /** Gets changes that could not be sent (a value that cannot be cloned). Default: `console.error`. */
  readonly onError?: (error: unknown) => void;
}

/** A running sync, as {@linkcode syncStore} returns it. */
export interface Sync extends Disposable {
  /** This side's id. */
  readonly source: string;
  /** Stops syncing (and closes the channel it opened). Calling it again does nothing. */
  close(): void;
}

/**
 * Keeps a store in step with stores of the same shape in other tabs, workers
 * or processes on one machine, over a `BroadcastChannel`, any message port, or
 * an event client and its transports.
 *
 * Each side sends what its own changes touched: a field, or for a field that
 * holds a Map, the entries that changed (so two tabs adding different
 * blueprints at once both keep both). Changes that came from elsewhere are
 * never sent on, so there are no echo loops. Concurrent changes of one field
 * or entry are resolved the same way on every side: the change with the
 * greater Lamport clock wins, and on a tie the greater `source`. A store that
 * joins late asks the others for what they changed. Values travel by
 * structured clone, so Maps, Sets and Dates arrive as they were sent.
 *
 * @param store A zustand store.
 * @param options The channel, the fields, and this side's id.
 * @returns The sync; `close()` (or `using`) stops it.
 * @throws {StoreError} `INVALID_OPTION` for an empty channel name or source.
 *
 * @example Two stores on one channel
 * ```ts
 * import { createUIStore } from "@atomiton/store/ui";
 * import { syncStore } from "@atomiton/store/sync";
 * import assert from "node:assert/strict";
 *
 * using tab1 = createUIStore();
 * using tab2 = createUIStore();
 * using _a = syncStore(tab1, { channel: "ui-example", keys: ["preferences"] });
 * using _b = syncStore(tab2, { channel: "ui-example", keys: ["preferences"] });
 * const arrived = new Promise((resolve) => tab2.subscribe(resolve));
 * tab1.getState().setPreferences({ theme: "dark" });
 * await arrived;
 * assert.equal(tab2.getState().preferences.theme, "dark");
 * ```
 */
export function syncStore<S>(store: StoreApi<S>, options: SyncOptions<S>): Sync {
  const { channel, keys, type = "store:sync" } = options;
  const me = str("source", options.source ?? Math.random().toString(36).slice(2));
  // deno-lint-ignore no-console -- an unsent change must not pass unseen when nobody listens
  const report = options.onError ?? ((error: unknown) => console.error(error));
  const owned = typeof channel === "string" ? new BroadcastChannel(str("channel", channel)) : 0;
  const port = (owned || channel) as SyncPort | EventClient;
  // Not `"emit" in port`: Node's MessagePort (also Deno's, once node: modules load) has `emit`.
  const events = "postMessage" in port ? undefined : port;
  // Until the body is here, local changes and messages wait in order; dropped on close.
  let waiting: Step[] | undefined = [];
  let take = (...step: Step): void => void waiting?.push(step);
  const begin = ({ start }: Body): void => {
    if (!waiting) return;
    const side = { store: store as StoreApi<unknown>, me, keys, port, events, type, report };
    const run = start({ ...side, changedKeys });
    const steps = waiting;
    // Taken at once from here: a change that applying a waiting message makes must reach the
    // body while it is applying, so that it is not sent back.
    waiting = undefined;
    take = (...step) => run(step);
    for (const step of steps) run(step);
  };
  if (body) begin(body);
  else {
    (loading ??= import("./_sync_body.ts").catch((error) => {
      loading = undefined; // tried again by the next syncStore()
      throw error;
    })).then((loaded) => begin(body = loaded), report);
  }
  const unsubscribe = store.subscribe((next, previous) => take(next, previous));
  const onMessage = (event: MessageEvent): void => take(event.data);
  const off = events
    ? events.on(type, (message: unknown) => take(message))
    : ((port as SyncPort).addEventListener("message", onMessage),
      (port as { start?(): void }).start?.(),
      () => (port as SyncPort).removeEventListener("message", onMessage));

  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    waiting = undefined;
    unsubscribe();
    off();
    if (owned) owned.close();
  };
  return { source: me, close, [Symbol.dispose]: close };
}
