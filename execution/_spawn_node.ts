import { spawn } from "node:child_process";
import type { ExitStatus, Spawned, SpawnRequest } from "./_spawn.ts";

/** Starts a child with `node:child_process`. */
export function spawnNode(request: SpawnRequest): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(request.command, [...request.args], {
      cwd: request.cwd,
      // Deno.Command adds `env` to the parent's environment; do the same.
      env: request.env ? { ...process.env, ...request.env } : undefined,
      stdio: [request.stdin ? "pipe" : "ignore", "pipe", "pipe"],
    });
    // A write to a child that has exited fails with EPIPE; the write's promise reports it.
    child.stdin?.on("error", () => {});
    const status = new Promise<ExitStatus>((done) => {
      child.once("exit", (code, signal) => done({ exitCode: code, signal }));
    });
    child.once("error", reject);
    child.once("spawn", () => {
      child.off("error", reject);
      resolve({
        pid: child.pid!,
        stdout: child.stdout!,
        stderr: child.stderr!,
        status,
        write: (data) =>
          new Promise((written, failed) =>
            child.stdin!.write(data, (error) => error ? failed(error) : written())
          ),
        closeInput: () => new Promise((closed) => child.stdin!.end(closed)),
        kill: (signal) => void child.kill(signal as NodeJS.Signals),
      });
    });
  });
}
