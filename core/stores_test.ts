import assert from "node:assert/strict";
import { PROTOTYPE_KEYS } from "../scripts/testing/hostile.ts";
import * as core from "./mod.ts";

// These tests check behaviour, not printing (core_test.ts does): keep the output clean.
Deno.env.set("ATOMITON_NO_DEPRECATION", "1");

function blueprint(id: string, name: string, tags: string[], modified: number): core.Blueprint {
  return {
    id,
    name,
    description: `${name} blueprint`,
    version: "1.0.0",
    author: "ada",
    created: new Date(0),
    modified: new Date(modified),
    tags,
    nodes: [],
    connections: [],
    metadata: {},
  };
}

Deno.test("BlueprintActions and BlueprintSelectors: add, update, search, filter, sort, delete", () => {
  const store = core.createBlueprintStore();
  const { actions } = store;
  actions.addBlueprint(blueprint("a", "Alpha", ["mail"], 1));
  actions.addBlueprint(blueprint("b", "Beta", ["mail", "weekly"], 2));
  actions.addBlueprint(blueprint("__proto__", "Proto", [], 3));
  assert.equal(core.BlueprintSelectors.getAllBlueprints(store.getState()).length, 3);
  assert.deepEqual(core.BlueprintSelectors.getAllTags(store.getState()), ["mail", "weekly"]);
  // Newest first by default (modified, desc).
  const ids = (s: core.BlueprintState): string[] =>
    core.BlueprintSelectors.getFilteredBlueprints(s).map((bp) => bp.id);
  assert.deepEqual(ids(store.getState()), ["__proto__", "b", "a"]);
  actions.setSortSettings("name", "asc");
  assert.deepEqual(ids(store.getState()), ["a", "b", "__proto__"]);
  actions.setFilterTags(["mail"]);
  actions.setSearchQuery("BET");
  assert.deepEqual(ids(store.getState()), ["b"]);
  actions.updateBlueprint("b", { name: "Beta 2" });
  assert.equal(store.getState().blueprints.get("b")!.name, "Beta 2");
  assert.ok(store.getState().blueprints.get("b")!.modified.getTime() > 2);
  actions.selectBlueprint("__proto__");
  assert.equal(core.BlueprintSelectors.getSelectedBlueprint(store.getState())?.name, "Proto");
  actions.deleteBlueprint("__proto__");
  assert.equal(store.getState().selectedBlueprintId, null);
  actions.setLoading(true);
  actions.setError("offline");
  assert.equal(store.getState().error, "offline");
  actions.clearAll();
  assert.equal(store.getState().blueprints.size, 0);
  assert.equal(store.getState().isLoading, false);
});

Deno.test("SessionActions and SessionSelectors: selection, clipboard, undo/redo, temp data, operations", () => {
  const session = core.createSessionStore();
  const { actions } = session;
  const s = (): core.SessionView => session.getState();
  actions.setUserSession("u1", "Ada", "admin");
  assert.equal(core.SessionSelectors.isAuthenticated(s()), true);
  actions.addToSelection(["n1", "n2", "n1"]);
  assert.deepEqual(core.SessionSelectors.getSelectedItems(s()), ["n1", "n2"]);
  assert.equal(s().selection!.type, "multiple");
  actions.toggleSelection("n2");
  assert.deepEqual(s().selection, { type: "node", ids: ["n1"] });
  actions.removeFromSelection(["n1"]);
  assert.equal(core.SessionSelectors.hasSelection(s()), false);
  actions.copyToClipboard("text", "hi", "editor");
  assert.equal(core.SessionSelectors.hasClipboard(s()), true);
  actions.startDrag({ type: "node", id: "n1", data: null, source: "palette" });
  assert.equal(core.SessionSelectors.isDragging(s()), true);
  actions.endDrag();
  assert.equal(s().isDragging, false);
  for (let i = 0; i < 60; i++) actions.addUndoItem({ type: "move", description: `${i}`, data: i });
  assert.equal(s().undoStack.length, 50);
  assert.equal(actions.undo()!.description, "59");
  assert.equal(core.SessionSelectors.canRedo(s()), true);
  assert.equal(actions.redo()!.description, "59");
  actions.clearUndoHistory();
  assert.equal(actions.undo(), null);
  assert.equal(core.SessionSelectors.canUndo(s()), false);
  for (const key of PROTOTYPE_KEYS) actions.setTempData(key, key);
  for (const key of PROTOTYPE_KEYS) assert.equal(actions.getTempData(key), key);
  actions.clearTempData();
  assert.equal(s().tempData.size, 0);
  actions.sendMessage("a", "b", "ping", 1);
  assert.equal(core.SessionSelectors.getMessagesFor(s(), "b").length, 1);
  actions.startOperation("op", "save", "Saving", true);
  actions.updateOperationProgress("op", 50);
  assert.equal(s().activeOperations.get("op")!.progress, 50);
  assert.equal(core.SessionSelectors.getActiveOperationCount(s()), 1);
  actions.endOperation("op");
  assert.equal(core.SessionSelectors.hasActiveOperations(s()), false);
  actions.setViewportZoom(0.01);
  assert.equal(core.SessionSelectors.getViewportScale(s()), 0.1);
  actions.resetSession();
  assert.equal(s().userId, null);
});

Deno.test("UIActions and UISelectors: preferences, modals, panels, notifications", () => {
  const ui = core.createUIStore();
  const { actions } = ui;
  actions.updatePreferences({ gridSize: 10 });
  actions.toggleSidebar();
  assert.equal(ui.getState().preferences.sidebarCollapsed, true);
  const first = actions.showModal({ type: "confirm", title: "One" });
  const second = actions.showModal({ type: "confirm", title: "Two" });
  assert.notEqual(first, second);
  actions.closeModal();
  assert.equal(ui.getState().activeModal?.id, first);
  actions.closeModal(first);
  assert.equal(core.UISelectors.hasOpenModal(ui.getState()), false);
  actions.updatePanelState("constructor", { visible: false });
  assert.equal(core.UISelectors.isPanelVisible(ui.getState(), "constructor"), false);
  assert.equal(core.UISelectors.isPanelVisible(ui.getState(), "toString"), true);
  for (let i = 0; i < 7; i++) actions.showNotification({ type: "info", title: `${i}` });
  const visible = core.UISelectors.getVisibleNotifications(ui.getState());
  assert.deepEqual(visible.map((n) => n.title), ["2", "3", "4", "5", "6"]);
  actions.clearNotifications();
  actions.setGlobalLoading(true, "Loading");
  assert.equal(ui.getState().loadingMessage, "Loading");
  actions.setTheme("light");
  assert.equal(core.UISelectors.getResolvedTheme(ui.getState()), "light");
  actions.resetPreferences();
  assert.equal(ui.getState().preferences.gridSize, 20);
});

Deno.test("ExecutionActions and ExecutionSelectors: status, progress, node states, results, statistics", () => {
  const jobs = core.createExecutionStore();
  const { actions } = jobs;
  const id = actions.addJob({
    blueprintId: "bp",
    blueprintName: "Report",
    status: "queued",
    priority: 1,
    progress: { current: 0, total: 4, percentage: 0 },
    nodeStates: new Map(),
    inputs: {},
    outputs: {},
    tags: [],
  });
  assert.equal(core.ExecutionSelectors.getNextQueuedJob(jobs.getState())?.id, id);
  actions.updateJobStatus(id, "running");
  assert.deepEqual(jobs.getState().activeJobs, [id]);
  actions.updateJobProgress(id, { current: 1, total: 4 });
  assert.equal(jobs.getState().jobs.get(id)!.progress.percentage, 25);
  actions.updateNodeState(id, "__proto__", { status: "running" });
  assert.equal(jobs.getState().jobs.get(id)!.nodeStates.get("__proto__")!.status, "running");
  actions.updateJobStatus(id, "completed");
  const stats = core.ExecutionSelectors.getStatistics(jobs.getState());
  assert.equal(stats.successRate, 100);
  assert.equal(stats.activeJobs, 0);
  actions.setJobResult(id, { success: false, logs: [] });
  assert.equal(jobs.getState().jobs.get(id)!.status, "failed");
  actions.setJobFilter("failed");
  assert.equal(core.ExecutionSelectors.getFilteredJobs(jobs.getState()).length, 1);
  actions.selectJob(id);
  assert.equal(core.ExecutionSelectors.getSelectedJob(jobs.getState())?.id, id);
  actions.updateSettings({ maxConcurrentJobs: 0 });
  assert.equal(core.ExecutionSelectors.canStartNewJob(jobs.getState()), false);
  actions.clearCompletedJobs();
  assert.equal(core.ExecutionSelectors.getAllJobs(jobs.getState()).length, 0);
});

Deno.test("BaseStorageClient: a subclass gets initialize once, batches and the key check", async () => {
  class MapClient extends core.BaseStorageClient {
    readonly data = new Map<string, Uint8Array>();
    starts = 0;
    read(key: string): Promise<Uint8Array | null> {
      return Promise.resolve(this.data.get(key) ?? null);
    }
    write(key: string, data: Uint8Array): Promise<void> {
      this.validateKey(key);
      this.validateData(data);
      this.data.set(key, data);
      return Promise.resolve();
    }
    delete(key: string): Promise<void> {
      this.data.delete(key);
      return Promise.resolve();
    }
    exists(key: string): Promise<boolean> {
      return Promise.resolve(this.data.has(key));
    }
    list(): Promise<string[]> {
      return Promise.resolve([...this.data.keys()]);
    }
    clear(): Promise<void> {
      this.data.clear();
      return Promise.resolve();
    }
    getSize(key: string): Promise<number> {
      return Promise.resolve(this.data.get(key)?.byteLength ?? 0);
    }
    getTotalSize(): Promise<number> {
      return Promise.resolve(0);
    }
    protected onInitialize(): Promise<void> {
      this.starts++;
      return Promise.resolve();
    }
    protected onCleanup(): Promise<void> {
      return Promise.resolve();
    }
  }
  const client = new MapClient();
  await client.initialize();
  await client.initialize();
  assert.equal(client.starts, 1);
  await client.writeBatch(PROTOTYPE_KEYS.map((key) => ({ key, data: new Uint8Array([1]) })));
  assert.equal(
    (await client.readBatch([...PROTOTYPE_KEYS])).filter(Boolean).length,
    PROTOTYPE_KEYS.length,
  );
  await client.deleteBatch([...PROTOTYPE_KEYS]);
  assert.deepEqual(await client.list(), []);
  await assert.rejects(async () => await client.write("", new Uint8Array()), {
    code: "INVALID_KEY",
  });
  await assert.rejects(async () => await client.write("k", "text" as never), {
    code: "INVALID_VALUE",
  });
  await client.cleanup();
});

Deno.test("ClientFactory gives the platform's clients, cached until clearCache()", async () => {
  const storage = core.ClientFactory.createStorageClient("test");
  assert.equal(core.ClientFactory.createStorageClient("test"), storage);
  assert.ok(storage instanceof core.MemoryClient);
  core.ClientFactory.clearCache();
  assert.notEqual(core.ClientFactory.createStorageClient("test"), storage);
  const workers = core.ClientFactory.createExecutionClient("browser");
  assert.ok(workers instanceof core.WebWorkerClient);
  await workers.cleanup();
});

Deno.test("StoreService: getters need initialize(); the snapshot has every store", async () => {
  const service = core.StoreService.getInstance();
  assert.throws(() => service.getUIStore(), { code: "INVALID_TRANSITION" });
  // Persist to memory, not to the platform's default folder in the home directory.
  await core.StoreClient.getInstance().initialize(new core.MemoryClient());
  await service.initialize();
  assert.equal(service.isInitialized(), true);
  service.setTheme("light");
  assert.equal(service.getUIStore().getState().preferences.theme, "light");
  service.getBlueprintStore().actions.addBlueprint(blueprint("x", "X", [], 0));
  service.selectBlueprint("x");
  const jobId = service.executeBlueprint("x");
  assert.equal(service.getExecutionStore().getState().jobs.get(jobId)!.status, "queued");
  assert.throws(() => service.executeBlueprint("missing"), { code: "NOT_FOUND" });
  const snapshot = service.getStateSnapshot();
  assert.deepEqual(Object.keys(snapshot).sort(), ["blueprint", "execution", "session", "ui"]);
  await service.cleanup();
  assert.equal(service.isInitialized(), false);
});
