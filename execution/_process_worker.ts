// A worker in a child `deno` process, for Deno pools with a heap limit: a Deno
// Worker has no heap limit of its own, and one that runs out of memory ends the
// whole process. The child serves the same protocol over an IPC channel.
import { spawn } from "node:child_process";
import { Buffer } from "node:buffer";
import v8 from "node:v8";
import { fileURLToPath } from "node:url";
import { serve } from "./_serve.ts";
import type { SpawnedWorker, SpawnWorkerOptions } from "./worker.ts";

const PERMISSIONS = ["read", "write", "net", "env", "sys", "run", "ffi", "import"] as const;
// Enough of the child's standard error to say why it died.
const KEEP_STDERR = 16_384;

// Messages cross the channel as V8-serialized bytes in base64 (the channel carries JSON).
const CHILD = `import process from "node:process";
import v8 from "node:v8";
import { Buffer } from "node:buffer";
// A worker outlives no parent: a parent that dies (kill -9) closes the channel.
process.on("disconnect", () => process.exit(1));
(${serve})(%URL%, {
  post: (m) => process.send(v8.serialize(m).toString("base64")),
  listen: (h) => process.on("message", (s) => h(v8.deserialize(Buffer.from(s, "base64")))),
  load: (u) => import(u),
});`;

/** The permissions this process has in full, as flags, plus reading the task module. */
function permissionFlags(moduleUrl: string): string[] {
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

/** Why a child ended, from what it wrote to standard error. */
function causeOf(stderr: string, signal: string | null, limit: number): Error {
  if (/out of memory/i.test(stderr)) {
    return new RangeError(`The worker ran out of memory (memoryLimitMb ${limit}).`);
  }
  // deno-lint-ignore no-control-regex -- the child colours its messages
  const text = stderr.replace(/\x1b\[[0-9;]*m/g, "").trim().slice(-2000);
  return new Error(text || `The worker process ended${signal ? ` by ${signal}` : ""}.`);
}

/** Starts a child `deno` process with V8's heap limit that serves the task module. */
export function spawnProcessWorker(
  moduleUrl: string,
  options: SpawnWorkerOptions,
): Promise<SpawnedWorker> {
  const limit = options.memoryLimitMb!;
  const child = spawn(Deno.execPath(), [
    "run",
    "--quiet",
    "--no-prompt",
    `--v8-flags=--max-old-space-size=${limit}`,
    ...permissionFlags(moduleUrl),
    `data:text/javascript,${encodeURIComponent(CHILD.replace("%URL%", JSON.stringify(moduleUrl)))}`,
  ], { stdio: ["ignore", "inherit", "pipe", "ipc"] });
  let ended = false;
  let stderr = "";
  child.stderr!.setEncoding("utf8");
  child.stderr!.on("data", (chunk: string) => {
    Deno.stderr.writeSync(new TextEncoder().encode(chunk));
    stderr = (stderr + chunk).slice(-KEEP_STDERR);
  });
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
    keepAlive: (on) => {
      if (on) child.ref(), child.channel?.ref();
      else child.unref(), child.channel?.unref();
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
