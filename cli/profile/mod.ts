import type { Command, CommandContext } from "../_common/command.ts";
import { numberOption, positionals, stringOption } from "../_common/args.ts";
import type { OperationResult, ProfileBudget } from "./_measure.ts";
import { formatOperations } from "./_report.ts";
import { CliError } from "../cli_error.ts";
import { ExitCode } from "../exit_code.ts";

/** The parts `atomiton profile` can measure, in the order it measures them. */
export const PROFILE_SECTIONS = ["storage", "events", "execution", "blueprint"] as const;

/** One of {@linkcode PROFILE_SECTIONS}. */
export type ProfileSection = typeof PROFILE_SECTIONS[number];

const DEFAULT_DURATION_MS = 500;

interface Measured {
  readonly title: string;
  readonly operations: readonly OperationResult[];
}

function budgetOf(context: CommandContext): ProfileBudget {
  const duration = numberOption(context, "duration", { min: 1, max: 3_600_000 });
  const iterations = numberOption(context, "iterations", { min: 1, max: 100_000_000 });
  if (duration !== undefined && iterations !== undefined) {
    throw new CliError(
      "USAGE",
      "Give --duration or --iterations, not both: one is a time per operation, the other a count.",
    );
  }
  return iterations !== undefined
    ? { iterations }
    : { durationMs: duration ?? DEFAULT_DURATION_MS };
}

function sectionsOf(context: CommandContext, blueprint: string | undefined): ProfileSection[] {
  const only = stringOption(context, "only");
  if (only === undefined) {
    return PROFILE_SECTIONS.filter((name) => name !== "blueprint" || blueprint !== undefined);
  }
  const names = only.split(",").map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(PROFILE_SECTIONS as readonly string[]).includes(name));
  if (names.length === 0 || unknown.length > 0) {
    throw new CliError(
      "USAGE",
      `Invalid --only ${JSON.stringify(only)}: expected a comma-separated list of ${
        PROFILE_SECTIONS.join(", ")
      }.`,
    );
  }
  if (names.includes("blueprint") && blueprint === undefined) {
    throw new CliError("USAGE", "--only blueprint needs --blueprint <file.json>.");
  }
  return PROFILE_SECTIONS.filter((name) => names.includes(name));
}

function budgetText(budget: ProfileBudget): string {
  return budget.iterations !== undefined
    ? `${budget.iterations} calls per operation`
    : `${budget.durationMs} ms per operation`;
}

/** `atomiton profile`: throughput and latency of storage, events and execution here. */
export const profileCommand: Command = {
  name: "profile",
  summary: "Measure storage, events and execution (or a blueprint) on this machine",
  usage: "[options]",
  description:
    "Measures this machine with the family's own packages and prints throughput and latency\n" +
    "percentiles (p50, p90, p99, max) per operation:\n" +
    "  storage    set, get and delete of a small record (one at a time) on --store, by default\n" +
    "             a temporary file-system store that is removed afterwards\n" +
    "  events     EventClient emit to a listener, and to an async-iterator consumer\n" +
    "  execution  WorkerPool (one worker per CPU) with a trivial task: start, round trips,\n" +
    "             and throughput with four tasks per worker in flight\n" +
    "  blueprint  with --blueprint, runs it as `atomiton run` does, repeatedly, and times each\n" +
    "             run; results go to --store or a temporary folder, not the atomiton home\n" +
    "Keys written to a real store live under a fresh prefix and are removed at the end.\n" +
    "Ctrl-C stops early and prints what was measured (exit 130).",
  options: {
    store: {
      type: "string",
      value: "url",
      description: "The store to measure: a folder, file:///path, redis://host:port, memory:",
    },
    duration: {
      type: "string",
      value: "ms",
      description: `Time per operation (default: ${DEFAULT_DURATION_MS})`,
    },
    iterations: {
      type: "string",
      value: "n",
      description: "Calls per operation instead of a time",
    },
    blueprint: {
      type: "string",
      value: "file.json",
      description: "Also run this blueprint repeatedly and time each run",
    },
    only: {
      type: "string",
      value: "list",
      description: `Measure only these, comma-separated: ${PROFILE_SECTIONS.join(", ")}`,
    },
    json: { type: "boolean", description: "Print one JSON object instead of tables" },
  },
  examples: [
    "atomiton profile",
    "atomiton profile --store redis://127.0.0.1:6379 --iterations 10000",
    "atomiton profile --only execution --duration 2000 --json",
    "atomiton profile --blueprint examples/sales-report/blueprint.json --only blueprint --iterations 5",
  ],
  async run(context): Promise<number> {
    positionals(context, "profile", []);
    const budget = budgetOf(context);
    const blueprint = stringOption(context, "blueprint");
    const sections = sectionsOf(context, blueprint);
    const store = stringOption(context, "store");
    const json = context.values.json === true;
    const { io, style, signal } = context;
    const { getPlatformInfo } = await import("@atomiton/platform");
    const info = getPlatformInfo();
    const report: Record<string, unknown> = {
      runtime: {
        name: info.runtime,
        version: info.version ?? null,
        os: info.os,
        arch: info.arch,
        cpus: info.hardwareConcurrency,
      },
      budget,
    };
    if (!json) {
      io.stdout(
        `${style.bold("atomiton profile")}: ${info.runtime} ${info.version ?? ""} on ${info.os} ` +
          `${info.arch}, ${info.hardwareConcurrency} CPUs; ${budgetText(budget)}\n`,
      );
    }
    const print = (measured: Measured): void => {
      if (json) return;
      io.stdout(
        `\n${style.bold(measured.title)}\n${formatOperations(measured.operations, style)}\n`,
      );
    };
    for (const section of sections) {
      if (signal.aborted) break;
      if (io.isTTY) io.stderr(style.dim(`measuring ${section}…\n`));
      try {
        let measured = await measure(section, context, { budget, store, blueprint });
        if (signal.aborted) {
          // Cut short: keep the operations that got as far as a call.
          const operations = measured.operations.filter((op) => op.count > 0);
          if (operations.length === 0) break;
          measured = {
            title: `${measured.title}, cut short`,
            operations,
            data: { ...measured.data as object, operations },
          };
        }
        report[section] = measured.data;
        print(measured);
      } catch (error) {
        // Cancelled mid-section: what the finished sections measured still counts.
        if (!signal.aborted) throw error;
      }
    }
    report.interrupted = signal.aborted;
    if (json) io.stdout(`${JSON.stringify(report)}\n`);
    if (signal.aborted) {
      io.stderr(`${style.yellow("interrupted")}: stopped early; printed what was measured\n`);
      return ExitCode.INTERRUPTED;
    }
    return ExitCode.OK;
  },
};

async function measure(
  section: ProfileSection,
  context: CommandContext,
  options: { budget: ProfileBudget; store: string | undefined; blueprint: string | undefined },
): Promise<Measured & { data: unknown }> {
  const { budget, store, blueprint } = options;
  const { io, signal } = context;
  switch (section) {
    case "storage": {
      const { profileStorage } = await import("./_storage.ts");
      const data = await profileStorage(store, io, budget, signal);
      const where = data.temporary ? "temporary, removed afterwards" : data.location;
      return { title: `storage: ${data.backend} (${where})`, operations: data.operations, data };
    }
    case "events": {
      const { profileEvents } = await import("./_events.ts");
      const data = await profileEvents(budget, signal);
      return { title: "events: EventClient", operations: data.operations, data };
    }
    case "execution": {
      const { profileExecution } = await import("./execution.ts");
      const data = await profileExecution(budget, signal);
      return {
        title: `execution: WorkerPool, ${data.workers} workers, ${data.backend}`,
        operations: data.operations,
        data,
      };
    }
    case "blueprint": {
      const { profileBlueprint } = await import("./_blueprint.ts");
      const data = await profileBlueprint(blueprint!, context, budget, store);
      return {
        title: `blueprint: ${data.file} (results: ${data.store})`,
        operations: data.operations,
        data,
      };
    }
  }
}
