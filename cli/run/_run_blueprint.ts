import { readFile, rm } from "node:fs/promises";
import { hostname } from "node:os";
import process from "node:process";
import { pathToFileURL } from "node:url";
import type { SystemEvent } from "@atomiton/events";
import { EventClient } from "@atomiton/events";
import { EventRecorder } from "@atomiton/events/recorder";
import { now } from "@atomiton/platform/metrics";
import { createBlueprintStore, createExecutionStore } from "@atomiton/store";
import { bindEvents, type ExecutionEvents, type StoreEvents } from "@atomiton/store/events";
import { numberOption, positionals, stringOption } from "../_common/args.ts";
import type { CommandContext } from "../_common/command.ts";
import type { Io } from "../_common/io.ts";
import { currentInvocation, howToRun } from "../_common/invocation.ts";
import { atomitonHome, openStorage, resolvePath } from "../_common/open_storage.ts";
import { type ProgressView, showProgress } from "../_common/progress.ts";
import { cpuCount, localExecutor, redisExecutor, type RunExecutor } from "./_run_executor.ts";
import { describeError, type GraphOutcome, runGraph } from "./_run_graph.ts";
import { type EventLogFile, openEventLog } from "./_log.ts";
import { type RunRecords, runRecords, type RunSummary } from "./_run_records.ts";
import { describeOutcome, formatSummary, nodeSummaries } from "./_summary.ts";
import { CliError } from "../cli_error.ts";
import { ExitCode } from "../exit_code.ts";
import { validateBlueprint, type ValidBlueprint } from "./validate_blueprint.ts";

export type { NodeSummary, RunSummary } from "./_run_records.ts";

/** A run id: sortable by time, readable, safe in file names and storage keys. */
export function newRunId(date = new Date()): string {
  const stamp = date.toISOString().replace(/\.\d+Z$/, "").replace(/[-:]/g, "").replace("T", "-");
  return `${stamp}-${crypto.randomUUID().slice(0, 6)}`;
}

/** `atomiton run`'s options, read and checked. */
interface RunOptions {
  readonly path: string;
  readonly json: boolean;
  readonly redis: string | undefined;
  readonly concurrency: number | undefined;
  readonly timeout: number | undefined;
  readonly grace: number | undefined;
  readonly memoryLimitMb: number | undefined;
}

/** How long cancelled nodes get to stop by default before their workers are ended, in ms. */
const DEFAULT_GRACE_MS = 500;

/** `atomiton run`: checks, runs and records a blueprint; see {@linkcode runCommand}. */
export async function runBlueprint(context: CommandContext): Promise<number> {
  const { io, style } = context;
  const options = readOptions(context);
  const valid = await validateBlueprint(await readBlueprint(options.path), {
    url: pathToFileURL(options.path),
    allowRemoteModules: context.values["allow-remote-modules"] === true,
  });
  if (context.values.check !== true) return await execute(context, options, valid);
  const { nodes, edges } = valid;
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
  io.stdout(
    options.json
      ? `${JSON.stringify(valid)}\n`
      : `${style.green("valid")}: ${options.path}: ${plural(nodes.length, "node")}, ${
        plural(edges.length, "edge")
      }\n`,
  );
  return ExitCode.OK;
}

function readOptions(context: CommandContext): RunOptions {
  const [file] = positionals(context, "run", ["blueprint.json"]);
  const redis = stringOption(context, "redis");
  if (redis !== undefined && !/^rediss?:\/\/[^/]/i.test(redis)) {
    throw new CliError(
      "USAGE",
      `Invalid --redis ${JSON.stringify(redis)}: expected redis://host:port.`,
    );
  }
  return {
    path: resolvePath(context.io.cwd, file!),
    json: context.values.json === true,
    redis,
    concurrency: numberOption(context, "concurrency", { min: 1, max: 1024 }),
    timeout: numberOption(context, "timeout", { min: 1, max: 2147483647 }),
    grace: numberOption(context, "grace", { min: 0, max: 2147483647 }),
    memoryLimitMb: numberOption(context, "memory-limit", { min: 16, max: 1048576 }),
  };
}

async function readBlueprint(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
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
}

/** A run in progress: what its parts share. */
interface Run {
  readonly context: CommandContext;
  readonly options: RunOptions;
  readonly blueprint: ValidBlueprint;
  readonly runId: string;
  readonly records: RunRecords;
  readonly base: Omit<RunSummary, "status" | "nodes">;
  readonly events: EventClient<StoreEvents>;
  readonly emit: <K extends keyof ExecutionEvents>(type: K, data: ExecutionEvents[K]) => void;
  readonly warn: (text: string) => void;
  /** Run in reverse order when the command ends, whatever happened. */
  readonly cleanups: (() => unknown)[];
}

async function execute(
  context: CommandContext,
  options: RunOptions,
  valid: ValidBlueprint,
): Promise<number> {
  const { io } = context;
  const blueprint = createBlueprintStore().getState().add(valid);
  const runId = newRunId();
  const logOption = stringOption(context, "log");
  const logPath = logOption !== undefined
    ? resolvePath(io.cwd, logOption)
    : `${await atomitonHome(io)}/runs/${runId}.events.jsonl`;
  const storage = await openStorage(stringOption(context, "store"), io);
  const cleanups: (() => unknown)[] = [() => storage.client.close()];
  try {
    const log = openEventLog(logPath);
    cleanups.push(() => log.close());
    const records = runRecords(storage, runId);
    const base = {
      runId,
      blueprint: { id: blueprint.id, name: blueprint.name, file: options.path },
      executor: options.redis ? "redis" : `${workers(options, blueprint)} local workers`,
      pid: process.pid,
      host: hostname(),
      started: new Date().toISOString(),
      log: logPath,
    };
    // A record before anything runs: an unreachable store fails the run at once.
    try {
      await records.saveSummary({ ...base, status: "running", nodes: {} });
    } catch (error) {
      log.close();
      await rm(logPath, { force: true });
      throw error;
    }
    const warn = (text: string): void => io.stderr(`${context.style.yellow("warning")}: ${text}\n`);
    const { events, emit } = recordEvents(log, options.json ? io : undefined, warn, cleanups);
    const run: Run = {
      context,
      options,
      blueprint,
      runId,
      records,
      base,
      events,
      emit,
      warn,
      cleanups,
    };
    return await runAndRecord(run);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

/** The run's event client: each event goes to the log, then (with --json) to standard output. */
function recordEvents(
  log: EventLogFile,
  json: Io | undefined,
  warn: (text: string) => void,
  cleanups: (() => unknown)[],
): Pick<Run, "events" | "emit"> {
  const events = new EventClient<StoreEvents>({
    source: "atomiton-run",
    onError: (error, type) => warn(`${type}: ${describeError(error)}`),
  });
  const recorder = new EventRecorder(events, {
    filter: ["execution:*"],
    limit: 0,
    sink: (event: SystemEvent) => {
      // The log line first: once a reader sees an event, the log holds it.
      log.write(event);
      json?.stdout(`${JSON.stringify(event)}\n`);
    },
  });
  cleanups.push(() => recorder.stop());
  const emit = <K extends keyof ExecutionEvents>(type: K, data: ExecutionEvents[K]): void =>
    (events.emit as (type: string, data: unknown) => void)(type, data);
  return { events, emit };
}

function workers(options: RunOptions, blueprint: ValidBlueprint): number {
  return Math.min(options.concurrency ?? cpuCount(), blueprint.nodes.length);
}

/** Runs the graph, records how it ended, prints the summary; throws for a failed or cancelled run. */
async function runAndRecord(run: Run): Promise<number> {
  const { context, options, blueprint, runId, records, emit } = run;
  const { io } = context;
  const executions = createExecutionStore({ concurrency: 1 });
  run.cleanups.push(bindEvents(executions, run.events, { name: "executions" }));
  const grace = options.grace ?? DEFAULT_GRACE_MS;
  const executor: RunExecutor = options.redis
    ? await redisExecutor(options.redis, grace)
    : await localExecutor(workers(options, blueprint), grace, options.memoryLimitMb);
  run.cleanups.push(() => executor.close());
  const command = howToRun(currentInvocation(io));
  const durations = new Map<string, number>();
  const view = showRun(run, executor, durations);
  run.cleanups.push(() => view?.stop());
  const hint = options.redis && !options.json ? redisHint(run, command) : undefined;
  run.cleanups.push(() => clearTimeout(hint));
  // A closed standard output (`| head -1`) cancels the run, as a broken pipe ends a command.
  const closed = io.stdoutClosed;
  const signal = closed ? AbortSignal.any([context.signal, closed]) : context.signal;
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
    baseUrl: pathToFileURL(options.path).href,
    executor,
    concurrency: options.redis
      ? options.concurrency ?? blueprint.nodes.length
      : workers(options, blueprint),
    timeout: options.timeout,
    signal,
    emit,
    onNodeEnd: (nodeId, record) => {
      clearTimeout(hint);
      if (record.ms !== undefined) durations.set(nodeId, record.ms);
    },
    onOutput: (nodeId, output) => records.saveOutput(nodeId, output),
  });
  // Cancelled tasks get their grace to stop before the run is recorded as ended.
  await executor.close();
  const durationMs = Math.round(now() - begin);
  view?.stop();
  for (const message of records.unsaved.values()) run.warn(message);
  const why = closed?.aborted && !context.signal.aborted ? "standard output was closed" : undefined;
  const summary = await finish(run, outcome, durationMs, executor, executions, why);
  if (!options.json) {
    io.stdout(formatSummary(summary, outcome, {
      style: context.style,
      location: records.location,
      storeOption: stringOption(context, "store"),
      command,
    }));
  }
  return exitFor(outcome, summary.error);
}

/** The run's first line and its progress view on standard error (none with --json). */
function showRun(
  run: Run,
  executor: RunExecutor,
  durations: ReadonlyMap<string, number>,
): ProgressView | undefined {
  const { context: { io, style }, blueprint, options } = run;
  if (options.json) return undefined;
  const count = blueprint.nodes.length;
  io.stderr(
    `${style.bold("atomiton run")} ${blueprint.name} ${style.dim(`(${run.runId})`)}: ${count} ` +
      `node${count === 1 ? "" : "s"} on ${executor.description}\n`,
  );
  return showProgress({
    io,
    style,
    events: run.events as unknown as EventClient<ExecutionEvents>,
    nodes: blueprint.nodes,
    durations,
    mode: io.isTTY ? "live" : "plain",
  });
}

function redisHint(run: Run, command: string): ReturnType<typeof setTimeout> {
  return setTimeout(() =>
    run.warn(
      `no node has finished yet: is a worker serving queue "blueprints"? Start one with ` +
        `"${command} worker --redis ${run.options.redis}".`,
    ), 10_000);
}

/** Saves the final summary, then emits the run's last event. */
async function finish(
  run: Run,
  outcome: GraphOutcome,
  durationMs: number,
  executor: RunExecutor,
  executions: ReturnType<typeof createExecutionStore>,
  why: string | undefined,
): Promise<RunSummary> {
  const { runId, emit } = run;
  const error = describeOutcome(outcome, why);
  const job = executions.getState().jobs.get(runId);
  const summary: RunSummary = {
    ...run.base,
    executor: executor.description,
    status: outcome.status,
    finished: new Date().toISOString(),
    durationMs,
    nodes: nodeSummaries(
      run.blueprint.nodes,
      outcome,
      run.records,
      (id) => job?.nodeStates.get(id)?.status,
    ),
    ...(error !== undefined ? { error } : {}),
  };
  await run.records.saveSummary(summary);
  if (outcome.status === "completed") {
    emit("execution:completed", { jobId: runId, result: summary });
  } else if (outcome.status === "failed") {
    emit("execution:failed", { jobId: runId, error: error! });
  } else {
    emit("execution:cancelled", { jobId: runId, reason: error! });
  }
  return summary;
}

function exitFor(outcome: GraphOutcome, error: string | undefined): number {
  if (outcome.status === "cancelled") throw new CliError("INTERRUPTED", `Cancelled: ${error}`);
  if (outcome.failed) {
    const code = (outcome.failed.error as { code?: unknown })?.code;
    // A backend refusing the URL (--redis's password or database) is the configuration, not the node.
    if (code === "MISCONFIGURED" || code === "PERMISSION_DENIED") throw outcome.failed.error;
    throw new CliError(
      code === "REDIS_FAILED" ? "UNAVAILABLE" : "NODE_FAILED",
      `${error}.`,
      { cause: outcome.failed.error },
    );
  }
  return ExitCode.OK;
}
