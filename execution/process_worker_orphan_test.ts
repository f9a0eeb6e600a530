/**
 * Worker processes (memoryLimitMb on Deno) outlive no parent: real parents with worker processes
 * started together are SIGKILLed (the parent alone, not its group) at markers the workers write,
 * and every worker must then end by itself. Waits are on markers and pids; the one timeout, a
 * generous safety net, only turns a hang into a failure.
 *
 * @module
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import process from "node:process";
import { waitFor } from "./testdata/wait_for.ts";

const FIXTURES = new URL("./testdata/orphan/", import.meta.url).pathname;
/** Only turns a worker that outlives its parent, or a hung read, into a failure. */
const SAFETY_NET_MS = 60_000;
/** Parents killed per test: the race between two spawns close together shows in some only. */
const ROUNDS = 4;
const linux = Deno.build.os === "linux";

/** Whether `pid` is a live process (a zombie no one has reaped yet is not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!linux) return true;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** The pids of the `<pid>.pid` files the workers wrote in `dir`. */
function pidFiles(dir: string): number[] {
  return [...Deno.readDirSync(dir)].filter((entry) => entry.name.endsWith(".pid"))
    .map((entry) => Number.parseInt(entry.name));
}

/** Waits until none of `pids` is alive; SIGKILLs and names those the safety net finds. */
async function assertAllEnd(pids: readonly number[], what: string): Promise<void> {
  try {
    await waitFor(() => !pids.some(alive), SAFETY_NET_MS);
  } catch {
    const left = pids.filter(alive);
    for (const pid of left) Deno.kill(pid, "SIGKILL");
    assert.fail(`${what}: worker processes ${left} outlived their parent`);
  }
}

/** What a process holds open, as `socket:[inode]`, `pipe:[inode]` or a path (Linux). */
function openFiles(pid: number): Set<string> {
  const files = new Set<string>();
  for (const entry of Deno.readDirSync(`/proc/${pid}/fd`)) {
    try {
      files.add(Deno.readLinkSync(`/proc/${pid}/fd/${entry.name}`));
    } catch {
      // Closed while we looked.
    }
  }
  return files;
}

/** No worker holds a socket another holds (a sibling's channel), nor the parent's stdout. */
function assertOwnChannels(parent: number, workers: readonly number[], what: string): void {
  const stdout = Deno.readLinkSync(`/proc/${parent}/fd/1`);
  const seen = new Map<string, number>();
  for (const pid of workers) {
    const files = openFiles(pid);
    assert.ok(!files.has(stdout), `${what}: worker ${pid} holds the parent's stdout ${stdout}`);
    for (const file of files) {
      if (!file.startsWith("socket:")) continue;
      assert.ok(!seen.has(file), `${what}: workers ${seen.get(file)} and ${pid} share ${file}`);
      seen.set(file, pid);
    }
  }
}

/** `promise`, or a failure saying `what` once the safety net runs out. */
async function withinSafetyNet<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const net = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} (${SAFETY_NET_MS} ms)`)), SAFETY_NET_MS);
  });
  try {
    return await Promise.race([promise, net]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads `reader` to its end, and returns what it read; fails if the safety net runs out first. */
function readToEnd(reader: ReadableStreamDefaultReader<string>, what: string): Promise<string> {
  const read = async (): Promise<string> => {
    let text = "";
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
      text += chunk.value;
    }
    return text;
  };
  return withinSafetyNet(read(), `${what}: no EOF on the parent's stdout`);
}

/** A started parent: the process, its stdout being read, its workers' pids. */
interface Parent {
  readonly parent: Deno.ChildProcess;
  readonly reader: ReadableStreamDefaultReader<string>;
  readonly pids: readonly number[];
}

/** Starts `parent.ts <workers> <task>` and reads its stdout until it says "ready" (and `also`). */
async function startParent(
  scratch: Scratch,
  workers: number,
  task: string,
  also: (text: string) => boolean = () => true,
): Promise<Parent> {
  const { dir } = scratch;
  const parent = scratch.start(`${FIXTURES}parent.ts`, [String(workers), task], "piped");
  const reader = parent.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("ready\n") || !also(text)) {
    const { value, done } = await reader.read();
    assert.ok(!done, `the parent ended before it was ready: ${text}`);
    text += value;
  }
  const pids = pidFiles(dir);
  assert.equal(pids.length, workers, `one pid file per worker: ${pids}`);
  assert.ok(!pids.includes(parent.pid), "each worker is a process of its own");
  return { parent, reader, pids };
}

/** A test's folder, and the parents it starts there. */
interface Scratch {
  readonly dir: string;
  /** Starts `deno run -A <fixture> ...args` with $ORPHAN_DIR set to the folder. */
  start(fixture: string, args: string[], stdout: "piped" | "null"): Deno.ChildProcess;
}

/** Runs `test` in a new folder; what it started and left running is SIGKILLed after it. */
async function withScratch(test: (scratch: Scratch) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "orphan-" });
  const started: Deno.ChildProcess[] = [];
  const start = (fixture: string, args: string[], stdout: "piped" | "null") => {
    const child = new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--quiet", fixture, ...args],
      env: { ORPHAN_DIR: dir },
      stdout,
      stderr: "inherit",
    }).spawn();
    started.push(child);
    return child;
  };
  try {
    await test({ dir, start });
  } finally {
    for (const child of started) {
      try {
        child.kill("SIGKILL");
      } catch {
        // It has ended.
      }
      await child.status;
    }
    for (const pid of pidFiles(dir).filter(alive)) Deno.kill(pid, "SIGKILL");
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test({
  name: "spawnWorker() with memoryLimitMb on Deno: a parent SIGKILLed with two worker " +
    "processes started together, and their messages unread, leaves no worker alive",
  fn: async () => {
    for (let round = 1; round <= ROUNDS; round++) {
      await withScratch(async (scratch) => {
        const { dir } = scratch;
        const what = `round ${round}`;
        const { parent, reader, pids } = await startParent(scratch, 2, "unread");
        // Each worker has sent a message the parent never reads: at the kill the channel fails
        // with ECONNRESET rather than ending, and Deno then emits no "disconnect".
        await waitFor(() => pids.every((pid) => pidFiles(dir).includes(pid)), SAFETY_NET_MS);
        await waitFor(
          () =>
            pids.every((pid) => [...Deno.readDirSync(dir)].some((e) => e.name === `${pid}.sent`)),
          SAFETY_NET_MS,
        );
        if (linux) assertOwnChannels(parent.pid, pids, what);
        assert.ok(pids.every(alive), `${what}: the workers run before the kill`);
        parent.kill("SIGKILL");
        await parent.status;
        await readToEnd(reader, what);
        await assertAllEnd(pids, what);
      });
    }
  },
});

Deno.test({
  name: "spawnWorker() with memoryLimitMb on Deno: a reader of the parent's stdout sees its " +
    "end once the parent is SIGKILLed, even while a worker that cannot run lives on",
  fn: () =>
    withScratch(async (scratch) => {
      // What the worker prints reaches the parent's stdout through the parent.
      const said = (text: string) => /^worker \d+ stuck$/m.test(text);
      const { parent, reader, pids } = await startParent(scratch, 1, "stuck", said);
      parent.kill("SIGKILL");
      await parent.status;
      await readToEnd(reader, "stuck worker");
      // Its thread is blocked for good: it notices nothing, so the end of output was not its.
      assert.ok(alive(pids[0]!), "the blocked worker was still alive at the parent's EOF");
    }),
});

Deno.test({
  name: "spawnWorker() with memoryLimitMb on Deno: idle worker processes let their parent " +
    "end by itself, and end with it",
  fn: () =>
    withScratch(async ({ dir, start }) => {
      const parent = start(`${FIXTURES}idle_parent.ts`, [], "null");
      const status = await withinSafetyNet(parent.status, "idle workers kept their parent alive");
      const pids = pidFiles(dir);
      assert.equal(status.code, 0);
      assert.equal(pids.length, 2, `two workers started: ${pids}`);
      await assertAllEnd(pids, "idle workers");
    }),
});
