// A worker in a child `deno` process, for Deno pools with a heap limit or with
// permissions: a Deno Worker has no heap limit of its own (one that runs out of
// memory ends the whole process), and its `deno.permissions` option needs the
// `--unstable-worker-options` flag (Deno 2.9). The child serves the same
// protocol over an IPC channel.
import { spawn } from "node:child_process";
import { Buffer } from "node:buffer";
import v8 from "node:v8";
import { fileURLToPath } from "node:url";
import type { Socket } from "node:net";
import type { Readable } from "node:stream";
import { serve } from "./_serve.ts";
import type { SpawnedWorker, SpawnWorkerOptions, WorkerPermissions } from "./worker.ts";

const PERMISSIONS = ["read", "write", "net", "env", "sys", "run", "ffi", "import"] as const;
// Enough of the child's standard error to say why it died.
const KEEP_STDERR = 16_384;

// How often a worker checks that its parent is still there.
const PARENT_CHECK_MS = 500;

// Messages cross the channel as V8-serialized bytes in base64 (the channel carries JSON).
const CHILD = `import process from "node:process";
import v8 from "node:v8";
import { Buffer } from "node:buffer";
// A worker outlives no parent. A closed channel says so, but Deno drops a read that fails (the
// parent died with messages unread: ECONNRESET) without "disconnect": its pid is watched too.
process.on("disconnect", () => process.exit(1));
Deno.unrefTimer(setInterval(() => process.ppid === %PARENT% || process.exit(1), %CHECK_MS%));
(${serve})(%URL%, {
  post: (m) => process.send(v8.serialize(m).toString("base64")),
  listen: (h) => process.on("message", (s) => h(v8.deserialize(Buffer.from(s, "base64")))),
  load: (u) => import(u),
});`;

/** The child's source: serves `moduleUrl`, ends when this process does. */
function childSource(moduleUrl: string): string {
  return CHILD.replace("%PARENT%", String(Deno.pid)).replace("%CHECK_MS%", String(PARENT_CHECK_MS))
    .replace("%URL%", JSON.stringify(moduleUrl));
}

/**
 * A sandbox's flags: exactly the granted `--allow-*` lists, reading the task module
 * if it is a file, and `--deny-*` for the rest. The denials matter: Deno's
 * `child_process` adds `-A` to a `deno run` that names no permission, and an empty
 * `--allow-*=` list would grant everything. No module comes from the network or
 * npm: Deno lets any program import from npm and some hosts (esm.sh, jsr.io, ...)
 * without a permission, a way out for data.
 */
function sandboxFlags(moduleUrl: string, granted: WorkerPermissions): string[] {
  const read = [...granted.read ?? []];
  if (moduleUrl.startsWith("file:")) read.push(fileURLToPath(moduleUrl));
  const lists = { read, write: granted.write, net: granted.net, env: granted.env };
  const flags = [
    "--no-config",
    "--no-remote",
    "--no-npm",
    "--deny-run",
    "--deny-ffi",
    "--deny-sys",
  ];
  for (const [kind, list] of Object.entries(lists)) {
    flags.push(list?.length ? `--allow-${kind}=${list.join(",")}` : `--deny-${kind}`);
  }
  return flags;
}

/** The permissions this process has in full, as flags, plus reading the task module. */
function permissionFlags(moduleUrl: string, permissions: WorkerPermissions | undefined): string[] {
  if (permissions !== undefined) return sandboxFlags(moduleUrl, permissions);
  const flags: string[] = [];
  for (const name of PERMISSIONS) {
    try {
      if (Deno.permissions.querySync({ name }).state === "granted") flags.push(`--allow-${name}`);
    } catch {
      // A permission this Deno does not know.
    }
  }
  if (!flags.includes("--allow-read") && moduleUrl.startsWith("file:")) {
    flags.push(`--allow-read=${fileURLToPath(moduleUrl)}`);
  }
  return flags;
}

/**
 * Copies a child's output to this process's own stream. The child writes to a pipe only this
 * process holds, so a reader of this process's output sees its end when this process ends.
 */
function forward(from: Readable, to: typeof Deno.stdout, keep?: (text: string) => void): void {
  const decoder = new TextDecoder();
  from.on("data", (chunk: Uint8Array) => {
    try {
      for (let at = 0; at < chunk.length;) at += to.writeSync(chunk.subarray(at));
    } catch {
      // Nobody reads this process's output any more: the child's is dropped with it.
    }
    keep?.(decoder.decode(chunk, { stream: true }));
  });
}

/** Why a child ended, from what it wrote to standard error. */
function causeOf(stderr: string, signal: string | null, limit: number | undefined): Error {
  if (/out of memory/i.test(stderr)) {
    return new RangeError(`The worker ran out of memory (memoryLimitMb ${limit}).`);
  }
  // deno-lint-ignore no-control-regex -- the child colours its messages
  const text = stderr.replace(/\x1b\[[0-9;]*m/g, "").trim().slice(-2000);
  return new Error(text || `The worker process ended${signal ? ` by ${signal}` : ""}.`);
}

/** Starts a child `deno` process (V8's heap limit, permissions) that serves the task module. */
export function spawnProcessWorker(
  moduleUrl: string,
  options: SpawnWorkerOptions,
): Promise<SpawnedWorker> {
  const limit = options.memoryLimitMb;
  const child = spawn(Deno.execPath(), [
    "run",
    "--quiet",
    "--no-prompt",
    ...(limit === undefined ? [] : [`--v8-flags=--max-old-space-size=${limit}`]),
    ...permissionFlags(moduleUrl, options.permissions),
    `data:text/javascript,${encodeURIComponent(childSource(moduleUrl))}`,
  ], { stdio: ["ignore", "pipe", "pipe", "ipc"] });
  let ended = false;
  let stderr = "";
  forward(child.stdout!, Deno.stdout);
  forward(child.stderr!, Deno.stderr, (text) => stderr = (stderr + text).slice(-KEEP_STDERR));
  const stderrClosed = new Promise((resolve) => child.stderr!.once("close", resolve));
  child.on("message", (data: string) => {
    if (!ended) options.onMessage(v8.deserialize(Buffer.from(data, "base64")));
  });
  const exited = new Promise<void>((resolve) => {
    child.once("exit", (code, signal) => {
      resolve();
      if (ended) return;
      ended = true;
      // The rest of standard error says why the child died.
      void stderrClosed.then(() =>
        options.onExit(code ?? undefined, causeOf(stderr, signal, limit))
      );
    });
  });
  const worker: SpawnedWorker = {
    // Throws at once for what cannot be cloned, as postMessage does; transfers are copies.
    post: (message) => void child.send(v8.serialize(message).toString("base64")),
    // The output pipes too: a read on either keeps this process alive.
    keepAlive: (on) => {
      // Piped stdio is a net.Socket (in Node.js and in Deno), though typed as a Readable.
      const pipes = [child.stdout, child.stderr] as (Socket | null)[];
      for (const handle of [child, child.channel, ...pipes]) {
        if (on) handle?.ref();
        else handle?.unref();
      }
    },
    terminate: () => {
      ended = true;
      child.kill("SIGKILL");
      return exited;
    },
  };
  return new Promise((resolve, reject) => {
    child.once("spawn", () => resolve(worker));
    // Before the start: the runtime could not start it; after: a send to a child that died.
    child.on("error", (error) => {
      if (!ended && child.pid === undefined) reject(error);
    });
  });
}
