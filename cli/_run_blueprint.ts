import { readFile, rm } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import type { SystemEvent } from "@atomiton/events";
import { EventClient } from "@atomiton/events";
import { EventRecorder } from "@atomiton/events/recorder";
import { now } from "@atomiton/platform/metrics";
import type { StorageValue } from "@atomiton/storage";
import { createBlueprintStore, createExecutionStore } from "@atomiton/store";
import { bindEvents, type ExecutionEvents, type StoreEvents } from "@atomiton/store/events";
import { numberOption, positionals, stringOption } from "./_args.ts";
import type { CommandContext } from "./_command.ts";
import { atomitonHome, openStorage, resolvePath } from "./_open_storage.ts";
import { formatDuration, showProgress } from "./_progress.ts";
import { cpuCount, localExecutor, redisExecutor, type RunExecutor } from "./_run_executor.ts";
import { describeError, type GraphOutcome, runGraph } from "./_run_graph.ts";
import { openEventLog } from "./_run_log.ts";
import { CliError } from "./cli_error.ts";
import { ExitCode } from "./exit_code.ts";
import { validateBlueprint } from "./validate_blueprint.ts";

/** What `runs/<runId>` holds in storage. */
export interface RunSummary {
  readonly runId: string;
  readonly status: "running" | "completed" | "failed" | "cancelled";
  readonly blueprint: { readonly id: string; readonly name: string; readonly file: string };
  readonly executor: string;
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

/** A run id: sortable by time, readable, safe in file names and storage keys. */
export function newRunId(date = new Date()): string {
  const stamp = date.toISOString().replace(/\.\d+Z$/, "").replace(/[-:]/g, "").replace("T", "-");
  return `${stamp}-${crypto.randomUUID().slice(0, 6)}`;
}

/** `atomiton run`: checks, runs and records a blueprint; see {@linkcode runCommand}. */
export async function runBlueprint(context: CommandContext): Promise<number> {
  const { io, style } = context;
  const [file] = positionals(context, "run", ["blueprint.json"]);
  const json = context.values.json === true;
  const redis = stringOption(context, "redis");
  if (redis !== undefined && !/^rediss?:\/\/[^/]/i.test(redis)) {
    throw new CliError(
      "USAGE",
      `Invalid --redis ${JSON.stringify(redis)}: expected redis://host:port.`,
    );
  }
  const concurrency = numberOption(context, "concurrency", { min: 1, max: 1024 });
  const timeout = numberOption(context, "timeout", { min: 1, max: 2147483647 });
  const path = resolvePath(io.cwd, file!);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new CliError(
      code === "ENOENT" ? "NOT_FOUND" : "INVALID_INPUT",
      code === "ENOENT"
        ? `No blueprint file ${path}: give the path of a blueprint's JSON file.`
        : `Cannot read the blueprint file ${path}: ${(error as Error).message}.`,
      { cause: error },
    );
  }
  const valid = await validateBlueprint(text, { url: pathToFileURL(path) });
  if (context.values.check === true) {
    io.stdout(
      json
        ? `${JSON.stringify(valid)}\n`
        : `${style.green("valid")}: ${path}: ${valid.nodes.length} node${
          valid.nodes.length === 1 ? "" : "s"
        }, ${valid.edges.length} edge${valid.edges.length === 1 ? "" : "s"}\n`,
    );
    return ExitCode.OK;
  }
  const blueprint = createBlueprintStore().getState().add(valid);
  const runId = newRunId();
  const logOption = stringOption(context, "log");
  const logPath = logOption !== undefined
    ? resolvePath(io.cwd, logOption)
    : `${await atomitonHome(io)}/runs/${runId}.events.jsonl`;
  const workers = Math.min(concurrency ?? cpuCount(), blueprint.nodes.length);
  const storage = await openStorage(stringOption(context, "store"), io);
  const startedAt = new Date();
  const summaryKey = `runs/${runId}`;
  const baseSummary = {
    runId,
    blueprint: { id: blueprint.id, name: blueprint.name, file: path },
    executor: redis ? `redis` : `${workers} local workers`,
    started: startedAt.toISOString(),
    log: logPath,
  };
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
  const cleanups: (() => unknown)[] = [() => storage.client.close()];
  try {
    const log = openEventLog(logPath);
    cleanups.unshift(() => log.close());
    // A record before anything runs: an unreachable store fails the run at once.
    try {
      await save(summaryKey, { ...baseSummary, status: "running", nodes: {} });
    } catch (error) {
      log.close();
      await rm(logPath, { force: true });
      throw error;
    }
    const warn = (text: string): void => io.stderr(`${style.yellow("warning")}: ${text}\n`);
    const events = new EventClient<StoreEvents>({
      source: "atomiton-run",
      onError: (error, type) => warn(`${type}: ${describeError(error)}`),
    });
    const executions = createExecutionStore({ concurrency: 1 });
    cleanups.unshift(bindEvents(executions, events, { name: "executions" }));
    const recorder = new EventRecorder(events, {
      filter: ["execution:*"],
      limit: 0,
      sink: (event: SystemEvent) => {
        log.write(event);
        if (json) io.stdout(`${JSON.stringify(event)}\n`);
      },
    });
    cleanups.unshift(() => recorder.stop());
    const emit = <K extends keyof ExecutionEvents>(type: K, data: ExecutionEvents[K]): void =>
      (events.emit as (type: string, data: unknown) => void)(type, data);

    const executor: RunExecutor = redis ? await redisExecutor(redis) : await localExecutor(workers);
    const summaryBase = { ...baseSummary, executor: executor.description };
    if (!json) {
      io.stderr(
        `${style.bold("atomiton run")} ${blueprint.name} ${
          style.dim(`(${runId})`)
        }: ${blueprint.nodes.length} node${
          blueprint.nodes.length === 1 ? "" : "s"
        } on ${executor.description}\n`,
      );
    }
    const view = json ? undefined : showProgress({
      io,
      style,
      events: events as unknown as EventClient<ExecutionEvents>,
      nodes: blueprint.nodes,
      mode: io.isTTY ? "live" : "plain",
    });
    let closed = false;
    const closeExecutor = async (): Promise<void> => {
      if (!closed) await executor.close();
      closed = true;
    };
    cleanups.unshift(closeExecutor, () => view?.stop());

    const saves: Promise<void>[] = [];
    const unsaved = new Map<string, string>();
    const hint = redis && !json
      ? setTimeout(() =>
        warn(
          `no node has finished yet: is a worker serving queue "blueprints"? Start one with ` +
            `"atomiton worker --redis ${redis}".`,
        ), 10_000)
      : undefined;
    cleanups.unshift(() => clearTimeout(hint));
    const begin = now();
    emit("execution:started", {
      jobId: runId,
      blueprintId: blueprint.id,
      total: blueprint.nodes.length,
    });
    const outcome = await runGraph({
      jobId: runId,
      nodes: blueprint.nodes,
      edges: blueprint.edges,
      baseUrl: pathToFileURL(path).href,
      executor,
      concurrency: redis ? concurrency ?? blueprint.nodes.length : workers,
      timeout,
      signal: context.signal,
      emit,
      onOutput: (nodeId, output) => {
        clearTimeout(hint);
        if (output === undefined) return;
        saves.push(
          save(`${summaryKey}/${nodeId}`, output as StorageValue).catch((error) =>
            void unsaved.set(nodeId, (error as Error).message)
          ),
        );
      },
    });
    // Cancelled tasks get their grace to stop before the run is recorded as ended.
    await closeExecutor();
    await Promise.all(saves);
    const durationMs = now() - begin;
    view?.stop();
    for (const message of unsaved.values()) warn(message);

    const error = describeOutcome(outcome);
    const job = executions.getState().jobs.get(runId);
    const summary: RunSummary = {
      ...summaryBase,
      status: outcome.status,
      finished: new Date().toISOString(),
      durationMs: Math.round(durationMs),
      nodes: Object.fromEntries(blueprint.nodes.map((node) => {
        const record = outcome.nodes.get(node.id)!;
        const saved = outcome.outputs.has(node.id) && outcome.outputs.get(node.id) !== undefined &&
          !unsaved.has(node.id);
        const reason = record.error === undefined ? undefined : describeError(record.error);
        return [node.id, {
          status: job?.nodeStates.get(node.id)?.status ?? record.status,
          ...(record.ms !== undefined ? { durationMs: Math.round(record.ms) } : {}),
          ...(saved ? { output: `${summaryKey}/${node.id}` } : {}),
          ...(reason !== undefined ? { error: reason } : {}),
        }];
      })),
      ...(error !== undefined ? { error } : {}),
    };
    await save(summaryKey, summary as unknown as StorageValue);
    if (outcome.status === "completed") {
      emit("execution:completed", { jobId: runId, result: summary });
    } else if (outcome.status === "failed") {
      emit("execution:failed", { jobId: runId, error: error! });
    } else {
      emit("execution:cancelled", { jobId: runId, reason: error! });
    }
    if (!json) {
      io.stdout(
        formatSummary(summary, outcome, storage.location, stringOption(context, "store"), context),
      );
    }
    if (outcome.status === "cancelled") throw new CliError("INTERRUPTED", `Cancelled: ${error}`);
    if (outcome.failed) {
      const code = (outcome.failed.error as { code?: unknown })?.code;
      throw new CliError(
        code === "REDIS_FAILED" ? "UNAVAILABLE" : "NODE_FAILED",
        `${error}.`,
        { cause: outcome.failed.error },
      );
    }
    return ExitCode.OK;
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

function describeOutcome(outcome: GraphOutcome): string | undefined {
  if (outcome.failed) {
    return `Node "${outcome.failed.nodeId}" failed: ${describeError(outcome.failed.error)}`;
  }
  if (outcome.status === "cancelled") {
    const done = [...outcome.nodes.values()].filter((n) => n.status === "completed").length;
    return `cancelled after ${done} of ${outcome.nodes.size} nodes completed`;
  }
  return undefined;
}

function formatSummary(
  summary: RunSummary,
  outcome: GraphOutcome,
  location: string,
  storeOption: string | undefined,
  { style }: CommandContext,
): string {
  const nodes = Object.entries(summary.nodes);
  const width = Math.max(...nodes.map(([id]) => id.length));
  const completed = nodes.filter(([, node]) => node.status === "completed").length;
  const took = formatDuration(summary.durationMs ?? 0);
  const head = outcome.status === "completed"
    ? `${style.green("✓ completed")} ${summary.blueprint.name} in ${took}: ${nodes.length} nodes`
    : outcome.status === "failed"
    ? `${style.red("✗ failed")} ${summary.blueprint.name} after ${took}: node "${
      outcome.failed!.nodeId
    }" failed, ${completed} of ${nodes.length} nodes completed`
    : `${
      style.yellow("cancelled")
    } ${summary.blueprint.name} after ${took}: ${completed} of ${nodes.length} nodes completed`;
  const lines = [head];
  for (const [id, node] of nodes) {
    const time = node.durationMs === undefined ? "" : formatDuration(node.durationMs);
    const mark = node.status === "completed" ? "" : `  ${node.status}`;
    lines.push(`  ${id.padEnd(width)}  ${time.padStart(9)}${mark}`);
  }
  const store = storeOption === undefined ? "" : ` --store ${storeOption}`;
  const lastOutput = nodes.findLast(([, node]) => node.output)?.[1].output;
  lines.push(
    `${style.bold("results")}  runs/${summary.runId} (summary), runs/${summary.runId}/<node> ` +
      `(outputs) in ${location}`,
    `${style.bold("log")}      ${summary.log}`,
    `${style.bold("replay")}   atomiton events replay ${summary.log}`,
  );
  if (lastOutput) {
    lines.push(`${style.bold("output")}   atomiton storage get ${lastOutput}${store}`);
  }
  return `${lines.join("\n")}\n`;
}
