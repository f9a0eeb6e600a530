import { Histogram, now } from "@atomiton/platform/metrics";
import type { CommandContext } from "../_common/command.ts";
import type { Io } from "../_common/io.ts";
import { resolvePath } from "../_common/open_storage.ts";
import { type OperationResult, type ProfileBudget, resultOf, withinBudget } from "./_measure.ts";
import { makeTempDir, removeDir } from "./_storage.ts";
import { CliError } from "../cli_error.ts";

/** What `atomiton profile --blueprint` measured. */
export interface BlueprintProfile {
  /** The blueprint file, absolute. */
  readonly file: string;
  /** Where the runs saved their results: `--store`, or a temporary folder removed afterwards. */
  readonly store: string;
  /** One row: whole runs of `atomiton run`, one at a time. */
  readonly operations: readonly OperationResult[];
}

/** An Io that keeps a run's output to itself, with the caller's environment and folder. */
function quietIo(io: Io): Io & { readonly err: () => string } {
  let err = "";
  return {
    stdout: () => {},
    stderr: (text) => void (err += text),
    isTTY: false,
    columns: io.columns,
    env: io.env,
    cwd: io.cwd,
    err: () => err,
  };
}

/**
 * Runs a blueprint as `atomiton run <file> --json` does, in this process,
 * until the budget is spent, and times each whole run. Results and event logs
 * go to `store` (or a temporary folder, removed afterwards), not the atomiton
 * home. A failing run stops the profile with the run's own error.
 */
export async function profileBlueprint(
  file: string,
  context: CommandContext,
  budget: ProfileBudget,
  store: string | undefined,
): Promise<BlueprintProfile> {
  const { main } = await import("../main.ts");
  const path = resolvePath(context.io.cwd, file);
  const temp = await makeTempDir();
  try {
    const where = store ?? `${temp}/storage`;
    const latency = new Histogram();
    const start = now();
    while (withinBudget(budget, latency.count, start, context.signal)) {
      const io = quietIo(context.io);
      const log = `${temp}/run-${latency.count + 1}.events.jsonl`;
      const began = now();
      const code = await main(["run", path, "--json", "--store", where, "--log", log], {
        io,
        signal: context.signal,
      });
      if (context.signal.aborted) break;
      if (code !== 0) {
        const lines = io.err().trim().split("\n");
        const reason = lines.find((line) => line.startsWith("error")) ?? lines.at(-1);
        throw new CliError(
          "FAILED",
          `Run ${latency.count + 1} of ${path} failed with exit code ${code}: ${reason}`,
        );
      }
      latency.record(now() - began);
    }
    return {
      file: path,
      store: store ?? "temporary, removed afterwards",
      operations: [resultOf("run", latency, now() - start)],
    };
  } finally {
    await removeDir(temp);
  }
}
