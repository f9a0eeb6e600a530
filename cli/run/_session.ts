import { rm } from "node:fs/promises";
import { hostname } from "node:os";
import process from "node:process";
import {
  type BlueprintRun,
  getRun,
  newRunId,
  resumeRun,
  runBlueprint,
  type RunRecord,
  type RunResult,
  type ValidBlueprint,
} from "@atomiton/conductor";
import { EventClient, type SystemEvent } from "@atomiton/events";
import { EventRecorder } from "@atomiton/events/recorder";
import { now } from "@atomiton/platform/metrics";
import type { ExecutionEvents } from "@atomiton/store/events";
import type { CommandContext } from "../_common/command.ts";
import { currentInvocation, howToRun } from "../_common/invocation.ts";
import {
  atomitonHome,
  type OpenedStorage,
  openStorage,
  resolvePath,
} from "../_common/open_storage.ts";
import { type ProgressView, showProgress } from "../_common/progress.ts";
import { CliError } from "../cli_error.ts";
import { asCliError, flatNodes } from "./_blueprint.ts";
import { cpuCount, openExecutor, type WatchedExecutor } from "./_executor.ts";
import { type EventLogFile, openEventLog } from "./_log.ts";
import type { RunOptions } from "./_options.ts";
import { exitFor, formatSummary } from "./_summary.ts";

/** What a run of the command holds open; closed in reverse order whatever happens. */
interface Session {
  readonly context: CommandContext;
  readonly options: RunOptions;
  readonly runId: string;
  readonly storage: OpenedStorage;
  readonly log: EventLogFile;
  readonly cleanups: (() => unknown)[];
}

/**
 * Runs `blueprint` (or resumes `--resume RUN_ID`) through the conductor with the
 * command's storage, executor, event log and progress view; prints the summary.
 */
export async function runSession(
  context: CommandContext,
  options: RunOptions,
  blueprint: ValidBlueprint | undefined,
): Promise<number> {
  const runId = options.resume ?? newRunId();
  const storage = await openStorage(options.store, context.io);
  const cleanups: (() => unknown)[] = [() => storage.client.close()];
  try {
    const logPath = options.log !== undefined
      ? resolvePath(context.io.cwd, options.log)
      : `${await atomitonHome(context.io)}/runs/${runId}${
        options.resume ? `.resumed-${Date.now()}` : ""
      }.events.jsonl`;
    const log = openEventLog(logPath);
    cleanups.push(() => log.close());
    const session: Session = { context, options, runId, storage, log, cleanups };
    const nodes = blueprint ?? (await storedRun(session)).blueprint;
    return await execute(session, nodes);
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }
}

async function storedRun(session: Session): Promise<RunRecord> {
  const record = await getRun(session.storage.client, session.runId);
  if (record) return record;
  await discardLog(session);
  throw asCliError({
    code: "RUN_NOT_FOUND",
    message: `No run "${session.runId}" in ${session.storage.location}: ` +
      `"atomiton runs ls" lists the runs there (give --store where it ran).`,
  });
}

/** Starts the run, shows it, waits for it, prints its summary; the exit code says how it ended. */
async function execute(session: Session, blueprint: ValidBlueprint): Promise<number> {
  const { context, options, cleanups } = session;
  const events = recordEvents(session);
  const local = Math.min(options.concurrency ?? cpuCount(), 1024);
  const executor = await openExecutor({ ...options, workers: local });
  cleanups.push(() => executor.close());
  const view = showRun(session, blueprint, executor, events);
  if (options.redis && !options.json) waitForWorkers(session, executor);
  // A closed standard output (`| head -1`) cancels the run, as a broken pipe ends a command.
  const closed = context.io.stdoutClosed;
  const signal = closed ? AbortSignal.any([context.signal, closed]) : context.signal;
  const concurrency = options.concurrency ?? (options.redis ? 1024 : local);
  const begin = now();
  const run = start(session, blueprint, { executor, events, signal, concurrency });
  const result = await settle(session, run);
  const durationMs = now() - begin;
  // Cancelled tasks get their grace to stop before the summary is printed.
  await executor.close();
  view?.stop();
  const why = closed?.aborted && !context.signal.aborted ? "standard output was closed" : undefined;
  return await finish(session, result, executor, { why, durationMs });
}

/** The run's first line and its progress view on standard error (none with --json). */
function showRun(
  session: Session,
  blueprint: ValidBlueprint,
  executor: WatchedExecutor,
  events: EventClient<ExecutionEvents>,
): ProgressView | undefined {
  const { context: { io, style }, options, cleanups } = session;
  if (options.json) return undefined;
  const nodes = flatNodes(blueprint);
  io.stderr(
    `${style.bold("atomiton run")} ${blueprint.name} ${style.dim(`(${session.runId})`)}: ` +
      `${nodes.length} node${nodes.length === 1 ? "" : "s"} on ${executor.description}\n`,
  );
  const view = showProgress({
    io,
    style,
    events,
    nodes,
    durations: executor.durations,
    mode: io.isTTY ? "live" : "plain",
  });
  cleanups.push(() => view.stop());
  return view;
}

/** Warns about outputs storage refused, prints the summary, and returns the exit code. */
async function finish(
  session: Session,
  result: RunResult,
  executor: WatchedExecutor,
  { why, durationMs }: { why: string | undefined; durationMs: number },
): Promise<number> {
  const { context: { io, style }, options } = session;
  const record = await getRun(session.storage.client, session.runId);
  for (const node of record?.nodes ?? []) {
    if (node.unsaved) warn(session, `node "${node.nodeId}": ${node.unsaved}`);
  }
  if (!options.json) {
    io.stdout(formatSummary(result, record, executor.durations, {
      style,
      location: session.storage.location,
      storeOption: options.store,
      command: howToRun(currentInvocation(io)),
      log: session.log.path,
      runId: session.runId,
      name: record?.blueprint.name ?? session.runId,
      durationMs,
    }));
  }
  return exitFor(result, executor.errors, why);
}

/** Hands the run to the conductor: a new one, or `--resume` of a stored one. */
function start(
  session: Session,
  blueprint: ValidBlueprint,
  { executor, events, signal, concurrency }: {
    executor: WatchedExecutor;
    events: EventClient<ExecutionEvents>;
    signal: AbortSignal;
    concurrency: number;
  },
): BlueprintRun {
  const { options } = session;
  const shared = {
    storage: session.storage.client,
    executor,
    events,
    signal,
    concurrency,
    timeout: options.timeout,
    runId: session.runId,
    metadata: {
      ...(options.path === undefined ? {} : { file: options.path }),
      pid: process.pid,
      host: hostname(),
      log: session.log.path,
      executor: executor.description,
    },
  };
  return options.resume === undefined
    ? runBlueprint(blueprint, shared)
    : resumeRun(options.resume, { ...shared, from: options.from });
}

/** The run's result; a run that could not start leaves no log behind and says why. */
async function settle(session: Session, run: BlueprintRun): Promise<RunResult> {
  try {
    return await run.result;
  } catch (error) {
    await discardLog(session);
    const { code, message } = error as { code?: unknown; message?: unknown };
    if (code !== "UNAVAILABLE") throw asCliError(error);
    throw new CliError(
      "UNAVAILABLE",
      `Cannot record run ${session.runId} in ${session.storage.location}: ${message}`,
      { cause: error },
    );
  }
}

async function discardLog(session: Session): Promise<void> {
  session.log.close();
  await rm(session.log.path, { force: true });
}

/** The run's event client: each event goes to the log, then (with --json) to standard output. */
function recordEvents(session: Session): EventClient<ExecutionEvents> {
  const { log, options, context: { io } } = session;
  const events = new EventClient<ExecutionEvents>({
    source: "atomiton-run",
    onError: (error, type) => warn(session, `${type}: ${(error as Error)?.message ?? error}`),
  });
  let first = true;
  const recorder = new EventRecorder(events, {
    filter: ["execution:*"],
    limit: 0,
    sink: (event: SystemEvent) => {
      // The first line names the run, so `--json | head -1` tells which run to resume or show.
      const line = first ? { ...event, runId: session.runId } : event;
      first = false;
      // The log line first: once a reader sees an event, the log holds it.
      log.write(line as SystemEvent);
      if (options.json) io.stdout(`${JSON.stringify(line)}\n`);
    },
  });
  session.cleanups.push(() => recorder.stop());
  return events;
}

function warn(session: Session, text: string): void {
  session.context.io.stderr(`${session.context.style.yellow("warning")}: ${text}\n`);
}

/** With --redis, says how to start a worker when no node has finished after 10 s. */
function waitForWorkers(session: Session, executor: WatchedExecutor): void {
  const command = howToRun(currentInvocation(session.context.io));
  const hint = setTimeout(() =>
    warn(
      session,
      `no node has finished yet: is a worker serving queue "blueprints"? Start one with ` +
        `"${command} worker --redis ${session.options.redis}".`,
    ), 10_000);
  executor.onSettled = () => clearTimeout(hint);
  session.cleanups.push(() => clearTimeout(hint));
}
