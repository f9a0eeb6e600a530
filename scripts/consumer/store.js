// The npm copy of @atomiton/store as a user meets it, on Node, Deno, a page and a worker.
import {
  createBlueprintStore,
  createExecutionStore,
  createSessionStore,
  selectFilteredBlueprints,
  StoreError,
} from "@atomiton/store";
import { createUIStore } from "@atomiton/store/ui";
import { persist } from "@atomiton/store/persist";
import { syncStore } from "@atomiton/store/sync";
import { bindEvents } from "@atomiton/store/events";
import { withHistory } from "@atomiton/store/history";
import { EventClient } from "@atomiton/events";
import { MemoryClient } from "@atomiton/storage";
import { IndexedDBClient } from "@atomiton/storage/indexeddb";

/** Persists blueprints to `storage` and reads them back into a fresh store; returns what differs. */
async function roundTrip(storage) {
  const first = createBlueprintStore();
  const saving = persist(first, storage, { key: "blueprints", debounce: 0 });
  await saving.hydrated;
  first.getState().add({
    id: "bp",
    name: "Backup",
    tags: ["files"],
    metadata: { at: new Date(5) },
  });
  await saving.close();
  const second = createBlueprintStore();
  const loading = persist(second, storage, { key: "blueprints" });
  await loading.hydrated;
  await loading.close();
  const bp = second.getState().blueprints.get("bp");
  const problems = [];
  if (!(second.getState().blueprints instanceof Map)) problems.push("not a Map");
  if (bp?.name !== "Backup") problems.push(`name ${bp?.name}`);
  if (!(bp?.created instanceof Date)) problems.push("created is not a Date");
  if (bp?.metadata.at?.getTime() !== 5) problems.push("nested Date lost");
  return problems.join("; ");
}

/**
 * @param {(ok: boolean, message: string) => void} check
 * @param {{ runtime: string }} where
 */
export default async function smoke(check, where) {
  const server = where.runtime === "node" || where.runtime === "deno";
  const blueprints = createBlueprintStore();
  const bp = blueprints.getState().add({ name: "Nightly", tags: ["daily"] });
  blueprints.getState().setSearch("night");
  check(selectFilteredBlueprints(blueprints.getState())[0] === bp, "filtered list");

  const jobs = createExecutionStore({ concurrency: 1 });
  const job = jobs.getState().enqueue(bp.id);
  jobs.getState().start();
  jobs.getState().cancel(job.id);
  try {
    jobs.getState().complete(job.id);
    check(false, "completing a cancelled job was accepted");
  } catch (error) {
    check(
      error instanceof StoreError && error.code === "INVALID_TRANSITION",
      `refused transition ${error}`,
    );
  }

  const session = createSessionStore();
  const history = withHistory(session);
  session.getState().setZoom(10);
  check(session.getState().zoom === 4, `zoom clamped to ${session.getState().zoom}`);
  history.undo();
  check(session.getState().zoom === 1, "undo");
  history.dispose();

  const ui = createUIStore();
  ui.getState().notify({ message: "hi", timeout: 60_000 });
  check(ui.getState().notifications.length === 1, "notify");
  ui.dispose();

  const events = new EventClient();
  const runs = createExecutionStore();
  const unbind = bindEvents(runs, events);
  events.emit("execution:started", { jobId: "r", blueprintId: "bp" });
  events.emit("execution:completed", { jobId: "r", result: 1 });
  check(runs.getState().jobs.get("r")?.status === "completed", "execution events drive the store");
  unbind();

  const channel = `store-smoke-${where.runtime}-${Math.random()}`;
  const a = createSessionStore();
  const b = createSessionStore();
  const syncA = syncStore(a, { channel });
  const syncB = syncStore(b, { channel });
  const arrived = new Promise((resolve) => b.subscribe(resolve));
  a.getState().setMode("debug");
  await arrived;
  check(b.getState().mode === "debug", "synced over BroadcastChannel");
  syncA.close();
  syncB.close();

  check((await roundTrip(new MemoryClient())) === "", "persist round trip in memory");
  if (server) {
    // Server-only entries, loaded so that a browser bundle never follows them.
    const fsSpec = "@atomiton/storage/fs";
    const nodeFs = "node:fs/promises";
    const nodeOs = "node:os";
    const { FileSystemClient } = await import(fsSpec);
    const { mkdtemp, rm } = await import(nodeFs);
    const { tmpdir } = await import(nodeOs);
    const directory = await mkdtemp(`${tmpdir()}/atomiton-store-smoke-`);
    const files = new FileSystemClient({ directory });
    const problems = await roundTrip(files);
    check(problems === "", `persist round trip in files: ${problems}`);
    await files.close();
    await rm(directory, { recursive: true });
  } else {
    const idb = new IndexedDBClient({ database: `store-smoke-${where.runtime}` });
    await idb.clear();
    const problems = await roundTrip(idb);
    check(problems === "", `persist round trip in IndexedDB: ${problems}`);
    await idb.close();
  }
}
