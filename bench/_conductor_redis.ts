// deno-lint-ignore-file no-console
/**
 * A throwaway `redis-server` for the conductor benchmark, started the same way on
 * Deno and on Node (through `node:` modules: `scripts/testing/redis.ts` is Deno
 * only, and the benchmark also runs as a Node bundle): a free loopback port, no
 * persistence, a temporary folder, stopped at the end.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running server: its URL, and how to stop it. */
export interface BenchRedis {
  readonly url: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("error", () => resolve(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(String(data).startsWith("+PONG"));
    });
  });
}

/**
 * Starts `redis-server` (from PATH or /usr/bin), or returns `undefined` with the reason
 * printed when there is none.
 *
 * @returns The server, or `undefined`.
 */
export async function startBenchRedis(): Promise<BenchRedis | undefined> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "atomiton-bench-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", ""];
  const child = spawn("redis-server", [...args, "--appendonly", "no"], { stdio: "ignore" });
  let exited = false;
  const gone = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  }).then(() => void (exited = true));
  // Waits however long a loaded machine needs; only a server that exited ends the wait.
  while (!(await ping(port))) {
    if (exited) {
      rmSync(dir, { recursive: true, force: true });
      console.log("redis-server could not start: the Redis cases are skipped");
      return undefined;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child.kill("SIGKILL");
      await gone;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
