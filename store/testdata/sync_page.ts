// Runs in a page and in Deno's main thread: syncs a blueprint store with one in a worker.
import { type BlueprintStore, createBlueprintStore } from "../mod.ts";
import { syncStore } from "../sync_store.ts";
import { until } from "./until.ts";

/** What one side ends with. */
export interface Digest {
  ids: string[];
  search: string;
  dates: boolean;
}

export const digest = (store: BlueprintStore): Digest => {
  const { blueprints, search } = store.getState();
  return {
    ids: [...blueprints.keys()].sort(),
    search,
    dates: [...blueprints.values()].every((bp) => bp.created instanceof Date),
  };
};

/** Both sides change the same field and the same Map at once; returns what each ends with. */
export async function exchange(
  workerUrl: URL | string,
  channel: string,
): Promise<{ page: Digest; worker: Digest }> {
  const store = createBlueprintStore({ now: () => 0 });
  const sync = syncStore(store, { channel, source: "page" });
  const worker = new Worker(workerUrl, { type: "module" });
  const fromWorker = new Promise<Digest>((resolve) => worker.onmessage = (e) => resolve(e.data));
  await until(store, (s) => s.blueprints.has("w0"));
  worker.postMessage("go");
  store.getState().add({ id: "p1", name: "from the page" });
  store.getState().setSearch("page");
  await until(store, (s) => s.blueprints.has("w1") && s.search === "worker");
  // Sent after everything else from here, so the worker has seen it all once this arrives.
  store.getState().add({ id: "p-end", name: "the page is done" });
  const result = { page: digest(store), worker: await fromWorker };
  worker.terminate();
  sync.close();
  return result;
}

if ("document" in globalThis) {
  exchange("./worker.js?channel=sync-page-test", "sync-page-test").then(
    (result) => (globalThis as { __result?: unknown }).__result = result,
    (error) => (globalThis as { __error?: string }).__error = String(error),
  );
}
