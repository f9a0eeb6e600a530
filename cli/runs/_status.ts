import process from "node:process";
import type { RunRecord } from "@atomiton/conductor";

/** How `runs ls` and `runs show` report a run's status. */
export type ShownStatus = RunRecord["status"] | "crashed";

/** Where this command runs: a `running` run of this host whose process is gone crashed. */
export interface Here {
  readonly host: string;
  readonly isAlive: (pid: number) => boolean;
}

/**
 * A run's status as a reader should take it: `crashed` for a run still recorded
 * as `running` whose process (its `metadata.pid`) on this host is gone
 * (killed, out of memory): `atomiton run --resume` finishes it.
 */
export function runStatus(
  run: {
    readonly status: RunRecord["status"];
    readonly metadata?: RunRecord["metadata"] | undefined;
  },
  here: Here,
): ShownStatus {
  const pid = run.metadata?.pid;
  if (run.status !== "running" || typeof pid !== "number") return run.status;
  if (run.metadata?.host !== here.host) return "running";
  return here.isAlive(pid) ? "running" : "crashed";
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
