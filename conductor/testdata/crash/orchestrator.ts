/**
 * The orchestrator of the crash-and-resume test, a process of its own on Deno
 * (from source) or Node.js (bundled): `orchestrator.ts '<job as JSON>'` starts
 * a run with `runBlueprint` or continues it with `resumeRun`, on
 * `FileSystemClient` storage and the default worker-pool executor. It prints
 * `{ pid }`, then every event of the run as one JSON line, then `{ result }`.
 * When the job says so it SIGKILLs its own process group (itself and anything
 * it started) at a storage write, as a crash at that exact point would.
 *
 * @module
 */
import process from "node:process";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import {
  type BlueprintRun,
  resumeRun,
  runBlueprint,
  workerPoolExecutor,
} from "@atomiton/conductor";
import type { StorageClient, StorageValue } from "@atomiton/storage";
import { FileSystemClient } from "@atomiton/storage/fs";

/** Where the orchestrator kills itself: at the k-th write of a run record, before or after it. */
export type SelfKill =
  | { readonly at: "write-before" | "write-after"; readonly k: number }
  /** After the run record's first write: the run exists, no node has a record. */
  | { readonly at: "run-start" }
  /** Before the write that records the run ended: every node settled, the run still "running". */
  | { readonly at: "run-end" }
  /** After the write that records attempt `attempts` of `nodeId` running (its task not yet sent). */
  | { readonly at: "attempt"; readonly nodeId: string; readonly attempts: number };

/** What one orchestrator process does. */
export interface Job {
  /** The FileSystemClient's folder. */
  readonly storage: string;
  readonly runId: string;
  /** Start the run from this blueprint file, every task appending to `log`; absent: resume it. */
  readonly start?: { readonly blueprint: string; readonly log: string };
  readonly kill?: SelfKill;
  /** Caps each worker's heap: on Deno the pool then runs its workers as child processes. */
  readonly memoryLimitMb?: number;
}

const RUN_KEY = /^(runs|run-nodes|run-items)\//;

function killGroup(): never {
  // Started under setsid: the process group is this process and everything it started.
  process.kill(-process.pid, "SIGKILL");
  process.kill(process.pid, "SIGKILL");
  throw new Error("unreachable: SIGKILL did not end the process");
}

function print(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

// Decides, for one write of `[key, value]` pairs, whether to die before or after it.
function killPlan(kill: SelfKill | undefined, runId: string): (
  entries: readonly (readonly [string, StorageValue])[],
) => "before" | "after" | undefined {
  let writes = 0;
  let runWrites = 0;
  return (entries) => {
    if (kill === undefined || !entries.some(([key]) => RUN_KEY.test(key))) return undefined;
    writes++;
    const run = entries.find(([key]) => key === `runs/${runId}`);
    if (run) runWrites++;
    switch (kill.at) {
      case "write-before":
        return writes === kill.k ? "before" : undefined;
      case "write-after":
        return writes === kill.k ? "after" : undefined;
      case "run-start":
        return run && runWrites === 1 ? "after" : undefined;
      case "run-end": {
        const status = (run?.[1] as { status?: unknown } | undefined)?.status;
        return run && status !== "running" ? "before" : undefined;
      }
      case "attempt": {
        const key = `run-nodes/${runId}/${encodeURIComponent(kill.nodeId)}`;
        const node = entries.find(([name]) => name === key)?.[1] as
          | { status?: unknown; attempts?: unknown }
          | undefined;
        return node?.status === "running" && node.attempts === kill.attempts ? "after" : undefined;
      }
    }
  };
}

/** `inner`, except that it kills this process group at the write `kill` names. */
function crashingStorage(inner: StorageClient, runId: string, kill?: SelfKill): StorageClient {
  const plan = killPlan(kill, runId);
  const write = async (
    entries: readonly (readonly [string, StorageValue])[],
    perform: () => Promise<void>,
  ): Promise<void> => {
    const when = plan(entries);
    if (when === "before") killGroup();
    await perform();
    if (when === "after") killGroup();
  };
  return new Proxy(inner, {
    get(target, name): unknown {
      if (name === "set") {
        return (key: string, value: StorageValue, options?: { ttl?: number }) =>
          write([[key, value]], () => target.set(key, value, options));
      }
      if (name === "setMany") {
        return (
          entries: readonly (readonly [string, StorageValue])[],
          options?: { ttl?: number },
        ) => write(entries, () => target.setMany(entries, options));
      }
      const value = Reflect.get(target, name, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

function startRun(job: Job, storage: StorageClient): BlueprintRun {
  const { memoryLimitMb } = job;
  const executor = memoryLimitMb === undefined ? undefined : workerPoolExecutor({ memoryLimitMb });
  // The default lease holder (<host>:<pid>:<uuid>): a resume takes over a killed one's lease at once.
  const options = { storage, ...(executor ? { executor } : {}) };
  if (job.start === undefined) return resumeRun(job.runId, options);
  const { blueprint: file, log } = job.start;
  const blueprint = JSON.parse(readFileSync(file, "utf8"));
  for (const node of blueprint.nodes) node.data.input = { ...node.data.input, log };
  return runBlueprint(blueprint, { ...options, runId: job.runId, baseUrl: pathToFileURL(file) });
}

async function main(job: Job): Promise<void> {
  print({ pid: process.pid });
  const files = new FileSystemClient({ directory: job.storage });
  try {
    const run = startRun(job, crashingStorage(files, job.runId, job.kill));
    for await (const event of run) print(event);
    const { status, outputs, nodes, error } = await run.result;
    print({ result: { status, outputs: [...outputs], nodes: [...nodes], error } });
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    print({ refused: { code, message } });
    process.exitCode = 2;
  } finally {
    await files.close();
  }
}

await main(JSON.parse(process.argv.at(-1)!) as Job);
