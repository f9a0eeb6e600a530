// The page of the Chromium tests (conductor/browser_test.ts), bundled with the
// conductor's main entry for the browser. It runs blueprint files beside it on the
// default executor (a WorkerPool of module Web Workers) and the default lease (Web
// Locks, freed when the page ends) with IndexedDB storage, and
// offers the test `start`, `runFile`, `runs`, `run` and `resume`; every event of its
// runs lands in `events`, for the test to wait on.
import { getRun, listRuns, resumeRun, runBlueprint } from "@atomiton/conductor";
import type { BlueprintRun, RunBlueprintOptions, RunRecord, RunResult } from "@atomiton/conductor";
import { IndexedDBClient } from "@atomiton/storage/indexeddb";

interface PageEvent {
  readonly type: string;
  readonly nodeId?: string;
  readonly status?: string;
  readonly message?: string;
}

interface PageScope {
  location: { href: string };
  conductorPage?: unknown;
  events: PageEvent[];
  /** How the page's own run ended (a result, or the error it rejected with). */
  finished?: unknown;
  ready?: boolean;
}

const scope = globalThis as unknown as PageScope;
const storage = new IndexedDBClient({ database: "conductor-browser-test" });
scope.events = [];

// No lease and no holder given: the default, a Web Lock the browser frees when the page ends.
const options: RunBlueprintOptions & { storage: IndexedDBClient } = {
  storage,
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
  /** Resolves once no page holds the run's Web Lock (it waits in the lock's queue for it). */
  async lockFreed(runId: string): Promise<void> {
    const locks = (globalThis as unknown as {
      navigator: { locks: { request(name: string, callback: () => void): Promise<void> } };
    }).navigator.locks;
    await locks.request(`atomiton-run:${runId}`, () => {});
  },
};
scope.ready = true;
