import process from "node:process";
import type { StorageValue } from "@atomiton/storage";
import type { OpenedStorage } from "../_common/open_storage.ts";
import { describeError } from "./_run_graph.ts";
import { CliError } from "../cli_error.ts";

/** What `runs/<runId>` holds in storage. */
export interface RunSummary {
  readonly runId: string;
  /** `running` until the run ends; a reader tells a crashed run with {@linkcode runStatus}. */
  readonly status: "running" | "completed" | "failed" | "cancelled";
  readonly blueprint: { readonly id: string; readonly name: string; readonly file: string };
  readonly executor: string;
  /** The process running it, and its host: a `running` run whose process is gone crashed. */
  readonly pid?: number | undefined;
  readonly host?: string | undefined;
  /** When it started and finished (ISO 8601). */
  readonly started: string;
  readonly finished?: string;
  readonly durationMs?: number;
  /** Every node, in blueprint order. */
  readonly nodes: Readonly<Record<string, NodeSummary>>;
  /** The event log's path. */
  readonly log: string;
  /** Why it failed or was cancelled. */
  readonly error?: string;
}

/** One node in a {@linkcode RunSummary}. */
export interface NodeSummary {
  readonly status: string;
  readonly durationMs?: number;
  /** The storage key of its output, when it completed with one that could be saved. */
  readonly output?: string;
  readonly error?: string;
}

/** What a run writes to storage: its summary at the start and end, each output as it comes. */
export interface RunRecords {
  readonly summaryKey: string;
  /** Where the store is, for the user: `file:///…`, `redis://host:port`. */
  readonly location: string;
  /** The storage key of a node's output. */
  outputKey(nodeId: string): string;
  /** Saves the summary; a store that cannot take it fails the run (UNAVAILABLE). */
  saveSummary(summary: RunSummary): Promise<void>;
  /** Saves a node's output, resolving once stored; what cannot be stored is kept as a warning. */
  saveOutput(nodeId: string, output: unknown): Promise<void>;
  /** Why outputs could not be saved, by node. */
  readonly unsaved: ReadonlyMap<string, string>;
}

/** The records of run `runId` in `storage`. */
export function runRecords(storage: OpenedStorage, runId: string): RunRecords {
  const summaryKey = `runs/${runId}`;
  const unsaved = new Map<string, string>();
  const save = async (key: string, value: StorageValue): Promise<void> => {
    try {
      await storage.client.set(key, value);
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new CliError(
        code === "INVALID_VALUE" ? "FAILED" : "UNAVAILABLE",
        `Cannot save ${key} in ${storage.location}: ${describeError(error)}`,
        { cause: error },
      );
    }
  };
  const outputKey = (nodeId: string): string => `${summaryKey}/${nodeId}`;
  return {
    summaryKey,
    location: storage.location,
    outputKey,
    unsaved,
    saveSummary: (summary) => save(summaryKey, summary as unknown as StorageValue),
    async saveOutput(nodeId, output): Promise<void> {
      if (output === undefined) return;
      try {
        await save(outputKey(nodeId), output as StorageValue);
      } catch (error) {
        unsaved.set(nodeId, (error as Error).message);
      }
    },
  };
}

/**
 * A summary's status as a reader should take it: `crashed` for a run still
 * recorded as `running` whose process on this host is gone (killed, out of memory).
 */
export function runStatus(
  summary: RunSummary,
  here: { readonly host: string; readonly isAlive: (pid: number) => boolean },
): RunSummary["status"] | "crashed" {
  if (summary.status !== "running" || summary.pid === undefined) return summary.status;
  if (summary.host !== here.host) return "running";
  return here.isAlive(summary.pid) ? "running" : "crashed";
}

/** Whether process `pid` exists on this host (one we may not signal exists too). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
}
