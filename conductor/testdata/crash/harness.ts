/**
 * Drives the crash-and-resume test's orchestrator (orchestrator.ts) as a real
 * process group on Deno or Node.js: starts it under `setsid`, kills the whole
 * group with SIGKILL at a marker (the k-th event it prints, the k-th line its
 * tasks append), waits until nothing of the group is left, and reads what the
 * run left in storage and in the tasks' counts file.
 *
 * @module
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { getRun, type RunRecord } from "@atomiton/conductor";
import { FileSystemClient } from "@atomiton/storage/fs";
import { bundleEntry } from "../../../scripts/testing/bundle.ts";
import type { Job } from "./orchestrator.ts";

/** The runtimes the orchestrator runs on. */
export const RUNTIMES = ["deno", "node"] as const;
/** One of {@linkcode RUNTIMES}. */
export type Runtime = (typeof RUNTIMES)[number];

const ORCHESTRATOR = new URL("./orchestrator.ts", import.meta.url).pathname;
const ROOT = new URL("../../../", import.meta.url).pathname;
/** Only turns a hung orchestrator into a failure; never decides a healthy outcome. */
const SAFETY_NET_MS = 180_000;
/** Only turns a worker process that outlives its orchestrator into a failure. */
const ORPHAN_NET_MS = 60_000;

let nodeBundle: Promise<string> | undefined;

// Under the repository's .tmp/ so Node finds the npm packages left external in its node_modules.
async function bundleForNode(): Promise<string> {
  const dir = `${ROOT}.tmp/conductor-crash-${Deno.pid}`;
  const outfile = await bundleEntry(ORCHESTRATOR, { platform: "node", outfile: `${dir}/orch.mjs` });
  globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
  return outfile;
}

async function command(runtime: Runtime): Promise<string[]> {
  if (runtime === "deno") return [Deno.execPath(), "run", "-A", "--quiet", ORCHESTRATOR];
  return ["node", await (nodeBundle ??= bundleForNode())];
}

/**
 * A kill the test does from outside: at the k-th event printed, or the k-th new line of `log`;
 * the whole process group, or with `leaderOnly` the orchestrator alone (its worker processes
 * must then end by themselves).
 */
export type ExternalKill =
  & ({ readonly at: "event"; readonly k: number } | {
    readonly at: "line";
    readonly k: number;
    readonly log: string;
  })
  & { readonly leaderOnly?: boolean };

/** How one orchestrator process ended. */
export interface Round {
  /** Whether SIGKILL ended it (the test's or its own). */
  readonly killed: boolean;
  readonly code: number;
  /** Every JSON line it printed: `{ pid }`, events, then `{ result }` or `{ refused }`. */
  readonly lines: readonly Record<string, unknown>[];
  readonly stderr: string;
}

/** The counts file's lines: `<node id> <element index or ->`, one per task execution. */
export function readCounts(log: string): string[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8").split("\n").filter((line) => line !== "");
}

/** The process group (`setsid` made the orchestrator its leader) of the process `pid`. */
function groupOf(pid: number): number | undefined {
  try {
    // Fields after the command name (which may hold spaces): state, ppid, pgrp.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  } catch {
    return undefined;
  }
}

/** Live (not zombie) processes whose process group is `group`. */
function liveMembers(group: number): number[] {
  const members = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === group && state !== "Z") members.push(Number(name));
    } catch {
      // It ended while we looked.
    }
  }
  return members;
}

/**
 * Waits until no process of the group is left (worker processes end with their orchestrator);
 * returns those still alive when the safety net runs out.
 */
async function waitGroupGone(group: number, safetyNet: number): Promise<number[]> {
  const until = Date.now() + safetyNet;
  for (let left = liveMembers(group); left.length > 0; left = liveMembers(group)) {
    if (Date.now() > until) return left;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return [];
}

async function* jsonLines(
  stream: ReadableStream<Uint8Array>,
): AsyncGenerator<Record<string, unknown>> {
  let rest = "";
  for await (const text of stream.pipeThrough(new TextDecoderStream())) {
    const parts = (rest + text).split("\n");
    rest = parts.pop()!;
    for (const part of parts) yield JSON.parse(part);
  }
}

/**
 * Runs the orchestrator once with `job`; with `external`, SIGKILLs its process
 * group at that marker (unless it ended first). Resolves once the group is gone.
 */
export async function runRound(
  runtime: Runtime,
  job: Job,
  external?: ExternalKill,
): Promise<Round> {
  const [program, ...args] = await command(runtime);
  const child = new Deno.Command("setsid", {
    args: [program!, ...args, JSON.stringify(job)],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let sent = false;
  let hung = false;
  const kill = (): void => {
    if (sent) return;
    sent = true;
    try {
      Deno.kill(external?.leaderOnly && !hung ? child.pid : -child.pid, "SIGKILL");
    } catch {
      // It ended on its own just now.
    }
  };
  const net = setTimeout(() => {
    hung = true;
    kill();
  }, SAFETY_NET_MS);
  const lines: Record<string, unknown>[] = [];
  let group: number | undefined;
  const reading = (async () => {
    let events = 0;
    for await (const line of jsonLines(child.stdout)) {
      lines.push(line);
      if (lines.length === 1) group = groupOf(child.pid);
      if (typeof line.type === "string" && ++events === external?.k && external.at === "event") {
        kill();
      }
    }
  })();
  const stderr = new Response(child.stderr).text();
  const watching = external?.at === "line"
    ? watchCounts(external.log, external.k, kill, child.status)
    : Promise.resolve();
  const status = await child.status;
  clearTimeout(net);
  await watching;
  const orphans = await waitGroupGone(child.pid, ORPHAN_NET_MS);
  // An orphan holds the output pipes open: it is ended, so that the test can report it.
  if (orphans.length > 0) Deno.kill(-child.pid, "SIGKILL");
  await Promise.all([reading, waitGroupGone(child.pid, SAFETY_NET_MS)]);
  assert.deepEqual(
    orphans,
    [],
    `processes of the orchestrator's group (its workers) outlived it by ${ORPHAN_NET_MS} ms: ` +
      `${JSON.stringify(lines.slice(-3))}`,
  );
  assert.ok(!hung, `the orchestrator hung: ${JSON.stringify(lines.slice(-5))}\n${await stderr}`);
  const printed = lines[0]?.pid;
  assert.equal(printed, child.pid, `setsid ran the orchestrator as itself: ${await stderr}`);
  // Read while it ran (undefined when it was already reaped): its own group, not the test's.
  assert.ok(group === undefined || group === child.pid, `its process group is ${group}`);
  const killed = status.signal === "SIGKILL";
  return { killed, code: status.code, lines, stderr: await stderr };
}

// Polls the counts file until `k` lines more than at the start, then kills; stops at the exit.
async function watchCounts(
  log: string,
  k: number,
  kill: () => void,
  exited: Promise<unknown>,
): Promise<void> {
  const base = readCounts(log).length;
  let done = false;
  void exited.then(() => done = true);
  while (!done) {
    if (readCounts(log).length >= base + k) return kill();
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** What the storage and the counts file held right after a kill, before anything resumed. */
export interface Snapshot {
  /** Lines in the counts file then. */
  readonly counts: number;
  readonly record: RunRecord | undefined;
  /** Node ids recorded settled for good, and `<node id> <index>` of each finished element. */
  readonly completed: ReadonlySet<string>;
}

/** Reads the run's record (getRun) and each mapped node's finished elements (`run-items/`). */
export async function snapshot(
  directory: string,
  runId: string,
  log: string,
  mapped: readonly string[],
): Promise<Snapshot> {
  const counts = readCounts(log).length;
  await using storage = new FileSystemClient({ directory });
  const record = await getRun(storage, runId);
  const completed = new Set<string>();
  for (const node of record?.nodes ?? []) {
    // Settled for good: completed, or failed with its output kept (`onError: "continue"`).
    const settled = node.status === "completed" || (node.status === "failed" && "output" in node);
    if (settled) completed.add(node.nodeId);
  }
  for (const nodeId of mapped) {
    const prefix = `run-items/${runId}/${encodeURIComponent(nodeId)}/`;
    for (const key of await storage.keys(prefix)) {
      completed.add(`${nodeId} ${key.slice(prefix.length)}`);
    }
  }
  return { counts, record, completed };
}

/** A seeded pseudo-random source in [0, 1) (mulberry32), so a failing sequence of kills reproduces. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6D2B79F5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
