// A worker whose blueprint store is synced with the page's, on Deno or in a browser.
import { createBlueprintStore } from "../mod.ts";
import { syncStore } from "../sync_store.ts";
import { digest } from "./sync_page.ts";
import { until } from "./until.ts";

const channel = new URL(import.meta.url).searchParams.get("channel") ?? "sync-test";
const store = createBlueprintStore({ now: () => 0 });
syncStore(store, { channel, source: "worker" });
// Tells the page that this side is listening.
store.getState().add({ id: "w0", name: "the worker is ready" });
// Deno's types describe a window, not a worker: the two worker calls used here, typed by hand.
const scope = globalThis as unknown as {
  onmessage: () => void;
  postMessage(message: unknown): void;
};
scope.onmessage = async () => {
  store.getState().add({ id: "w1", name: "from the worker" });
  store.getState().setSearch("worker");
  await until(store, (s) => s.blueprints.has("p-end"));
  scope.postMessage(digest(store));
};
