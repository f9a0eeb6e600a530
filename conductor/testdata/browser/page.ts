// The page of the Chromium tests (conductor/browser_test.ts), bundled with the
// conductor's main entry for the browser. It runs blueprint files beside it on the
// default executor (a WorkerPool of module Web Workers) with IndexedDB storage, and
// offers the test `start`, `runFile`, `runs`, `run` and `resume`; every event of its
// runs lands in `events`, for the test to wait on.
import { getRun, listRuns, resumeRun, runBlueprint } from "@atomiton/conductor";
import type { BlueprintRun, RunBlueprintOptions, RunRecord, RunResult } from "@atomiton/conductor";
import { IndexedDBClient } from "@atomiton/storage/indexeddb";
import { webLocksLease } from "./web_locks_lease.ts";

interface PageEvent {
  readonly type: string;
  readonly nodeId?: string;
  readonly status?: string;
  readonly message?: string;
}

interface PageScope {
  location: { href: string };
  sessionStorage: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
  };
  conductorPage?: unknown;
  events: PageEvent[];
  /** How the page's own run ended (a result, or the error it rejected with). */
  finished?: unknown;
  ready?: boolean;
}

const scope = globalThis as unknown as PageScope;
const storage = new IndexedDBClient({ database: "conductor-browser-test" });
scope.events = [];

// One orchestrator per tab: a reload keeps its id (sessionStorage survives it), so the
// lease the page held before the reload is still its own, not another live holder's.
function tabHolder(): string {
  const holder = scope.sessionStorage.getItem("atomiton-holder") ?? `tab-${crypto.randomUUID()}`;
  scope.sessionStorage.setItem("atomiton-holder", holder);
  return holder;
}

// `?lease=locks`: the lease is a Web Lock, freed the moment the page that held it ends.
const locks = new URL(scope.location.href).searchParams.get("lease") === "locks";

const options: RunBlueprintOptions & { storage: IndexedDBClient } = {
  storage,
  ...(locks ? { lease: webLocksLease() } : { holder: tabHolder() }),
  // Every module of a page is on the network: its own origin's, here.
  allowRemoteModules: true,
};

async function follow(run: BlueprintRun): Promise<void> {
  try {
    await record(run);
  } catch (error) {
    // The run's result reports why it could not start; the iteration ends with it.
    scope.events.push({ type: "iteration-failed", message: String(error) });
  }
}

async function record(run: BlueprintRun): Promise<void> {
  for await (const event of run) {
    const data = event.data as Record<string, unknown>;
    const error = data.error as { message?: string } | undefined;
    scope.events.push({
      type: event.type,
      ...(typeof data.nodeId === "string" ? { nodeId: data.nodeId } : {}),
      ...(typeof data.status === "string" ? { status: data.status } : {}),
      ...(typeof data.message === "string" ? { message: data.message } : {}),
      ...(error?.message === undefined ? {} : { message: error.message }),
    });
  }
}

// Maps and errors do not cross page.evaluate: plain JSON for the test.
function plainResult(result: RunResult): unknown {
  return {
    status: result.status,
    outputs: Object.fromEntries(result.outputs),
    nodes: Object.fromEntries([...result.nodes].map(([id, node]) => [id, node.status])),
    error: result.error ?? null,
  };
}

function plainRecord(record: RunRecord): unknown {
  return {
    runId: record.runId,
    status: record.status,
    nodes: Object.fromEntries(record.nodes.map((node) => [node.nodeId, node.status])),
  };
}

async function startFile(file: string): Promise<BlueprintRun> {
  const url = new URL(file, scope.location.href);
  const text = await (await fetch(url)).text();
  return runBlueprint(text, { ...options, baseUrl: url });
}

async function settle(run: BlueprintRun): Promise<unknown> {
  const following = follow(run);
  const result = plainResult(await run.result);
  await following;
  return result;
}

scope.conductorPage = {
  /** Starts ./blueprint.json and returns its run id; the run goes on in the page. */
  async start(): Promise<string> {
    const run = await startFile("./blueprint.json");
    settle(run).then(
      (result) => scope.finished = result,
      (error) => scope.finished = { error: String(error) },
    );
    return run.id;
  },
  /** Runs a blueprint file beside this page to its end and returns how it ended. */
  async runFile(file: string): Promise<unknown> {
    return await settle(await startFile(file));
  },
  /** Every run in the page's IndexedDB, newest first. */
  async runs(): Promise<unknown[]> {
    return (await listRuns(storage)).map(plainRecord);
  },
  /** One run's record, by its id. */
  async run(runId: string): Promise<unknown> {
    const record = await getRun(storage, runId);
    return record === undefined ? null : plainRecord(record);
  },
  /** Resumes a run and returns how it ended, or the code of the error it was refused with. */
  async resume(runId: string): Promise<unknown> {
    try {
      return await settle(resumeRun(runId, options));
    } catch (error) {
      return { status: "refused", error: { code: (error as { code?: unknown }).code } };
    }
  },
  /** Whether no page holds any Web Lock of this origin. */
  async locksFree(): Promise<boolean> {
    const locks = (globalThis as unknown as {
      navigator: { locks: { query(): Promise<{ held?: unknown[] }> } };
    }).navigator.locks;
    return ((await locks.query()).held ?? []).length === 0;
  },
};
scope.ready = true;
